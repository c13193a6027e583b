import "server-only";
// OpenTelemetry ingest (CONTRACT §7): keep every decoded span, then rebuild the run of each trace
// touched whose root span is stored, through the same validation as POST /api/v1/runs. The same
// rebuild serves `keel otel remap` (./remap.ts).
import { validateRun } from "@/lib/shared/run-schema";
import type { Database } from "../db";
import { sqlTransaction, type Db, type DbSqlTx } from "../db/handle";
import { noteRowsWritten } from "../db/maintenance";
import { normalizeRun, type RunRow } from "../ingest/normalize";
import { withDeadlockRetry, writeRuns } from "../ingest/store";
import { orderedToolSpans, traceToRun, type TraceSpan } from "./mapping";
import { loadTraces, lockTraces, storeSpans } from "./store";
import type { DecodedRequest } from "./types";

export interface OtelIngestResult {
  /** Spans refused by the decoder (bad ids or times); all others are stored. */
  rejectedSpans: number;
  /** Runs written (created or rebuilt) by this request. */
  runs: number;
  /** Why spans were refused or a trace made no valid run; empty when all went well. */
  errorMessage: string;
}

export interface RebuildResult {
  /** Runs created or rebuilt. */
  written: number;
  /** Traces whose id is a run sent through POST /api/v1/runs: spans kept, run left as sent. */
  keptNative: string[];
  /** Traces whose root span has not arrived: no run yet. */
  withoutRoot: number;
  /** Traces that made no valid run, with the reason (the spans stay stored). */
  invalid: { traceId: string; message: string }[];
}

const MAX_SPANS_PER_STATEMENT = 5000;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Traces rebuilt per transaction: short enough never to hold PGlite's one connection for long. */
export const TRACES_PER_TRANSACTION = 256;

export async function ingestOtelSpans(db: Database, projectId: string, decoded: DecodedRequest): Promise<OtelIngestResult> {
  const messages = [...decoded.errors];
  // One order for every writer (by trace, then span): two requests resending the same spans wait
  // on each other's rows in the same order, never in a cycle.
  const spans = [...decoded.spans].sort((a, b) => compare(a.traceId, b.traceId) || compare(a.spanId, b.spanId));
  const traceIds = [...new Set(spans.map((s) => s.traceId))];
  let result: RebuildResult;
  if (spans.length === 0) {
    result = { written: 0, keptNative: [], withoutRoot: 0, invalid: [] };
  } else if (spans.length <= MAX_SPANS_PER_STATEMENT && traceIds.length <= TRACES_PER_TRANSACTION) {
    // The usual export (an SDK batch: 512 spans): spans and runs in one transaction, one commit.
    result = await withDeadlockRetry(() =>
      sqlTransaction(db, async (tx) => rebuildChunk(tx, projectId, traceIds, await storeSpans(tx, projectId, spans))),
    );
  } else {
    // The spans this request stored, held so the rebuild reads only each trace's other spans back.
    const fresh = new Map<string, TraceSpan[]>();
    for (let i = 0; i < spans.length; i += MAX_SPANS_PER_STATEMENT)
      for (const [traceId, stored] of await storeSpans(db, projectId, spans.slice(i, i + MAX_SPANS_PER_STATEMENT)))
        fresh.set(traceId, [...(fresh.get(traceId) ?? []), ...stored]);
    result = await rebuildTraces(db, projectId, traceIds, fresh);
  }
  if (result.keptNative.length)
    messages.push(
      `${result.keptNative.length === 1 ? `trace ${result.keptNative[0]}` : `traces ${result.keptNative.slice(0, 5).join(", ")}${result.keptNative.length > 5 ? ", …" : ""}`}: ` +
        `a run with this id was sent through POST /api/v1/runs; the spans are kept and that run is left as sent`,
    );
  for (const { traceId, message } of result.invalid.slice(0, 10)) messages.push(`trace ${traceId}: no run: ${message}`);
  if (decoded.spans.length > 0) noteRowsWritten(db, decoded.spans.length);
  return { rejectedSpans: decoded.rejected, runs: result.written, errorMessage: messages.join("; ") };
}

/**
 * Rebuilds the runs of these traces from their stored spans, TRACES_PER_TRANSACTION at a time.
 * `fresh`: spans of these traces the caller has just stored (not read back).
 */
export async function rebuildTraces(
  db: Db,
  projectId: string,
  traceIds: string[],
  fresh: Map<string, TraceSpan[]> = new Map(),
): Promise<RebuildResult> {
  const total: RebuildResult = { written: 0, keptNative: [], withoutRoot: 0, invalid: [] };
  // Sorted: one lock order for every request, so two requests never wait on each other in a cycle.
  const sorted = [...traceIds].sort();
  for (let i = 0; i < sorted.length; i += TRACES_PER_TRANSACTION) {
    const chunk = sorted.slice(i, i + TRACES_PER_TRANSACTION);
    const part = await withDeadlockRetry(() => sqlTransaction(db, (tx) => rebuildChunk(tx, projectId, chunk, fresh)));
    total.written += part.written;
    total.keptNative.push(...part.keptNative);
    total.withoutRoot += part.withoutRoot;
    total.invalid.push(...part.invalid);
  }
  return total;
}

async function rebuildChunk(
  tx: DbSqlTx,
  projectId: string,
  traceIds: string[],
  fresh: Map<string, TraceSpan[]>,
): Promise<RebuildResult> {
  await lockTraces(tx, projectId, traceIds);
  const spansByTrace = await loadTraces(tx, projectId, traceIds, fresh);
  const result: RebuildResult = { written: 0, keptNative: [], withoutRoot: 0, invalid: [] };
  const rows: RunRow[] = [];
  for (const traceId of traceIds) {
    const spans = spansByTrace.get(traceId) ?? [];
    const value = traceToRun(traceId, spans);
    if (value === null) {
      result.withoutRoot++; // the root span has not arrived yet
      continue;
    }
    const checked = validateRun(value);
    const normalized = checked.ok ? normalizeRun(checked.run) : checked;
    if (!normalized.ok) {
      result.invalid.push({ traceId, message: normalized.errors.map((e) => `${e.path || "(run)"}: ${e.message}`).join("; ") });
      continue;
    }
    const row = normalized.row;
    row.source = "otel";
    const toolSpans = orderedToolSpans(spans);
    row.toolCalls.forEach((call, i) => (call.spanId = toolSpans[i]?.spanId ?? null));
    rows.push(row);
  }
  const written = await writeRuns(tx, projectId, rows, "rebuild-otel");
  result.written = written.size;
  // A run sent natively under this id: the upsert's WHERE left it alone, and RETURNING left it out.
  for (const row of rows) if (!written.has(row.id)) result.keptNative.push(row.id);
  return result;
}
