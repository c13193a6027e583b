import { describe, expect, it } from "vitest";
import { fixItemCreateBody, fixItemCreateSchema, fixItemListQuerySchema, fixItemPatchSchema, isOverdue, isRealDate } from "./fix-items";

const valid = { category: "tool_error", reason: "ticketing API timeout", owner: "Dana@Keel.local", dueDate: "2026-12-01" };
const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.error?.issues.map((i) => i.path.join(".")) ?? [];

describe("fix item schemas", () => {
  it("accepts a valid item and normalises the owner's email", () => {
    const r = fixItemCreateSchema.safeParse(valid);
    expect(r.success).toBe(true);
    expect(r.data?.owner).toBe("dana@keel.local");
  });

  it("knows real calendar dates", () => {
    expect(isRealDate("2026-02-28")).toBe(true);
    expect(isRealDate("2028-02-29")).toBe(true);
    expect(isRealDate("2026-02-29")).toBe(false);
    expect(isRealDate("2026-02-30")).toBe(false);
    expect(isRealDate("2026-13-01")).toBe(false);
    expect(isRealDate("2026-1-01")).toBe(false);
  });

  it("names the field of each mistake", () => {
    expect(paths(fixItemCreateSchema.safeParse({ ...valid, dueDate: "2026-02-30" }))).toEqual(["dueDate"]);
    expect(paths(fixItemCreateSchema.safeParse({ ...valid, dueDate: "01/12/2026" }))).toEqual(["dueDate"]);
    expect(paths(fixItemCreateSchema.safeParse({ ...valid, owner: "dana" }))).toEqual(["owner"]);
    expect(paths(fixItemCreateSchema.safeParse({ ...valid, category: "network" }))).toEqual(["category"]);
    expect(paths(fixItemCreateSchema.safeParse({ ...valid, reason: "" }))).toEqual(["reason"]);
    expect(paths(fixItemCreateSchema.safeParse({ ...valid, reason: "x".repeat(201) }))).toEqual(["reason"]);
    expect(paths(fixItemCreateSchema.safeParse({ ...valid, status: "done" }))).toEqual(["status"]);
    expect(paths(fixItemPatchSchema.safeParse({}))).toEqual([""]);
    expect(paths(fixItemPatchSchema.safeParse({ dueDate: "2026-04-31" }))).toEqual(["dueDate"]);
  });

  it("parses list filters", () => {
    expect(fixItemListQuerySchema.parse({ overdue: "true", status: "open" })).toEqual({ overdue: true, status: "open" });
    expect(fixItemListQuerySchema.safeParse({ overdue: "yes" }).success).toBe(false);
  });

  it("overdue = due before today (UTC) and still open or in progress", () => {
    const now = new Date("2026-11-25T00:30:00Z");
    expect(isOverdue({ dueDate: "2026-11-24", status: "open" }, now)).toBe(true);
    expect(isOverdue({ dueDate: "2026-11-24", status: "in_progress" }, now)).toBe(true);
    expect(isOverdue({ dueDate: "2026-11-25", status: "open" }, now)).toBe(false);
    expect(isOverdue({ dueDate: "2026-11-24", status: "fixed" }, now)).toBe(false);
    expect(isOverdue({ dueDate: "2026-11-24", status: "wont_fix" }, now)).toBe(false);
  });
});

describe("fixItemCreateBody", () => {
  // A weekly review row, as the editor receives it: the strict create schema refuses its extra keys.
  const reviewRow = { category: "tool_error" as const, reason: "payments gateway 502", count: 12, previousCount: 9, share: 0.1, fixItem: null };

  it("builds exactly the contract's fields from a review row, so the strict schema accepts it", () => {
    expect(fixItemCreateSchema.safeParse({ ...reviewRow, owner: "dana@keel.local", dueDate: "2026-12-01" }).success).toBe(false);
    const body = fixItemCreateBody(reviewRow, { owner: "dana@keel.local", dueDate: "2026-12-01", status: "open", notes: "  " });
    expect(body).toEqual({ category: "tool_error", reason: "payments gateway 502", owner: "dana@keel.local", dueDate: "2026-12-01", status: "open" });
    expect(fixItemCreateSchema.safeParse(body).success).toBe(true);
  });

  it("keeps non-empty notes and leaves out an absent status", () => {
    expect(fixItemCreateBody(reviewRow, { owner: "a@b.c", dueDate: "2026-12-01", notes: "RCA" })).toEqual({
      category: "tool_error",
      reason: "payments gateway 502",
      owner: "a@b.c",
      dueDate: "2026-12-01",
      notes: "RCA",
    });
  });
});
