// Response schemas of /api/v1/runs (CONTRACT §2, §4, §5): the ingest answer, the runs list and
// the run as sent. lib/shared/runs-query.ts and run-schema.ts take their types from them.
import { z } from "zod";
import { ENVIRONMENTS, FAILURE_CATEGORIES, OUTCOMES, TOOL_CALL_STATUSES } from "../contract-enums";
import { DETECTION_KINDS } from "../detectors";
import { budgetBreachSchema } from "./budgets";

const failure = z.object({ category: z.enum(FAILURE_CATEGORIES), reason: z.string(), critical: z.boolean() }).nullable();
const escalation = z.object({ reason: z.string(), reviewCostUsd: z.number().nullable() }).nullable();

/** The identity and timing fields every run answer has. */
const runFields = {
  id: z.string(),
  traceId: z.string(),
  sessionId: z.string(),
  workflow: z.string(),
  environment: z.enum(ENVIRONMENTS),
  model: z.string(),
  promptVersion: z.string(),
  release: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  /** endedAt - startedAt. */
  durationMs: z.number(),
  outcome: z.enum(OUTCOMES),
  failure,
  escalation,
};

/** One row of the runs list (the API's `runs[]`). */
export const runListItemSchema = z.object({
  ...runFields,
  costUsd: z.number(),
  qualityScore: z.number().nullable(),
  toolCallCount: z.number(),
  /** Only with the `tool` filter: that tool's slowest call in this run (ms). */
  toolLatencyMs: z.number().optional(),
});

export const runsPageSchema = z.object({
  runs: z.array(runListItemSchema),
  nextCursor: z.string().nullable(),
  /** The exact number of runs matching the filters (all pages, not this page). */
  total: z.number(),
});

export const toolCallAsSentSchema = z.object({
  name: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  /** endedAt - startedAt. */
  latencyMs: z.number(),
  status: z.enum(TOOL_CALL_STATUSES),
  errorType: z.string().nullable(),
  retry: z.boolean(),
  costUsd: z.number(),
  /** The value as sent, or (when `inputTruncated`) the first 8 KB of its JSON text. */
  input: z.unknown(),
  inputTruncated: z.boolean(),
  output: z.unknown(),
  outputTruncated: z.boolean(),
  /** As sent; null when absent (CONTRACT §2). */
  idempotencyKey: z.string().nullable(),
  sideEffect: z.boolean().nullable(),
});

/** What the guardrail detectors found in the run at ingest (issue 17, docs/guardrails.md). */
export const detectionSchema = z.object({
  kind: z.enum(DETECTION_KINDS),
  /** The tool; for a cycle, the tools of one round joined with " → ". */
  tool: z.string(),
  count: z.number(),
  /** The cost of the repeated calls beyond the first (USD). */
  wastedCostUsd: z.number(),
  /** The calls involved: their 0-based positions in `toolCalls`, in order. */
  calls: z.array(z.number()),
});

/**
 * A run as Keel returns it (GET /api/v1/runs/{id}): the §2 fields with defaults applied, absent
 * optional fields as null (so it can be sent again as is), timestamps in UTC at millisecond precision.
 */
export const runAsSentSchema = z.object({
  ...runFields,
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }).nullable(),
  costUsd: z.number(),
  qualityScore: z.number().nullable(),
  toolCalls: z.array(toolCallAsSentSchema),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  receivedAt: z.string(),
  /** Keel's own reading of the calls, not part of what was sent: empty when nothing was found. */
  detections: z.array(detectionSchema),
  /** The workflow-budget limits the run went over (tool_calls, duration, tokens, cost order); empty when none. */
  budgetBreaches: z.array(budgetBreachSchema),
});

const issue = z.object({ path: z.string(), message: z.string() });

/** POST /api/v1/runs (CONTRACT §4). */
export const ingestResultSchema = z.object({
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.array(
    z.object({
      /** Position of the run in the batch (0 for a single run). */
      index: z.number(),
      /** The run's id when it sent a string one, else null. */
      id: z.string().nullable(),
      errors: z.array(issue),
    }),
  ),
});
