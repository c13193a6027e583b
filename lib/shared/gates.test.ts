import { describe, expect, it } from "vitest";
import { DEFAULT_GATE_SETTINGS } from "./gate-settings";
import { evaluateGates, resolveGateWindow, type CohortStats, type GateInputs } from "./gates";

const none: CohortStats = { runs: 0, successRate: null, escalationRate: null, runP95Ms: null, costPerSuccessUsd: null };
const cohort = (runs: number, escalationRate: number): CohortStats => ({
  runs,
  successRate: 1 - escalationRate,
  escalationRate,
  runP95Ms: 1000,
  costPerSuccessUsd: 0.1,
});

function healthy(): GateInputs {
  return {
    settings: { ...DEFAULT_GATE_SETTINGS },
    latestEval: { passed: 17, total: 20, goldSet: "core", ranAt: "2026-11-20T00:00:00.000Z" },
    release: { runs: 10, criticalPolicyViolations: 0, runP95Ms: 30_000 },
    canary: none,
    baseline: cohort(100, 0.1),
  };
}

describe("evaluateGates", () => {
  it("passes when every gate holds, at the exact thresholds, without a canary gate when there is no canary", () => {
    const r = evaluateGates("m@v1", healthy());
    expect(r.pass).toBe(true);
    expect(r.gates.map((g) => [g.name, g.pass, g.actual, g.threshold])).toEqual([
      ["gold_set_pass_rate", true, 0.85, 0.85],
      ["critical_policy_violations", true, 0, 0],
      ["run_p95_latency_ms", true, 30_000, 30_000],
    ]);
    expect(r.gates.every((g) => g.reason === undefined)).toBe(true);
  });

  it("fails the gold-set gate alone when the latest eval is below the minimum", () => {
    const r = evaluateGates("m@v1", { ...healthy(), latestEval: { passed: 16, total: 20, goldSet: "core", ranAt: "x" } });
    expect(r.pass).toBe(false);
    expect(r.gates.filter((g) => !g.pass).map((g) => g.name)).toEqual(["gold_set_pass_rate"]);
    expect(r.gates[0].actual).toBe(0.8);
    expect(r.gates[0].reason).toContain("passed 16 of 20");
  });

  it("fails the gold-set gate with a reason when there is no eval", () => {
    const r = evaluateGates("m@v1", { ...healthy(), latestEval: null });
    expect(r.gates[0]).toMatchObject({ name: "gold_set_pass_rate", pass: false, actual: null, threshold: 0.85 });
    expect(r.gates[0].reason).toMatch(/no gold-set result/);
  });

  it("fails on a critical policy violation over the maximum, passes when the maximum allows it", () => {
    const bad = { ...healthy(), release: { runs: 10, criticalPolicyViolations: 1, runP95Ms: 10 } };
    expect(evaluateGates("r", bad).gates.filter((g) => !g.pass).map((g) => g.name)).toEqual(["critical_policy_violations"]);
    const allowed = { ...bad, settings: { ...bad.settings, maxCriticalPolicyViolations: 1 } };
    expect(evaluateGates("r", allowed).pass).toBe(true);
  });

  it("fails p95 over the target", () => {
    const r = evaluateGates("r", { ...healthy(), release: { runs: 3, criticalPolicyViolations: 0, runP95Ms: 30_001 } });
    expect(r.gates.filter((g) => !g.pass).map((g) => [g.name, g.actual])).toEqual([["run_p95_latency_ms", 30_001]]);
  });

  it("fails run gates with a reason when the release has no runs in the window", () => {
    const r = evaluateGates("r", { ...healthy(), release: { runs: 0, criticalPolicyViolations: 0, runP95Ms: null } });
    const failing = r.gates.filter((g) => !g.pass);
    expect(failing.map((g) => [g.name, g.actual, g.reason])).toEqual([
      ["critical_policy_violations", null, "no runs of this release in the window"],
      ["run_p95_latency_ms", null, "no runs of this release in the window"],
    ]);
  });

  it("canary: passes within baseline + margin, fails above it", () => {
    const within = evaluateGates("r", { ...healthy(), canary: cohort(10, 0.15) });
    expect(within.gates[3]).toMatchObject({ name: "canary_escalation_rate", pass: true, actual: 0.15 });
    expect(within.gates[3].threshold).toBeCloseTo(0.15, 12);
    const over = evaluateGates("r", { ...healthy(), canary: cohort(10, 0.2) });
    expect(over.pass).toBe(false);
    expect(over.gates[3].reason).toBe("canary escalates 20% of runs vs 10% in production (margin 5%)");
  });

  it("canary without a production baseline fails with the reason", () => {
    const r = evaluateGates("r", { ...healthy(), canary: cohort(10, 0), baseline: none });
    expect(r.gates[3]).toEqual({
      name: "canary_escalation_rate",
      pass: false,
      actual: 0,
      threshold: null,
      reason: "no production runs of other releases in the window to compare the canary with",
    });
  });
});

describe("resolveGateWindow", () => {
  const now = new Date("2026-11-25T12:00:00.000Z");
  it("defaults to the 7 days before now", () => {
    expect(resolveGateWindow({}, now)).toEqual({ from: new Date("2026-11-18T12:00:00.000Z"), to: now });
  });
  it("keeps explicit bounds", () => {
    const from = new Date("2026-10-01T00:00:00Z");
    expect(resolveGateWindow({ from }, now)).toEqual({ from, to: now });
  });
});
