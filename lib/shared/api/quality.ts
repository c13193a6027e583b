// Response schemas of GET /api/v1/metrics/quality and /api/v1/metrics/automation-value (issue 17,
// docs/quality.md): the routes declare them, the hooks parse with them, lib/shared/quality.ts takes
// its types from them.
import { z } from "zod";

const instant = z.string();

/** Scored runs of one UTC day and their score: null mean/p10 = no scored run (a gap, never 0). */
export const qualityDaySchema = z.object({
  /** The UTC day, YYYY-MM-DD; its runs are [day 00:00Z, next day 00:00Z) clipped to the window. */
  day: z.string(),
  scoredRuns: z.number(),
  meanQualityScore: z.number().nullable(),
  p10QualityScore: z.number().nullable(),
});

/** The latest gold-set result (CONTRACT §6) that ran before the window's end, or null when none. */
export const goldSetRefSchema = z.object({
  release: z.string(),
  goldSet: z.string(),
  passed: z.number(),
  total: z.number(),
  passRate: z.number(),
  ranAt: instant,
});

/** 7-day mean vs 28-day mean, both ending at the window's `to` (docs/quality.md). */
export const qualityDriftSchema = z.object({
  recentScoredRuns: z.number(),
  recentMeanQualityScore: z.number().nullable(),
  baselineScoredRuns: z.number(),
  baselineMeanQualityScore: z.number().nullable(),
  /** baseline − recent (positive = quality fell); null without both means. */
  drop: z.number().nullable(),
  drifting: z.boolean(),
});

const qualityGroupShape = {
  scoredRuns: z.number(),
  meanQualityScore: z.number().nullable(),
  p10QualityScore: z.number().nullable(),
  days: z.array(qualityDaySchema),
  goldSet: goldSetRefSchema.nullable(),
  drift: qualityDriftSchema,
};

export const workflowQualitySchema = z.object({ workflow: z.string(), ...qualityGroupShape });
export const releaseQualitySchema = z.object({ release: z.string(), ...qualityGroupShape });

export const qualityResponse = z.object({
  window: z.object({ from: instant, to: instant }),
  /** The project's qualityDriftMargin (score points) the flags were computed with. */
  driftMargin: z.number(),
  driftWindows: z.object({ recent: z.object({ from: instant, to: instant }), baseline: z.object({ from: instant, to: instant }) }),
  workflows: z.array(workflowQualitySchema),
  releases: z.array(releaseQualitySchema),
});

export const AUTOMATION_VERDICTS = ["pays", "does_not_pay", "unknown"] as const;

export const automationValueSchema = z.object({
  runs: z.number(),
  successes: z.number(),
  escalations: z.number(),
  failures: z.number(),
  /** Agent spend: sum of costUsd. */
  totalCostUsd: z.number(),
  /** Human spend: sum of escalation.reviewCostUsd. */
  reviewCostUsd: z.number(),
  /** Escalated runs that reported a reviewCostUsd. */
  reviewedEscalations: z.number(),
  costPerSuccessUsd: z.number().nullable(),
  /** Sum over escalated runs of costUsd + reviewCostUsd. */
  escalationCostUsd: z.number(),
  humanShare: z.number().nullable(),
  costPerResolvedTaskUsd: z.number().nullable(),
  /** Mean reviewCostUsd of the escalations that reported one: what a person's resolution costs. */
  humanCostPerResolutionUsd: z.number().nullable(),
  /** successes × humanCostPerResolutionUsd − totalCostUsd; null without a human cost. */
  netValueUsd: z.number().nullable(),
  verdict: z.enum(AUTOMATION_VERDICTS),
});

export const workflowAutomationValueSchema = automationValueSchema.extend({ workflow: z.string() });

export const automationValueResponse = z.object({
  workflows: z.array(workflowAutomationValueSchema),
  total: automationValueSchema,
});
