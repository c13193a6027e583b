import { describe, expect, it } from "vitest";
import { RUN_FILTER_KEYS, RUN_SORT_KEYS, decodeRunsCursor, encodeRunsCursor, runsQuerySchema } from "./runs-query";
import { createIncidentSchema, updateIncidentSchema } from "./incidents";

describe("runs cursor", () => {
  it("round-trips and is URL-safe, also for ids with any characters, under every sort", () => {
    const cursors = [
      { sort: "startedAt", order: "desc", value: "2026-10-01T00:00:00.123Z", id: "run/é?&=+ 42" },
      { sort: "duration", order: "asc", value: 1500, id: "r1" },
      { sort: "cost", order: "desc", value: 0.1 + 0.2, id: "r2" },
      { sort: "toolLatency", order: "desc", value: 0, id: "r3" },
    ] as const;
    for (const c of cursors) {
      const s = encodeRunsCursor(c);
      expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeRunsCursor(s)).toEqual(c);
    }
  });
  it("refuses anything else", () => {
    const enc = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, "");
    for (const bad of [
      "",
      "zzz",
      "!!",
      enc(["startedAt", "desc", "nope", "x"]),
      enc(["2026-10-01T00:00:00Z", "x"]), // the old two-part cursor
      enc(["duration", "desc", 1.5, "x"]), // durations are whole ms
      enc(["duration", "desc", 2 ** 40, "x"]),
      enc(["cost", "desc", "0.1", "x"]),
      enc(["latency", "desc", 1, "x"]),
      enc(["duration", "down", 1, "x"]),
      enc(["startedAt", "desc", "+300000-01-01T00:00:00Z", "x"]),
      enc(["duration", "desc", 1, ""]),
    ])
      expect(decodeRunsCursor(bad), bad).toBeNull();
  });
});

describe("runs list query", () => {
  it("reads the new filters and the sort", () => {
    expect(
      runsQuerySchema.parse({ critical: "true", retried: "false", toolStatus: "not_ok", sort: "toolLatency", order: "asc", tool: "search" }),
    ).toEqual({ critical: true, retried: false, toolStatus: "not_ok", sort: "toolLatency", order: "asc", tool: "search" });
    expect(runsQuerySchema.parse({ critical: "false" })).toEqual({ critical: false });
    expect(runsQuerySchema.parse({ sort: "", order: "" })).toEqual({});
  });
  it("refuses unknown values naming the parameter", () => {
    const paths = (q: Record<string, string>) => {
      const r = runsQuerySchema.safeParse(q);
      return r.success ? [] : r.error.issues.map((i) => i.path.join(".")).sort();
    };
    expect(paths({ critical: "yes", retried: "1", toolStatus: "bad", sort: "latency", order: "up" })).toEqual([
      "critical",
      "order",
      "retried",
      "sort",
      "toolStatus",
    ]);
    expect(paths({ detection: "duplicate_side_effect", duplicateSideEffect: "yes" })).toEqual(["detection", "duplicateSideEffect"]);
    expect(runsQuerySchema.parse({ detection: "cycle", duplicateSideEffect: "true" })).toEqual({ detection: "cycle", duplicateSideEffect: true });
    expect(paths({ sort: "toolLatency" })).toEqual(["sort"]);
    expect(paths({ sort: "toolLatency", tool: "search" })).toEqual([]);
  });
  it("keeps filters and order apart in the URL keys", () => {
    expect(RUN_FILTER_KEYS).toContain("critical");
    expect(RUN_FILTER_KEYS).toContain("retried");
    expect(RUN_FILTER_KEYS).not.toContain("sort");
    expect(RUN_SORT_KEYS).toEqual(["sort", "order"]);
  });
});

describe("query and body schemas", () => {
  it("coerces numbers and dates, refuses a backwards window", () => {
    const q = runsQuerySchema.parse({ minLatencyMs: "1500", minCostUsd: "0.5", from: "2026-10-01T00:00:00Z", limit: "200" });
    expect(q).toEqual({ minLatencyMs: 1500, minCostUsd: 0.5, from: new Date("2026-10-01T00:00:00Z"), limit: 200 });
    const r = runsQuerySchema.safeParse({ from: "2026-10-02T00:00:00Z", to: "2026-10-01T00:00:00Z" });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join("."))).toEqual(["to"]);
  });
  it("incident bodies name the field", () => {
    const c = createIncidentSchema.safeParse({ title: "", severity: "SEV5", failureCategory: "tool_error" });
    expect(c.success ? [] : c.error.issues.map((i) => i.path.join(".")).sort()).toEqual(["severity", "title"]);
    const half = createIncidentSchema.safeParse({ title: "x", severity: "SEV1", failureCategory: "tool_error" });
    expect(half.success ? [] : half.error.issues.map((i) => i.path.join("."))).toEqual(["failureReason"]);
    expect(updateIncidentSchema.safeParse({}).success).toBe(false);
    expect(updateIncidentSchema.safeParse({ status: "reopened" }).success).toBe(false);
  });
});
