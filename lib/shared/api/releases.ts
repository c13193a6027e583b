// Response schemas of the releases API: the list, a release's gates, gold-set results and the gate
// thresholds. lib/shared/{releases,gates,gate-settings,evals}.ts take their types from them.
import { z } from "zod";

export const GATE_NAMES = ["gold_set_pass_rate", "critical_policy_violations", "run_p95_latency_ms", "canary_escalation_rate"] as const;

const nullableNumber = z.number().nullable();

/** KPIs of a release's runs; rates and p95 are null when it has no runs (a gap, not a zero). */
export const releaseKpisSchema = z.object({
  runs: z.number(),
  successRate: nullableNumber,
  escalationRate: nullableNumber,
  runP95Ms: nullableNumber,
  costPerSuccessUsd: nullableNumber,
});

export const releaseListItemSchema = releaseKpisSchema.extend({
  release: z.string(),
  firstSeenAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  /** Environments its runs came from, sorted (production, canary, staging, sandbox order). */
  environments: z.array(z.string()),
  criticalPolicyViolations: z.number(),
  totalCostUsd: z.number(),
  latestEval: z.object({ goldSet: z.string(), passed: z.number(), total: z.number(), passRate: z.number(), ranAt: z.string() }).nullable(),
  /** The release first seen before this one (null for the first). */
  previousRelease: z.string().nullable(),
  /** this − previous, per KPI; null when either side has no value. */
  delta: z
    .object({ successRate: nullableNumber, escalationRate: nullableNumber, runP95Ms: nullableNumber, costPerSuccessUsd: nullableNumber })
    .nullable(),
});

export const releasesResponse = z.object({ releases: z.array(releaseListItemSchema) });

export const gateSchema = z.object({
  name: z.enum(GATE_NAMES),
  pass: z.boolean(),
  actual: nullableNumber,
  threshold: nullableNumber,
  reason: z.string().optional(),
});

/** The four numbers a side of the canary comparison shows. Rates are null when there are no runs. */
/** A cohort's KPIs have the shape of a release's. */
const cohortStatsSchema = releaseKpisSchema;

export const gateReportSchema = z.object({ release: z.string(), pass: z.boolean(), gates: z.array(gateSchema) });

export const gateSettingsSchema = z.object({
  goldSetMinPassRate: z.number(),
  maxCriticalPolicyViolations: z.number(),
  runP95TargetMs: z.number(),
  canaryEscalationMargin: z.number(),
  /** Canary analysis (CONTRACT §9): confidence of its one-sided tests, and the allowed relative p95 slowdown. */
  canaryConfidence: z.number(),
  canaryLatencyTolerance: z.number(),
  /** Quality drift (docs/quality.md): the 7-day mean may fall this far below the 28-day mean, in score points. */
  qualityDriftMargin: z.number(),
});

export const gateSettingsResponse = gateSettingsSchema.extend({ updatedAt: z.string().nullable() });

/** GET /api/v1/releases/{release}/gates: CONTRACT §6's shape plus what the release page shows. */
export const releaseGatesResponse = gateReportSchema.extend({
  window: z.object({ from: z.string(), to: z.string() }),
  settings: gateSettingsResponse,
  /** The release's runs in the window (every environment). */
  releaseStats: cohortStatsSchema,
  /** Canary runs of the release vs production runs of the other releases, same window. */
  comparison: z.object({ canary: cohortStatsSchema, production: cohortStatsSchema }),
});

/** One gold-set result as the API answers it. */
export const evalResultSchema = z.object({
  id: z.string(),
  release: z.string(),
  goldSet: z.string(),
  passed: z.number(),
  total: z.number(),
  passRate: z.number(),
  ranAt: z.string(),
  createdAt: z.string(),
});

export const evalsResponse = z.object({ evals: z.array(evalResultSchema) });
