import { describe, expect, it } from "vitest";
import { evalInputSchema } from "./evals";
import { gateSettingsPatchSchema } from "./gate-settings";

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => i.path.join(".")) ?? [];

describe("gateSettingsPatchSchema", () => {
  it("accepts any subset of the thresholds", () => {
    expect(gateSettingsPatchSchema.parse({ canaryEscalationMargin: 0.2 })).toEqual({ canaryEscalationMargin: 0.2 });
  });
  it("names the field that is out of range, unknown, or empty bodies", () => {
    expect(paths(gateSettingsPatchSchema.safeParse({ goldSetMinPassRate: 1.2 }))).toEqual(["goldSetMinPassRate"]);
    expect(paths(gateSettingsPatchSchema.safeParse({ maxCriticalPolicyViolations: 0.5 }))).toEqual(["maxCriticalPolicyViolations"]);
    expect(paths(gateSettingsPatchSchema.safeParse({ runP95TargetMs: 0 }))).toEqual(["runP95TargetMs"]);
    expect(gateSettingsPatchSchema.safeParse({ ingestBurst: 5 }).success).toBe(false);
    expect(gateSettingsPatchSchema.safeParse({}).success).toBe(false);
  });
});

describe("evalInputSchema", () => {
  it("accepts a result and parses ranAt", () => {
    const v = evalInputSchema.parse({ release: "m@v1", goldSet: "g", passed: 3, total: 4, ranAt: "2026-11-01T00:00:00Z" });
    expect(v.ranAt).toEqual(new Date("2026-11-01T00:00:00Z"));
  });
  it("refuses passed > total, total 0, fractional counts, a bad ranAt", () => {
    expect(paths(evalInputSchema.safeParse({ release: "r", goldSet: "g", passed: 5, total: 4 }))).toEqual(["passed"]);
    expect(paths(evalInputSchema.safeParse({ release: "r", goldSet: "g", passed: 0, total: 0 }))).toEqual(["total"]);
    expect(paths(evalInputSchema.safeParse({ release: "r", goldSet: "g", passed: 1.5, total: 4 }))).toEqual(["passed"]);
    expect(paths(evalInputSchema.safeParse({ release: "r", goldSet: "g", passed: 1, total: 4, ranAt: "yesterday" }))).toEqual(["ranAt"]);
    expect(paths(evalInputSchema.safeParse({ goldSet: "g", passed: 1, total: 4 }))).toEqual(["release"]);
  });
});
