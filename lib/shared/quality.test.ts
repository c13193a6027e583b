import { describe, expect, it } from "vitest";
import { automationValue, driftWindows, qualityDrift, type AutomationTotals } from "./quality";

const drift = (recent: number | null, baseline: number | null, margin = 0.05) =>
  qualityDrift({ recentScoredRuns: recent === null ? 0 : 4, recentMeanQualityScore: recent, baselineScoredRuns: baseline === null ? 0 : 10, baselineMeanQualityScore: baseline }, margin);

describe("qualityDrift", () => {
  it("flags a 7-day mean more than the margin below the 28-day mean", () => {
    expect(drift(0.74, 0.8)).toMatchObject({ drifting: true });
    expect(drift(0.74, 0.8).drop).toBeCloseTo(0.06, 12);
  });
  it("does not flag a drop just under the margin, nor one of exactly the margin (float noise included)", () => {
    expect(drift(0.76, 0.8).drifting).toBe(false);
    // 0.8 − 0.75 = 0.05000000000000004 in binary: still "exactly the margin", not more.
    expect(drift(0.75, 0.8).drifting).toBe(false);
    expect(drift(0.7499, 0.8).drifting).toBe(true);
  });
  it("a rise is never drift; the margin is the project's", () => {
    expect(drift(0.9, 0.8).drifting).toBe(false);
    expect(drift(0.74, 0.8, 0.1).drifting).toBe(false);
    expect(drift(0.69, 0.8, 0.1).drifting).toBe(true);
  });
  it("no data: null means, no drop, no flag", () => {
    expect(drift(null, 0.8)).toEqual({ recentScoredRuns: 0, recentMeanQualityScore: null, baselineScoredRuns: 10, baselineMeanQualityScore: 0.8, drop: null, drifting: false });
    expect(drift(null, null)).toMatchObject({ drop: null, drifting: false });
  });
});

describe("driftWindows", () => {
  it("both spans end at the window's end: [to − 7 d, to) and [to − 28 d, to)", () => {
    const to = new Date("2026-11-30T12:00:00Z");
    expect(driftWindows(to)).toEqual({
      recent: { from: new Date("2026-11-23T12:00:00Z"), to },
      baseline: { from: new Date("2026-11-02T12:00:00Z"), to },
    });
  });
});

const totals = (over: Partial<AutomationTotals> = {}): AutomationTotals => ({
  runs: 10,
  successes: 6,
  escalations: 2,
  failures: 2,
  totalCostUsd: 3,
  reviewCostUsd: 10,
  reviewedEscalations: 2,
  escalationCostUsd: 11,
  ...over,
});

describe("automationValue", () => {
  it("every field from the counts and sums", () => {
    // all spend 3 + 10 = 13; human 5 per resolution; net 6 × 5 − 3 = 27.
    expect(automationValue(totals())).toEqual({
      runs: 10,
      successes: 6,
      escalations: 2,
      failures: 2,
      totalCostUsd: 3,
      reviewCostUsd: 10,
      reviewedEscalations: 2,
      costPerSuccessUsd: 0.5,
      escalationCostUsd: 11,
      humanShare: 10 / 13,
      costPerResolvedTaskUsd: 13 / 8,
      humanCostPerResolutionUsd: 5,
      netValueUsd: 27,
      verdict: "pays",
    });
  });
  it("does not pay when the agent's cost per success reaches a person's cost per resolution", () => {
    // 6 successes × 0.5 = 3 = agent spend: net 0, not a gain.
    expect(automationValue(totals({ reviewCostUsd: 1, reviewedEscalations: 2 }))).toMatchObject({ humanCostPerResolutionUsd: 0.5, netValueUsd: 0, verdict: "does_not_pay" });
    expect(automationValue(totals({ successes: 0, failures: 8 }))).toMatchObject({ costPerSuccessUsd: null, netValueUsd: -3, verdict: "does_not_pay" });
  });
  it("unknown without a review cost: Keel does not invent what a person costs", () => {
    const v = automationValue(totals({ reviewCostUsd: 0, reviewedEscalations: 0, escalationCostUsd: 1 }));
    expect(v).toMatchObject({ humanShare: 0, humanCostPerResolutionUsd: null, netValueUsd: null, verdict: "unknown" });
  });
  it("no runs: every ratio null", () => {
    const v = automationValue({ runs: 0, successes: 0, escalations: 0, failures: 0, totalCostUsd: 0, reviewCostUsd: 0, reviewedEscalations: 0, escalationCostUsd: 0 });
    expect(v).toMatchObject({ costPerSuccessUsd: null, humanShare: null, costPerResolvedTaskUsd: null, humanCostPerResolutionUsd: null, netValueUsd: null, verdict: "unknown" });
  });
});
