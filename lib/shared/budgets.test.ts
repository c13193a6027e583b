import { describe, expect, it } from "vitest";
import { budgetParamsSchema, budgetPutSchema, describeBreaches, evaluateBudget, reevaluateBodySchema, type BudgetedRun } from "./budgets";

const run = (over: Partial<BudgetedRun> = {}): BudgetedRun => ({
  toolCallCount: 10,
  durationMs: 30_000,
  inputTokens: 1000,
  outputTokens: 500,
  costUsd: 0.3,
  ...over,
});
const none = { maxToolCalls: null, maxDurationMs: null, maxTokens: null, maxCostUsd: null };

describe("evaluateBudget", () => {
  it("finds no breach without a budget or with no limit set", () => {
    expect(evaluateBudget(run(), null)).toEqual([]);
    expect(evaluateBudget(run(), undefined)).toEqual([]);
    expect(evaluateBudget(run({ toolCallCount: 500 }), none)).toEqual([]);
  });

  it("equal to a limit is within it (near misses)", () => {
    const budget = { maxToolCalls: 10, maxDurationMs: 30_000, maxTokens: 1500, maxCostUsd: 0.3 };
    expect(evaluateBudget(run(), budget)).toEqual([]);
    expect(evaluateBudget(run({ toolCallCount: 9, durationMs: 29_999, outputTokens: 499, costUsd: 0.2999 }), budget)).toEqual([]);
  });

  it("one over each limit is a breach, listed in the order tool_calls, duration, tokens, cost", () => {
    const budget = { maxToolCalls: 10, maxDurationMs: 30_000, maxTokens: 1500, maxCostUsd: 0.3 };
    expect(evaluateBudget(run({ toolCallCount: 11, durationMs: 30_001, outputTokens: 501, costUsd: 0.30000001 }), budget)).toEqual([
      { limit: "tool_calls", actual: 11, maximum: 10 },
      { limit: "duration", actual: 30_001, maximum: 30_000 },
      { limit: "tokens", actual: 1501, maximum: 1500 },
      { limit: "cost", actual: 0.30000001, maximum: 0.3 },
    ]);
    expect(evaluateBudget(run({ costUsd: 0.42, toolCallCount: 14 }), { ...none, maxCostUsd: 0.3 })).toEqual([{ limit: "cost", actual: 0.42, maximum: 0.3 }]);
  });

  it("checks tokens only when the run sent usage", () => {
    expect(evaluateBudget(run({ inputTokens: null, outputTokens: null }), { ...none, maxTokens: 1 })).toEqual([]);
    expect(evaluateBudget(run({ inputTokens: 0, outputTokens: 0 }), { ...none, maxTokens: 1 })).toEqual([]);
    expect(evaluateBudget(run({ inputTokens: 2, outputTokens: 0 }), { ...none, maxTokens: 1 })).toEqual([{ limit: "tokens", actual: 2, maximum: 1 }]);
  });
});

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.path.join("."));

describe("budget input", () => {
  it("takes any set of positive limits, null or absent = no limit", () => {
    expect(budgetPutSchema.parse({ maxToolCalls: 10, maxCostUsd: null })).toEqual({ ...none, maxToolCalls: 10 });
    expect(budgetPutSchema.parse({ maxCostUsd: 0.05 })).toEqual({ ...none, maxCostUsd: 0.05 });
  });

  it("refuses 0, negatives, fractions of the integer limits, unknown keys and an empty budget", () => {
    expect(issues(budgetPutSchema.safeParse({ maxToolCalls: 0 }))).toEqual(["maxToolCalls"]);
    expect(issues(budgetPutSchema.safeParse({ maxDurationMs: -5 }))).toEqual(["maxDurationMs"]);
    expect(issues(budgetPutSchema.safeParse({ maxTokens: 1.5 }))).toEqual(["maxTokens"]);
    expect(issues(budgetPutSchema.safeParse({ maxCostUsd: 0 }))).toEqual(["maxCostUsd"]);
    expect(issues(budgetPutSchema.safeParse({ maxCostUsd: "1" }))).toEqual(["maxCostUsd"]);
    expect(issues(budgetPutSchema.safeParse({ maxToolCalls: 3, extra: 1 }))).toEqual([""]);
    expect(issues(budgetPutSchema.safeParse({}))).toEqual([""]);
    expect(issues(budgetPutSchema.safeParse({ maxToolCalls: null }))).toEqual([""]);
  });

  it("accepts any workflow a run could name, refuses malformed ones", () => {
    expect(budgetParamsSchema.safeParse({ workflow: "refund-request" }).success).toBe(true);
    expect(budgetParamsSchema.safeParse({ workflow: "x".repeat(100) }).success).toBe(true);
    for (const bad of ["", "   ", "x".repeat(101), "a\nb", "tab\there", "del\u007f"])
      expect(issues(budgetParamsSchema.safeParse({ workflow: bad }))).toContain("workflow");
  });

  it("bounds the re-evaluation window", () => {
    expect(reevaluateBodySchema.parse({ from: "2026-01-01T00:00:00Z", to: "2026-03-31T00:00:00Z" }).from.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(issues(reevaluateBodySchema.safeParse({ from: "2026-01-01T00:00:00Z", to: "2026-04-02T00:00:00Z" }))).toEqual(["from"]);
    expect(issues(reevaluateBodySchema.safeParse({ from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }))).toEqual(["to"]);
    expect(issues(reevaluateBodySchema.safeParse({ from: "yesterday", to: "2026-01-01T00:00:00Z" }))).toEqual(["from"]);
  });
});

describe("describeBreaches", () => {
  it("says each limit gone over with its maximum, in the app's formats", () => {
    expect(
      describeBreaches([
        { limit: "tool_calls", actual: 14, maximum: 10 },
        { limit: "duration", actual: 90_000, maximum: 60_000 },
        { limit: "tokens", actual: 2100, maximum: 2000 },
        { limit: "cost", actual: 0.42, maximum: 0.3 },
      ]),
    ).toBe("14 tool calls (max 10), 1 m 30 s (max 1 m 00 s), 2,100 tokens (max 2,000), $0.42 (max $0.30)");
    expect(describeBreaches([])).toBe("");
  });
});
