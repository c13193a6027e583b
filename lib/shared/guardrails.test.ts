import { describe, expect, it } from "vitest";
import { assembleGuardrails, byName, utcDays, utcDayWindow } from "./guardrails";

describe("UTC days of a window", () => {
  it("every day [from, to) touches, a window ending at midnight excludes that day", () => {
    expect(utcDays(new Date("2026-11-02T00:00:00Z"), new Date("2026-11-05T00:00:00Z"))).toEqual(["2026-11-02", "2026-11-03", "2026-11-04"]);
    expect(utcDays(new Date("2026-11-02T13:45:00Z"), new Date("2026-11-03T00:00:00.001Z"))).toEqual(["2026-11-02", "2026-11-03"]);
    expect(utcDays(new Date("2026-12-31T23:00:00Z"), new Date("2027-01-01T01:00:00Z"))).toEqual(["2026-12-31", "2027-01-01"]);
  });
  it("a day's window is its UTC midnight to the next", () => {
    expect(utcDayWindow("2026-11-03")).toEqual({ from: "2026-11-03T00:00:00.000Z", to: "2026-11-04T00:00:00.000Z" });
  });
  it("names in code-point order, nulls last", () => {
    expect(["b", null, "B", "a"].sort(byName)).toEqual(["B", "a", "b", null]);
  });
});

describe("assembleGuardrails", () => {
  it("no rows: zero counts, null rates, every limit and kind listed, every day filled", () => {
    const m = assembleGuardrails({
      from: new Date("2026-11-02T00:00:00Z"),
      to: new Date("2026-11-03T00:00:00Z"),
      breaches: [],
      breachesByLimit: [],
      blocked: [],
      detections: [],
    });
    expect(m.runs).toBe(0);
    expect(m.budgets).toEqual({
      breachingRuns: 0,
      breachRate: null,
      breachingCostUsd: 0,
      byLimit: ["tool_calls", "duration", "tokens", "cost"].map((limit) => ({ limit, runs: 0 })),
      byWorkflow: [],
      byRelease: [],
      byDay: [{ day: "2026-11-02", runs: 0, breachingRuns: 0, breachRate: null, breachingCostUsd: 0 }],
    });
    expect(m.blocked.runShare).toBeNull();
    expect(m.detections.byKind.map((k) => k.kind)).toEqual(["repeated_call", "cycle", "failure_streak"]);
    expect(m.detections.byDay).toHaveLength(3);
  });
  it("orders workflows by breaching runs, then runs, then name", () => {
    const row = (workflow: string, runs: number, breachingRuns: number) => ({ workflow, release: null, day: null, runs, breachingRuns, breachingCostUsd: 0 });
    const m = assembleGuardrails({
      from: new Date("2026-11-02T00:00:00Z"),
      to: new Date("2026-11-03T00:00:00Z"),
      breaches: [row("b", 10, 1), row("a", 10, 1), row("c", 20, 1), row("d", 1, 2)],
      breachesByLimit: [],
      blocked: [],
      detections: [],
    });
    expect(m.budgets.byWorkflow.map((w) => w.workflow)).toEqual(["d", "c", "a", "b"]);
  });
});
