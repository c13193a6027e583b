// Response schema of GET /api/v1/metrics/guardrails (issue 17; docs/guardrails.md "Reading the
// numbers"): budget breaches, blocked calls, retry storms and loops, duplicate side effects of the
// window's runs. Counts are exact; rates are made from them (lib/shared/guardrails.ts) and are null
// when their denominator is 0 (a gap, never a made-up 0). Days are UTC calendar days.
import { z } from "zod";
import { LOOP_DETECTION_KINDS } from "../detectors";

/** The limits of a workflow budget (enum BudgetLimit of the schema). */
export const GUARDRAIL_BUDGET_LIMITS = ["tool_calls", "duration", "tokens", "cost"] as const;

const rate = z.number().nullable();
/** A UTC calendar day, `YYYY-MM-DD`. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const breachCounts = {
  runs: z.number(),
  breachingRuns: z.number(),
  breachRate: rate,
  breachingCostUsd: z.number(),
};

export const guardrailsResponse = z.object({
  from: z.string(),
  to: z.string(),
  /** Runs in the window (the denominator of every share). */
  runs: z.number(),
  budgets: z.object({
    /** Runs with at least one budget breach row (any limit). */
    breachingRuns: z.number(),
    breachRate: rate,
    /** Sum of costUsd of the breaching runs (their whole cost). */
    breachingCostUsd: z.number(),
    /** Every limit, in GUARDRAIL_BUDGET_LIMITS order: runs that went over it (a run may count under several). */
    byLimit: z.array(z.object({ limit: z.enum(GUARDRAIL_BUDGET_LIMITS), runs: z.number() })),
    /** Workflows with runs in the window, by breaching runs desc, then runs desc, then name. */
    byWorkflow: z.array(z.object({ workflow: z.string(), ...breachCounts })),
    /** Releases with runs in the window, ordered as byWorkflow. */
    byRelease: z.array(z.object({ release: z.string(), ...breachCounts })),
    /** Every UTC day of the window, oldest first; an empty day has 0 counts and a null rate. */
    byDay: z.array(z.object({ day, ...breachCounts })),
  }),
  blocked: z.object({
    /** Tool calls with status `blocked`. */
    calls: z.number(),
    /** Runs with at least one blocked call (the runs that hit a guardrail). */
    runs: z.number(),
    /** runs / the window's runs. */
    runShare: rate,
    /** How the runs that hit a guardrail ended: success (after a fallback), escalated, failure. */
    outcomes: z.object({ success: z.number(), escalated: z.number(), failure: z.number() }),
    /** Blocked calls by tool, policy (the call's errorType; null when none was sent) and workflow, by calls desc. */
    byTool: z.array(z.object({ tool: z.string(), errorType: z.string().nullable(), workflow: z.string(), calls: z.number(), runs: z.number() })),
    byDay: z.array(z.object({ day, calls: z.number(), runs: z.number() })),
  }),
  detections: z.object({
    /** Each of repeated_call, cycle, failure_streak, always all three: runs with one, detections, wasted cost. */
    byKind: z.array(z.object({ kind: z.enum(LOOP_DETECTION_KINDS), runs: z.number(), detections: z.number(), wastedCostUsd: z.number() })),
    byWorkflow: z.array(z.object({ workflow: z.string(), kind: z.enum(LOOP_DETECTION_KINDS), runs: z.number(), detections: z.number(), wastedCostUsd: z.number() })),
    /** tool = the detection's tool (for a cycle, the round's tools joined with " → "). */
    byTool: z.array(z.object({ tool: z.string(), kind: z.enum(LOOP_DETECTION_KINDS), runs: z.number(), detections: z.number(), wastedCostUsd: z.number() })),
    /** Every UTC day × every kind; an empty day has 0. */
    byDay: z.array(z.object({ day, kind: z.enum(LOOP_DETECTION_KINDS), runs: z.number() })),
  }),
  duplicateSideEffects: z.object({
    runs: z.number(),
    /** Effects beyond the first: sum over detections of (count − 1), the charges or tickets made twice. */
    extraEffects: z.number(),
    wastedCostUsd: z.number(),
    byTool: z.array(z.object({ tool: z.string(), runs: z.number(), extraEffects: z.number(), wastedCostUsd: z.number() })),
    byWorkflow: z.array(z.object({ workflow: z.string(), runs: z.number(), extraEffects: z.number(), wastedCostUsd: z.number() })),
  }),
});

export type GuardrailsMetrics = z.infer<typeof guardrailsResponse>;

/** The weekly review's guardrails numbers of one week (GET /api/v1/review `guardrails`). */
export const reviewGuardrailsWeekSchema = z.object({
  runs: z.number(),
  breachingRuns: z.number(),
  blockedCalls: z.number(),
  blockedRuns: z.number(),
  detections: z.array(z.object({ kind: z.enum(LOOP_DETECTION_KINDS), runs: z.number(), wastedCostUsd: z.number() })),
  duplicateSideEffectRuns: z.number(),
  duplicateSideEffectCostUsd: z.number(),
});

export const reviewGuardrailsSchema = z.object({ current: reviewGuardrailsWeekSchema, previous: reviewGuardrailsWeekSchema });
export type ReviewGuardrails = z.infer<typeof reviewGuardrailsSchema>;
export type ReviewGuardrailsWeek = z.infer<typeof reviewGuardrailsWeekSchema>;
