import { describe, expect, it } from "vitest";
import { kpiDelta, releaseKpis } from "./releases";

describe("releaseKpis", () => {
  it("reads a release's rates off its runs' totals, p95 as given", () => {
    expect(releaseKpis({ runs: 4, successes: 3, escalations: 1, failures: 0, totalCostUsd: 0.6, escalatedCostUsd: 0.2 }, 1200)).toEqual({
      runs: 4,
      successRate: 0.75,
      escalationRate: 0.25,
      runP95Ms: 1200,
      costPerSuccessUsd: 0.6 / 3,
    });
  });
  it("has no rates and no p95 without runs (an eval-only release)", () => {
    expect(releaseKpis({ runs: 0, successes: 0, escalations: 0, failures: 0, totalCostUsd: 0, escalatedCostUsd: 0 }, 5)).toEqual({
      runs: 0,
      successRate: null,
      escalationRate: null,
      runP95Ms: null,
      costPerSuccessUsd: null,
    });
  });
  it("the delta is null where either side has no value", () => {
    const a = { runs: 2, successRate: 0.5, escalationRate: 0, runP95Ms: 100, costPerSuccessUsd: null };
    const b = { runs: 4, successRate: 0.25, escalationRate: 0.5, runP95Ms: null, costPerSuccessUsd: 1 };
    expect(kpiDelta(a, b)).toEqual({ successRate: 0.25, escalationRate: -0.5, runP95Ms: null, costPerSuccessUsd: null });
  });
});
