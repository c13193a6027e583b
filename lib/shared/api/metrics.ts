// Response schemas of /api/v1/metrics/* (CONTRACT §5): the routes declare them, the hooks parse
// with them, and lib/shared/metrics.ts takes its types from them (one definition of each shape).
import { z } from "zod";
import { FAILURE_CATEGORIES } from "../contract-enums";

const rate = z.number().nullable();

/** null = no data (no calls or runs): a gap, never 0. */
export const latencyPercentilesSchema = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() });

/** CONTRACT §5 overview, plus the counts behind its rates (additive fields). */
export const overviewResponse = z.object({
  runs: z.number(),
  sessions: z.number(),
  successRate: rate,
  escalationRate: rate,
  failureRate: rate,
  totalCostUsd: z.number(),
  costPerSuccessUsd: z.number().nullable(),
  costPerEscalationUsd: z.number().nullable(),
  retryCostUsd: z.number(),
  incidentRatePer1kSessions: z.number().nullable(),
  criticalPolicyViolations: z.number(),
  runLatencyMs: latencyPercentilesSchema,
  successes: z.number(),
  escalations: z.number(),
  failures: z.number(),
  incidentsOpened: z.number(),
});

export const workflowMetricsSchema = z.object({
  workflow: z.string(),
  runs: z.number(),
  successRate: rate,
  escalationRate: rate,
  failureRate: rate,
  totalCostUsd: z.number(),
  costPerSuccessUsd: z.number().nullable(),
  runLatencyMs: latencyPercentilesSchema,
  successes: z.number(),
  escalations: z.number(),
  failures: z.number(),
  costPerEscalationUsd: z.number().nullable(),
  retryCostUsd: z.number(),
});

export const toolMetricsSchema = z.object({
  tool: z.string(),
  calls: z.number(),
  errorRate: rate,
  latencyMs: latencyPercentilesSchema,
  errors: z.number(),
});

export const failureReasonMetricsSchema = z.object({
  category: z.enum(FAILURE_CATEGORIES),
  reason: z.string(),
  count: z.number(),
  share: rate,
});

export const releaseMetricsSchema = z.object({
  release: z.string(),
  runs: z.number(),
  successes: z.number(),
  escalations: z.number(),
  successRate: rate,
  totalCostUsd: z.number(),
  costPerSuccessUsd: z.number().nullable(),
  costPerEscalationUsd: z.number().nullable(),
  retryCostUsd: z.number(),
  firstRunAt: z.string(),
  lastRunAt: z.string(),
});

export const bucketSchema = z.enum(["hour", "day"]);

/** A bucket is [start, end) in the requested time zone; its runs are also clipped to the window. */
export const runBucketSchema = overviewResponse.extend({
  start: z.string(),
  end: z.string(),
  failuresByCategory: z.record(z.enum(FAILURE_CATEGORIES), z.number()),
});

export const toolBucketSchema = z.object({
  start: z.string(),
  end: z.string(),
  calls: z.number(),
  errors: z.number(),
  errorRate: rate,
  latencyMs: latencyPercentilesSchema,
});

export const workflowBucketSchema = z.object({
  start: z.string(),
  end: z.string(),
  runs: z.number(),
  successRate: rate,
  escalationRate: rate,
  failureRate: rate,
});

export const timeseriesResponse = z.discriminatedUnion("series", [
  z.object({ series: z.literal("runs"), bucket: bucketSchema, timeZone: z.string(), points: z.array(runBucketSchema) }),
  z.object({ series: z.literal("tool"), bucket: bucketSchema, timeZone: z.string(), tool: z.string(), points: z.array(toolBucketSchema) }),
  z.object({
    series: z.literal("workflows"),
    bucket: bucketSchema,
    timeZone: z.string(),
    workflows: z.array(z.object({ workflow: z.string(), points: z.array(workflowBucketSchema) })),
  }),
]);

export const workflowsResponse = z.object({ workflows: z.array(workflowMetricsSchema) });
export const toolsResponse = z.object({ tools: z.array(toolMetricsSchema) });
export const failuresResponse = z.object({ failures: z.array(failureReasonMetricsSchema) });
export const releaseMetricsResponse = z.object({ releases: z.array(releaseMetricsSchema) });
