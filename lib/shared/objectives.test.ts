// Objective maths (CONTRACT §8) on hand-computed cases.
import { describe, expect, it } from "vitest";
import {
  alertLevel,
  attainment,
  budgetRemaining,
  burnRate,
  objectiveCreateSchema,
  objectiveHealth,
  periodStart,
  type BurnRates,
} from "./objectives";

const burns = (b: Partial<BurnRates>): BurnRates => ({ "5m": null, "30m": null, "1h": null, "6h": null, "3d": null, ...b });

describe("attainment, budget remaining, burn rate", () => {
  it("target 0.95, 1,000 events, 30 bad: attainment 0.97, 40% of the budget left, burn 0.6", () => {
    const c = { good: 970, total: 1000 };
    expect(attainment(c)).toBe(0.97);
    // errorBudget 0.05 → 50 bad events allowed; 30 spent → 20/50 = 0.4 left.
    expect(budgetRemaining(c, 0.95)).toBeCloseTo(0.4, 12);
    // (30/1000)/0.05 = 0.6
    expect(burnRate(c, 0.95)).toBeCloseTo(0.6, 12);
  });

  it("overspent: 90 bad of 1,000 at 0.95 → budget -0.8, burn 1.8", () => {
    expect(budgetRemaining({ good: 910, total: 1000 }, 0.95)).toBeCloseTo(-0.8, 12);
    expect(burnRate({ good: 910, total: 1000 }, 0.95)).toBeCloseTo(1.8, 12);
  });

  it("all good: budget 1, burn 0; all bad at 0.99: burn 100", () => {
    expect(budgetRemaining({ good: 10, total: 10 }, 0.99)).toBe(1);
    expect(burnRate({ good: 10, total: 10 }, 0.99)).toBe(0);
    expect(burnRate({ good: 0, total: 4 }, 0.99)).toBeCloseTo(100, 9);
  });

  it("no traffic: every figure is null", () => {
    const none = { good: 0, total: 0 };
    expect(attainment(none)).toBeNull();
    expect(budgetRemaining(none, 0.95)).toBeNull();
    expect(burnRate(none, 0.95)).toBeNull();
  });
});

describe("the multi-window alert rule", () => {
  it("page when 1h and 5m both burn >= 14.4 (exactly 14.4 counts)", () => {
    expect(alertLevel(burns({ "1h": 14.4, "5m": 14.4 }))).toBe("page");
    expect(alertLevel(burns({ "1h": 14.4, "5m": 14.39 }))).toBe("none");
    expect(alertLevel(burns({ "1h": 20, "5m": null }))).toBe("none");
  });

  it("page when 6h and 30m both burn >= 6", () => {
    expect(alertLevel(burns({ "6h": 6, "30m": 7 }))).toBe("page");
    expect(alertLevel(burns({ "6h": 5.99, "30m": 30, "3d": 1 }))).toBe("ticket");
  });

  it("ticket when 3d and 6h both burn >= 1, not when only one does", () => {
    expect(alertLevel(burns({ "3d": 1, "6h": 1 }))).toBe("ticket");
    expect(alertLevel(burns({ "3d": 0.99, "6h": 5 }))).toBe("none");
    expect(alertLevel(burns({ "3d": 3, "6h": 0.5, "5m": 100 }))).toBe("none");
  });

  it("no traffic in any window never alerts", () => {
    expect(alertLevel(burns({}))).toBe("none");
  });

  it("a short spike alone (5m, 30m) does not page without the long window", () => {
    expect(alertLevel(burns({ "5m": 100, "30m": 100, "1h": 10, "6h": 2, "3d": 0.5 }))).toBe("none");
  });
});

describe("health on the overview", () => {
  it.each([
    [null, "none", "no_data"],
    [-0.01, "none", "breached"],
    [0, "none", "at_risk"],
    [0.2, "none", "at_risk"],
    [0.9, "ticket", "at_risk"],
    [0.9, "none", "met"],
  ] as const)("remaining %s, alert %s → %s", (remaining, alert, health) => {
    expect(objectiveHealth(remaining, alert)).toBe(health);
  });
});

describe("the period", () => {
  it("is [now - periodDays, now): 28 days before now, to the millisecond", () => {
    expect(periodStart(new Date("2026-03-29T12:00:00.000Z"), 28).toISOString()).toBe("2026-03-01T12:00:00.000Z");
  });
});

describe("objective requests", () => {
  const issues = (body: unknown) => {
    const r = objectiveCreateSchema.safeParse(body);
    return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
  };

  it("accepts the contract's examples", () => {
    expect(issues({ sli: "success_rate", target: 0.95 })).toEqual([]);
    expect(issues({ sli: "run_latency", thresholdMs: 30000, target: 0.99, periodDays: 7, workflow: "refund-request" })).toEqual([]);
    expect(issues({ sli: "tool_latency", tool: "ticketing.create", thresholdMs: 2000, target: 0.9 })).toEqual([]);
  });

  it("refuses target 1.0 (a zero error budget) and 0, naming target", () => {
    const r = objectiveCreateSchema.safeParse({ sli: "success_rate", target: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["target"]);
    expect(r.error?.issues[0].message).toContain("zero error budget");
    expect(issues({ sli: "success_rate", target: 0 })).toEqual(["target"]);
  });

  it("names the field: unknown SLI, tool objective without a tool, threshold on a non-latency SLI, period 0 or 91", () => {
    expect(issues({ sli: "happiness", target: 0.9 })).toEqual(["sli"]);
    expect(issues({ sli: "tool_latency", thresholdMs: 100, target: 0.9 })).toEqual(["tool"]);
    expect(issues({ sli: "success_rate", thresholdMs: 100, target: 0.9 })).toEqual(["thresholdMs"]);
    expect(issues({ sli: "run_latency", target: 0.9 })).toEqual(["thresholdMs"]);
    expect(issues({ sli: "success_rate", target: 0.9, periodDays: 0 })).toEqual(["periodDays"]);
    expect(issues({ sli: "success_rate", target: 0.9, periodDays: 91 })).toEqual(["periodDays"]);
    expect(issues({ sli: "success_rate", target: 0.9, colour: "red" })).toEqual([""]);
  });
});
