import { describe, expect, it } from "vitest";
import { compareKpi, failureTrend, RELEASE_KPIS, reviewRunsHref, WEEK_KPIS, weekKpiRuns } from "./review";

const rate = RELEASE_KPIS.find((k) => k.key === "successRate")!;
const violations = WEEK_KPIS.find((k) => k.key === "criticalPolicyViolations")!;
const cost = RELEASE_KPIS.find((k) => k.key === "costPerSuccessUsd")!;

describe("release comparison", () => {
  it("compares rates and per-run figures only, never counts or sums (93 canary runs vs 6,140 production runs)", () => {
    expect(RELEASE_KPIS.map((k) => k.key)).toEqual(["successRate", "escalationRate", "failureRate", "runP95Ms", "costPerSuccessUsd"]);
    expect(RELEASE_KPIS.some((k) => k.unit === "count")).toBe(false);
  });
});

describe("compareKpi", () => {
  it("writes a rate's change in points and judges it", () => {
    expect(compareKpi(rate, 0.93, 0.9)).toEqual({ current: 0.93, previous: 0.9, change: "+3.0 pp", verdict: "better" });
    expect(compareKpi(cost, 0.05, 0.1)).toMatchObject({ change: "−50.0%", verdict: "better" });
    // Rounds to no change: neither good nor bad news.
    expect(compareKpi(rate, 0.90001, 0.9)).toMatchObject({ change: "±0.0 pp", verdict: "same" });
  });

  it("shows no change (and no colour) without previous data, even for a count that reads 0", () => {
    expect(compareKpi(violations, 5, 0, false)).toEqual({ current: 5, previous: null, change: null, verdict: null });
    expect(compareKpi(rate, 0.9, null)).toMatchObject({ change: null, verdict: null });
    // With data last week, 0 → 5 violations is a real, bad change.
    expect(compareKpi(violations, 5, 0, true)).toMatchObject({ change: "+5", verdict: "worse" });
  });
});

describe("failureTrend", () => {
  it("says new / up / down against last week, nothing when last week had no runs", () => {
    expect(failureTrend(5, 0, true)).toEqual({ trend: "new", change: "new" });
    expect(failureTrend(5, 3, true)).toEqual({ trend: "up", change: "+2" });
    expect(failureTrend(2, 3, true)).toEqual({ trend: "down", change: "−1" });
    expect(failureTrend(5, 0, false)).toEqual({ trend: null, change: null });
  });
});

describe("reviewRunsHref", () => {
  it("opens exactly a row's runs of the ISO week", () => {
    const href = reviewRunsHref("demo", { from: "2026-10-12T00:00:00.000Z", to: "2026-10-19T00:00:00.000Z" }, { outcome: "failure", failureCategory: "tool_error", failureReason: "ticketing API timeout" });
    const url = new URL(href, "http://x");
    expect(url.pathname).toBe("/demo/traces");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      outcome: "failure",
      failureCategory: "tool_error",
      failureReason: "ticketing API timeout",
      from: "2026-10-12T00:00:00.000Z",
      to: "2026-10-19T00:00:00.000Z",
    });
  });

  it("links week KPIs to their runs set where there is one", () => {
    expect(weekKpiRuns("criticalPolicyViolations")).toEqual({ outcome: "failure", failureCategory: "policy_violation", critical: true });
    expect(weekKpiRuns("successRate")).toEqual({ outcome: "success" });
    expect(weekKpiRuns("retryCostUsd")).toBeNull();
    expect(weekKpiRuns("incidentRatePer1kSessions")).toBeNull();
  });
});
