// Workflow budgets (issue 17): per workflow, the most a run may spend in tool calls, duration,
// tokens and cost. A run breaches a budget when it goes over any limit that is set (strictly over:
// a run exactly at the limit is within it). The evaluation is pure and shared: the ingest writer
// (lib/server/ingest/budgets.ts) runs it on every stored run and keeps one row per limit gone over;
// re-evaluating stored runs (POST /api/v1/settings/budgets/reevaluate, `keel budgets reevaluate`)
// runs the same function. Schemas are shared so the settings form validates what the API accepts.
import { z } from "zod";
import { instantDate } from "./instant";
import { DAY_MS } from "./metrics";
import { formatCount, formatDurationMs, formatUsd } from "./format";

/** The limits, in the order a run's breaches are listed (the BudgetLimit enum's order). */
export const BUDGET_LIMITS = ["tool_calls", "duration", "tokens", "cost"] as const;
export type BudgetLimit = (typeof BUDGET_LIMITS)[number];

/** A budget's limits; null = not checked. */
export interface BudgetLimits {
  maxToolCalls: number | null;
  maxDurationMs: number | null;
  maxTokens: number | null;
  maxCostUsd: number | null;
}

/** The facts of a run a budget reads (tokens null when the run sent no usage: then not checked). */
export interface BudgetedRun {
  toolCallCount: number;
  durationMs: number;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number;
}

export interface BudgetBreach {
  limit: BudgetLimit;
  /** In the limit's unit: calls, ms, tokens, USD. */
  actual: number;
  maximum: number;
}

export const BUDGET_LIMIT_FIELD: Record<BudgetLimit, keyof BudgetLimits> = {
  tool_calls: "maxToolCalls",
  duration: "maxDurationMs",
  tokens: "maxTokens",
  cost: "maxCostUsd",
};

function actualOf(run: BudgetedRun, limit: BudgetLimit): number | null {
  switch (limit) {
    case "tool_calls":
      return run.toolCallCount;
    case "duration":
      return run.durationMs;
    case "tokens":
      return run.inputTokens === null && run.outputTokens === null ? null : (run.inputTokens ?? 0) + (run.outputTokens ?? 0);
    case "cost":
      return run.costUsd;
  }
}

/** The limits `run` went over (strictly), in BUDGET_LIMITS order; empty when within budget or none. */
export function evaluateBudget(run: BudgetedRun, budget: BudgetLimits | null | undefined): BudgetBreach[] {
  if (!budget) return [];
  const out: BudgetBreach[] = [];
  for (const limit of BUDGET_LIMITS) {
    const maximum = budget[BUDGET_LIMIT_FIELD[limit]];
    if (maximum === null) continue;
    const actual = actualOf(run, limit);
    if (actual !== null && actual > maximum) out.push({ limit, actual, maximum });
  }
  return out;
}

// ---- API input -------------------------------------------------------------------------------

export const BUDGET_LIMIT_KEYS = ["maxToolCalls", "maxDurationMs", "maxTokens", "maxCostUsd"] as const;

/** The int columns' ceiling. */
const INT_MAX = 2_147_483_647;
/** A cost limit above any run Keel accepts is no limit: refused so a typo (extra zeros) shows. */
export const MAX_BUDGET_COST_USD = 1_000_000;

const positiveInt = (unit: string) =>
  z.int("must be a whole number").min(1, "must be at least 1 (leave it empty for no limit)").max(INT_MAX, `must be at most ${INT_MAX} ${unit}`);
const limit = <T extends z.ZodType>(s: T) => s.nullable().optional();

/** PUT body: the budget as a whole (a limit null or absent = not checked); at least one limit. */
export const budgetPutSchema = z
  .strictObject({
    maxToolCalls: limit(positiveInt("calls")),
    maxDurationMs: limit(positiveInt("ms")),
    maxTokens: limit(positiveInt("tokens")),
    maxCostUsd: limit(
      z
        .number("must be a number")
        .gt(0, "must be more than 0 (leave it empty for no limit)")
        .max(MAX_BUDGET_COST_USD, `must be at most ${MAX_BUDGET_COST_USD}`),
    ),
  })
  .refine((v) => BUDGET_LIMIT_KEYS.some((k) => v[k] !== undefined && v[k] !== null), {
    message: `set at least one of ${BUDGET_LIMIT_KEYS.join(", ")}`,
  })
  .transform(
    (v): BudgetLimits => ({
      maxToolCalls: v.maxToolCalls ?? null,
      maxDurationMs: v.maxDurationMs ?? null,
      maxTokens: v.maxTokens ?? null,
      maxCostUsd: v.maxCostUsd ?? null,
    }),
  );

/**
 * A budget's workflow, as a run names it (CONTRACT §2: 1–100 characters). It need not have runs
 * yet; blank, over-long or holding control characters is malformed (no run could carry it).
 */
export const budgetWorkflowSchema = z
  .string()
  .min(1, "must not be empty")
  .max(100, "must have at most 100 characters")
  .refine((s) => s.trim().length > 0, "must not be blank")
  .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), "must not contain control characters");

export const budgetParamsSchema = z.object({ workflow: budgetWorkflowSchema });

/** The widest window re-evaluation takes at once (one request stays short; run it again for more). */
export const MAX_REEVALUATE_DAYS = 90;

const instant = instantDate();
export const reevaluateBodySchema = z
  .strictObject({ from: instant, to: instant })
  .superRefine((v, ctx) => {
    // A field that failed its own check is no Date: nothing more to say about the window.
    if (!(v.from instanceof Date) || !(v.to instanceof Date)) return;
    if (v.from >= v.to) return void ctx.addIssue({ code: "custom", path: ["to"], message: "must be after 'from'" });
    if (v.to.getTime() - v.from.getTime() > MAX_REEVALUATE_DAYS * DAY_MS)
      ctx.addIssue({ code: "custom", path: ["from"], message: `the window may span at most ${MAX_REEVALUATE_DAYS} days; narrow 'from' or 'to'` });
  });
export type ReevaluateWindow = z.infer<typeof reevaluateBodySchema>;

// ---- Words ------------------------------------------------------------------------------------

/** A limit's amount as the pages write it: "14 tool calls", "12.3 s", "2,100 tokens", "$0.42". */
export function formatBudgetAmount(limit: BudgetLimit, v: number, unit = true): string {
  switch (limit) {
    case "tool_calls":
      return unit ? `${formatCount(v)} tool call${v === 1 ? "" : "s"}` : formatCount(v);
    case "duration":
      return formatDurationMs(v);
    case "tokens":
      return unit ? `${formatCount(v)} token${v === 1 ? "" : "s"}` : formatCount(v);
    case "cost":
      return formatUsd(v);
  }
}

/** "14 tool calls (max 10), $0.42 (max $0.30)". */
export function describeBreaches(breaches: readonly BudgetBreach[]): string {
  return breaches.map((b) => `${formatBudgetAmount(b.limit, b.actual)} (max ${formatBudgetAmount(b.limit, b.maximum, false)})`).join(", ");
}
