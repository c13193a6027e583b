import "server-only";
// GET /api/v1/runs/{id}: the run as sent (CONTRACT §2, §5), built on the run-detail query so the
// SQL lives in one place. Tool-call payloads come back as the JSON value that was sent, or, when
// cut at 8 KB, as the stored text with `inputTruncated` / `outputTruncated` set.
import type { Run } from "@/lib/shared/run-schema";
import type { Db } from "../db/handle";
import { getRunDetail } from "./run-detail";

/** null for an unknown id or another project's run (→ 404, never revealing which). */
export async function getRunAsSent(db: Db, projectId: string, runId: string): Promise<Run | null> {
  const detail = await getRunDetail(db, projectId, runId);
  if (!detail) return null;
  return {
    id: detail.id,
    traceId: detail.traceId,
    sessionId: detail.sessionId,
    workflow: detail.workflow,
    environment: detail.environment,
    model: detail.model,
    promptVersion: detail.promptVersion,
    release: detail.release,
    startedAt: detail.startedAt,
    endedAt: detail.endedAt,
    durationMs: detail.durationMs,
    outcome: detail.outcome,
    failure: detail.failure,
    escalation: detail.escalation,
    usage: detail.usage,
    costUsd: detail.costUsd,
    qualityScore: detail.qualityScore,
    toolCalls: detail.toolCalls.map((c) => ({
      name: c.name,
      startedAt: c.startedAt,
      endedAt: c.endedAt,
      latencyMs: c.latencyMs,
      status: c.status,
      errorType: c.errorType,
      retry: c.retry,
      costUsd: c.costUsd,
      input: payload(c.input, c.inputTruncated),
      inputTruncated: c.inputTruncated,
      output: payload(c.output, c.outputTruncated),
      outputTruncated: c.outputTruncated,
      idempotencyKey: c.idempotencyKey,
      sideEffect: c.sideEffect,
    })),
    metadata: (detail.metadata ?? null) as Record<string, unknown> | null,
    receivedAt: detail.receivedAt,
    detections: detail.detections.map((d) => ({ kind: d.kind, tool: d.tool, count: d.count, wastedCostUsd: d.wastedCostUsd, calls: d.calls })),
    budgetBreaches: detail.budgetBreaches,
  };
}

function payload(text: string | null, truncated: boolean): unknown {
  if (text === null) return null;
  return truncated ? text : JSON.parse(text);
}
