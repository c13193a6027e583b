// Response schemas of release analysis and stages (CONTRACT §9): the canary verdict, the stage
// history, the deploy markers and the Flagger hook's answer. lib/shared/{canary,rollouts}.ts take
// their types from them.
import { z } from "zod";

export const CANARY_CHECKS = ["escalation_rate", "failure_rate", "critical_policy_violations", "run_p95_latency", "gold_set_pass_rate"] as const;
export const CANARY_VERDICTS = ["pass", "fail", "inconclusive"] as const;
export const RELEASE_STAGES = ["sandbox", "canary", "expansion", "full", "rolled_back"] as const;

const nullableNumber = z.number().nullable();

export const canaryCheckSchema = z.object({
  name: z.enum(CANARY_CHECKS),
  verdict: z.enum(CANARY_VERDICTS),
  /** The canary's value: a rate, a count, a p95 in ms or a pass rate (null without data). */
  canary: nullableNumber,
  /** The baseline's value (production runs of the other releases); null where there is none. */
  baseline: nullableNumber,
  /** canary − baseline for rates; canary / baseline − 1 for p95; pass rate − threshold for the gold set. */
  diff: nullableNumber,
  /** The confidence interval of `diff` (its upper bound is the one-sided bound of the test). */
  interval: z.tuple([z.number(), z.number()]).nullable(),
  n: z.object({ canary: z.number(), baseline: nullableNumber }),
  /** Canary runs needed before the check may pass. */
  minSample: nullableNumber,
  /** The margin, tolerance or minimum the check compares with. */
  threshold: nullableNumber,
  pValue: nullableNumber,
  reason: z.string(),
});

export const releaseEventSchema = z.object({
  id: z.string(),
  release: z.string(),
  stage: z.enum(RELEASE_STAGES),
  trafficPercent: nullableNumber,
  at: z.string(),
  source: z.string(),
  recordedBy: z.string().nullable(),
  createdAt: z.string(),
});

export const canaryAnalysisSchema = z.object({
  release: z.string(),
  verdict: z.enum(CANARY_VERDICTS),
  checks: z.array(canaryCheckSchema),
});

/** GET /api/v1/releases/{release}/analysis: CONTRACT §9's shape plus the window, settings and stage it used. */
export const releaseAnalysisResponse = canaryAnalysisSchema.extend({
  window: z.object({ from: z.string(), to: z.string() }),
  settings: z.object({ margin: z.number(), confidence: z.number(), latencyTolerance: z.number(), goldSetMinPassRate: z.number() }),
  /** The release's latest stage change at or before the window's end (null when none was recorded). */
  stage: releaseEventSchema.nullable(),
});

/** POST /api/v1/releases/{release}/events: the stored event; `duplicate` when the same event was already stored. */
export const releaseEventCreatedResponse = releaseEventSchema.extend({ duplicate: z.boolean() });

/** GET /api/v1/releases/{release}/events: its stage history with the KPIs 24 h before and after each change. */
const impactSideSchema = z.object({
  runs: z.number(),
  successRate: nullableNumber,
  escalationRate: nullableNumber,
  failureRate: nullableNumber,
  runP95Ms: nullableNumber,
  costPerSuccessUsd: nullableNumber,
});
export const releaseStageHistoryResponse = z.object({
  release: z.string(),
  events: z.array(releaseEventSchema.extend({ impact: z.object({ before: impactSideSchema, after: impactSideSchema }) })),
});

/** GET /api/v1/release-events?from=&to=: every stage change of the project in the window (chart markers). */
export const releaseMarkersResponse = z.object({ events: z.array(releaseEventSchema) });

/** Quality drift: gold-set history and mean qualityScore per UTC day, canary vs baseline. */
export const releaseQualityResponse = z.object({
  release: z.string(),
  days: z.array(
    z.object({
      day: z.string(),
      canary: z.object({ runs: z.number(), meanQualityScore: nullableNumber }),
      baseline: z.object({ runs: z.number(), meanQualityScore: nullableNumber }),
    }),
  ),
});

/** POST /api/v1/hooks/flagger: 200 to let Flagger go on, 403 to halt; the body says why. */
export const flaggerHookResponse = canaryAnalysisSchema.extend({ proceed: z.boolean(), phase: z.string().nullable() });
