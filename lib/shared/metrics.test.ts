import { describe, expect, it } from "vitest";
import {
  bucketCount,
  sumFailuresByCategory,
  type RunBucket,
  defaultBucket,
  delta,
  incidentRatePer1k,
  KPIS,
  kpiValue,
  kpiVerdict,
  outcomeRates,
  previousWindow,
  ratio,
  runRates,
  toolErrorRate,
  type OverviewMetrics,
} from "./metrics";

describe("ratio", () => {
  it("divides, and is null (no data) when the denominator is 0", () => {
    expect(ratio(3, 12)).toBe(0.25);
    expect(ratio(0, 4)).toBe(0);
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(5, 0)).toBeNull();
  });
});

describe("the rates of a set of runs (CONTRACT §3)", () => {
  const totals = { runs: 8, successes: 4, escalations: 2, failures: 2, totalCostUsd: 2, escalatedCostUsd: 1.5 };
  it("divides outcomes by runs and all spend by successes", () => {
    expect(outcomeRates(totals)).toEqual({ successRate: 0.5, escalationRate: 0.25, failureRate: 0.25 });
    expect(runRates(totals)).toEqual({
      successRate: 0.5,
      escalationRate: 0.25,
      failureRate: 0.25,
      costPerSuccessUsd: 0.5,
      costPerEscalationUsd: 0.75,
    });
  });
  it("is null where the denominator is 0: no runs, no success, no escalation", () => {
    expect(runRates({ runs: 0, successes: 0, escalations: 0, failures: 0, totalCostUsd: 0, escalatedCostUsd: 0 })).toEqual({
      successRate: null,
      escalationRate: null,
      failureRate: null,
      costPerSuccessUsd: null,
      costPerEscalationUsd: null,
    });
    expect(runRates({ runs: 3, successes: 0, escalations: 0, failures: 3, totalCostUsd: 1.25, escalatedCostUsd: 0 })).toEqual({
      successRate: 0,
      escalationRate: 0,
      failureRate: 1,
      costPerSuccessUsd: null,
      costPerEscalationUsd: null,
    });
  });
  it("incidents per 1,000 sessions and the tool error rate", () => {
    expect(incidentRatePer1k(3, 600)).toBe(5);
    expect(incidentRatePer1k(0, 10)).toBe(0);
    expect(incidentRatePer1k(2, 0)).toBeNull();
    expect(toolErrorRate({ calls: 40, errors: 10 })).toBe(0.25);
    expect(toolErrorRate({ calls: 0, errors: 0 })).toBeNull();
  });
});

describe("delta", () => {
  it("gives the absolute and relative change", () => {
    expect(delta(0.9, 0.8)).toEqual({ absolute: 0.9 - 0.8, relative: (0.9 - 0.8) / 0.8 });
    expect(delta(3, 4)).toEqual({ absolute: -1, relative: -0.25 });
  });
  it("has no relative change from 0, and nothing without both values", () => {
    expect(delta(2, 0)).toEqual({ absolute: 2, relative: null });
    expect(delta(null, 1)).toEqual({ absolute: null, relative: null });
    expect(delta(1, null)).toEqual({ absolute: null, relative: null });
  });
});

describe("kpiVerdict", () => {
  it("success rate up is better, everything else up is worse", () => {
    const byKey = Object.fromEntries(KPIS.map((k) => [k.key, k]));
    expect(kpiVerdict(byKey.successRate, 0.9, 0.8)).toBe("better");
    expect(kpiVerdict(byKey.successRate, 0.7, 0.8)).toBe("worse");
    for (const k of KPIS.filter((k) => k.key !== "successRate")) {
      expect(k.better).toBe("lower");
      expect(kpiVerdict(k, 2, 1)).toBe("worse");
      expect(kpiVerdict(k, 1, 2)).toBe("better");
    }
  });
  it("is 'same' without change and null without data", () => {
    expect(kpiVerdict({ better: "lower" }, 1, 1)).toBe("same");
    expect(kpiVerdict({ better: "lower" }, null, 1)).toBeNull();
    expect(kpiVerdict({ better: "higher" }, 1, null)).toBeNull();
  });
});

describe("kpiValue", () => {
  it("reads each KPI off an overview; run p95 from the latency percentiles", () => {
    const o = { successRate: 0.5, escalationRate: 0.1, incidentRatePer1kSessions: null, costPerSuccessUsd: 2, costPerEscalationUsd: 3,
      retryCostUsd: 0.25, criticalPolicyViolations: 1, runLatencyMs: { p50: 1, p95: 95, p99: 99 } } as OverviewMetrics;
    expect(KPIS.map((k) => kpiValue(o, k.key))).toEqual([0.5, 0.1, null, 1, 2, 3, 0.25, 95]);
  });
});

describe("windows and buckets", () => {
  it("the previous window has the same length and ends where this one starts", () => {
    const from = new Date("2026-03-02T00:00:00Z");
    const to = new Date("2026-03-09T00:00:00Z");
    expect(previousWindow(from, to)).toEqual({ from: new Date("2026-02-23T00:00:00Z"), to: from });
  });
  it("hours up to three days, days beyond", () => {
    const from = new Date("2026-03-01T00:00:00Z");
    expect(defaultBucket(from, new Date("2026-03-02T00:00:00Z"))).toBe("hour");
    expect(defaultBucket(from, new Date("2026-03-04T00:00:00Z"))).toBe("hour");
    expect(defaultBucket(from, new Date("2026-03-04T00:00:00.001Z"))).toBe("day");
  });
  it("counts buckets generously (a DST day may be 23 h)", () => {
    const from = new Date("2026-03-01T00:00:00Z");
    expect(bucketCount(from, new Date("2026-03-02T00:00:00Z"), "hour")).toBe(25);
    expect(bucketCount(from, new Date("2026-03-08T00:00:00Z"), "day")).toBe(9);
  });
});

describe("sumFailuresByCategory", () => {
  it("adds the buckets up, 0 for a category never seen", () => {
    const b = (tool_error: number, policy_violation: number) =>
      ({ failuresByCategory: { tool_error, policy_violation, context_failure: 0, model_failure: 0 } }) as RunBucket;
    expect(sumFailuresByCategory([b(1, 0), b(2, 3)])).toEqual({ tool_error: 3, policy_violation: 3, context_failure: 0, model_failure: 0 });
    expect(sumFailuresByCategory([])).toEqual({ tool_error: 0, policy_violation: 0, context_failure: 0, model_failure: 0 });
  });
});
