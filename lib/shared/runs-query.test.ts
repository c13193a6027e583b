import { describe, expect, it } from "vitest";
import { decodeRunsCursor, encodeRunsCursor, runsQuerySchema } from "./runs-query";
import { createIncidentSchema, updateIncidentSchema } from "./incidents";

describe("runs cursor", () => {
  it("round-trips and is URL-safe, also for ids with any characters", () => {
    const c = { startedAt: "2026-10-01T00:00:00.123Z", id: "run/é?&=+ 42" };
    const s = encodeRunsCursor(c);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeRunsCursor(s)).toEqual(c);
  });
  it("refuses anything else", () => {
    for (const bad of ["", "zzz", "!!", encodeRunsCursor({ startedAt: "nope", id: "x" }), btoa('["2026-10-01T00:00:00Z"]')])
      expect(decodeRunsCursor(bad)).toBeNull();
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
    const c = createIncidentSchema.safeParse({ title: "", severity: "SEV4", failureCategory: "tool_error" });
    expect(c.success ? [] : c.error.issues.map((i) => i.path.join(".")).sort()).toEqual(["severity", "title"]);
    const half = createIncidentSchema.safeParse({ title: "x", severity: "SEV1", failureCategory: "tool_error" });
    expect(half.success ? [] : half.error.issues.map((i) => i.path.join("."))).toEqual(["failureReason"]);
    expect(updateIncidentSchema.safeParse({}).success).toBe(false);
    expect(updateIncidentSchema.safeParse({ status: "reopened" }).success).toBe(false);
  });
});
