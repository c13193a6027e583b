import "server-only";
// OpenTelemetry ingest (CONTRACT §7): keep every decoded span, then rebuild the run of each trace
// touched whose root span is stored, through the same validation as POST /api/v1/runs.
import { validateRun } from "@/lib/shared/run-schema";
import type { Database } from "../db";
import { normalizeRun } from "../ingest/normalize";
import { traceToRun } from "./mapping";
import { loadTraceSpans, lockTrace, replaceRun, storeSpans } from "./store";
import type { DecodedRequest } from "./types";

export interface OtelIngestResult {
  /** Spans refused by the decoder (bad ids or times); all others are stored. */
  rejectedSpans: number;
  /** Runs written (created or rebuilt) by this request. */
  runs: number;
  /** Why spans were refused or a trace made no valid run; empty when all went well. */
  errorMessage: string;
}

const MAX_SPANS_PER_STATEMENT = 5000;

export async function ingestOtelSpans(db: Database, projectId: string, decoded: DecodedRequest): Promise<OtelIngestResult> {
  const messages = [...decoded.errors];
  for (let i = 0; i < decoded.spans.length; i += MAX_SPANS_PER_STATEMENT)
    await storeSpans(db.sql, projectId, decoded.spans.slice(i, i + MAX_SPANS_PER_STATEMENT));

  let runs = 0;
  // Sorted: one lock order for every request, so two requests never wait on each other in a cycle.
  const traceIds = [...new Set(decoded.spans.map((s) => s.traceId))].sort();
  for (const traceId of traceIds) {
    const problem = await db.sql.transaction(async (tx) => {
      await lockTrace(tx, projectId, traceId);
      const value = traceToRun(traceId, await loadTraceSpans(tx, projectId, traceId));
      if (value === null) return null; // the root span has not arrived yet
      const checked = validateRun(value);
      const normalized = checked.ok ? normalizeRun(checked.run) : checked;
      if (!normalized.ok)
        return `trace ${traceId}: no run: ${normalized.errors.map((e) => `${e.path || "(run)"}: ${e.message}`).join("; ")}`;
      await replaceRun(tx, projectId, normalized.row);
      runs++;
      return null;
    });
    if (problem && messages.length < 10) messages.push(problem);
  }
  return { rejectedSpans: decoded.rejected, runs, errorMessage: messages.join("; ") };
}
