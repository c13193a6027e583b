// Response schema of GET /api/v1/review (CONTRACT §6); lib/shared/review.ts takes its types from it.
import { z } from "zod";
import { FAILURE_CATEGORIES } from "../contract-enums";
import { fixItemSchema } from "./fix-items";
import { reviewRiskSchema } from "./governance";
import { reviewGuardrailsSchema } from "./guardrails";
import { latencyPercentilesSchema, overviewResponse, workflowMetricsSchema } from "./metrics";

export const reviewFailureSchema = z.object({
  category: z.enum(FAILURE_CATEGORIES),
  reason: z.string(),
  count: z.number(),
  previousCount: z.number(),
  share: z.number().nullable(),
  fixItem: fixItemSchema.nullable(),
});

export const reviewWorkflowSchema = z.object({
  workflow: z.string(),
  current: workflowMetricsSchema.nullable(),
  previous: workflowMetricsSchema.nullable(),
});

export const reviewToolSchema = z.object({
  tool: z.string(),
  calls: z.number(),
  latencyMs: latencyPercentilesSchema,
  previousP95Ms: z.number().nullable(),
  errorRate: z.number().nullable(),
});

export const reviewReleaseSchema = z.object({
  release: z.string(),
  previousRelease: z.string(),
  current: overviewResponse,
  previous: overviewResponse,
  /** Each release's window: from its first run to the week's end (the runs behind its numbers). */
  currentFrom: z.string(),
  previousFrom: z.string(),
  to: z.string(),
  /** Environments each release's runs came from (a canary beside production says why the run counts differ). */
  environments: z.array(z.string()),
  previousEnvironments: z.array(z.string()),
});

export const reviewSchema = z.object({
  week: z.string(),
  previousWeek: z.string(),
  from: z.string(),
  to: z.string(),
  kpis: z.object({ current: overviewResponse, previous: overviewResponse }),
  workflows: z.array(reviewWorkflowSchema),
  topFailures: z.array(reviewFailureSchema),
  topToolsByP95: z.array(reviewToolSchema),
  sinceRelease: reviewReleaseSchema.nullable(),
  /** Risks whose review is due by the week's end or whose linked objective is at risk (issue 18). */
  risks: z.array(reviewRiskSchema),
  /** Budget breaches, blocked calls, storms and loops, duplicate side effects: this week and last (issue 17). */
  guardrails: reviewGuardrailsSchema,
});
