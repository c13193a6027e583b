// KPI threshold rules: request validation, the fixed ">" comparator, titles in the KPI's unit.
import { describe, expect, it } from "vitest";
import { formatKpiRuleValue, kpiRuleBreached, kpiRuleCreateSchema, kpiRulePatchSchema, kpiRuleTitle, windowLabel } from "./kpi-rules";

const issuePaths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => i.path.join("."));

describe("kpiRuleCreateSchema", () => {
  it("accepts a rule and leaves the defaults to the service", () => {
    expect(kpiRuleCreateSchema.parse({ metric: "cost_per_success_usd", threshold: 0.5 })).toEqual({ metric: "cost_per_success_usd", threshold: 0.5 });
    expect(kpiRuleCreateSchema.parse({ metric: "critical_policy_violations" })).toEqual({ metric: "critical_policy_violations" });
    expect(
      kpiRuleCreateSchema.parse({ name: " Refunds ", workflow: "refund", metric: "incident_rate_per_1k_sessions", threshold: 2, windowMinutes: 10_080, level: "page" }),
    ).toEqual({ name: "Refunds", workflow: "refund", metric: "incident_rate_per_1k_sessions", threshold: 2, windowMinutes: 10_080, level: "page" });
  });

  it.each([
    [{ metric: "happiness", threshold: 1 }, "metric"],
    [{ metric: "cost_per_success_usd", threshold: -0.01 }, "threshold"],
    [{ metric: "cost_per_success_usd" }, "threshold"],
    [{ metric: "incident_rate_per_1k_sessions" }, "threshold"],
    [{ metric: "cost_per_success_usd", threshold: 1, windowMinutes: 0 }, "windowMinutes"],
    [{ metric: "cost_per_success_usd", threshold: 1, windowMinutes: 4 }, "windowMinutes"],
    [{ metric: "cost_per_success_usd", threshold: 1, windowMinutes: 10_081 }, "windowMinutes"],
    [{ metric: "cost_per_success_usd", threshold: 1, windowMinutes: 7.5 }, "windowMinutes"],
    [{ metric: "cost_per_success_usd", threshold: 1, level: "none" }, "level"],
    [{ metric: "cost_per_success_usd", threshold: 1, workflow: " " }, "workflow"],
    [{ metric: "cost_per_success_usd", threshold: 1, comparator: "<" }, ""],
  ])("refuses %j naming %s", (input, path) => {
    const r = kpiRuleCreateSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(issuePaths(r)).toEqual([path]);
  });

  it("a patch names only what changes, with the same field rules", () => {
    expect(kpiRulePatchSchema.parse({ threshold: 0 })).toEqual({ threshold: 0 });
    expect(issuePaths(kpiRulePatchSchema.safeParse({ windowMinutes: 0 }))).toEqual(["windowMinutes"]);
    expect(issuePaths(kpiRulePatchSchema.safeParse({ threshold: -1 }))).toEqual(["threshold"]);
  });
});

describe("the comparator is greater than; no traffic never breaches", () => {
  it.each([
    [0.51, 0.5, true],
    [0.5, 0.5, false],
    [1, 0, true],
    [0, 0, false],
    [null, 0, false],
    // Float sums of the same costs in another order: still equal, not greater.
    [0.5000000000000001, 0.5, false],
    [0.4999999999999999, 0.5, false],
    [0.500001, 0.5, true],
  ] as const)("value %s, threshold %s → %s", (value, threshold, breached) => {
    expect(kpiRuleBreached(value, threshold)).toBe(breached);
  });
});

describe("titles", () => {
  it("formats the threshold in the KPI's unit, and the window", () => {
    expect(kpiRuleTitle({ name: null, workflow: "refund", metric: "cost_per_success_usd", threshold: 0.5, windowMinutes: 60 })).toBe(
      "Cost per success > $0.50 · refund · 1 h",
    );
    expect(kpiRuleTitle({ name: null, workflow: null, metric: "critical_policy_violations", threshold: 0, windowMinutes: 1440 })).toBe(
      "Critical policy violations > 0 · all workflows · 1 d",
    );
    expect(kpiRuleTitle({ name: null, workflow: null, metric: "incident_rate_per_1k_sessions", threshold: 2, windowMinutes: 90 })).toBe(
      "Incidents / 1k sessions > 2.00 · all workflows · 90 min",
    );
    expect(kpiRuleTitle({ name: "Refunds too dear", workflow: null, metric: "cost_per_success_usd", threshold: 1, windowMinutes: 60 })).toBe("Refunds too dear");
    expect(formatKpiRuleValue("cost_per_success_usd", null)).toBe("—");
    expect([windowLabel(5), windowLabel(120), windowLabel(10_080)]).toEqual(["5 min", "2 h", "7 d"]);
  });
});
