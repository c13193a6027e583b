import "server-only";
// otel_spans: every span received is kept as sent, events included (ON CONFLICT DO NOTHING: an
// exporter's retry changes nothing). The runs of the traces a request touched are then rebuilt from
// all their stored spans, a few hundred traces per transaction in six statements whatever their
// number: lock the traces (advisory locks, in one order), load their spans, read which of their
// ids are native runs, upsert the runs, replace their tool calls. Two requests carrying spans of
// the same trace rebuild one after the other, and the later one sees every span.
import type { DbOrSqlTx, DbSqlTx } from "../db/handle";
import { columnArrays, unnestInsert, type Column } from "../ingest/store";
import type { TraceEvent, TraceSpan } from "./mapping";
import type { DecodedSpan } from "./types";

const nsToIso = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString();

const SPAN_COLUMNS: Column<DecodedSpan>[] = [
  { name: "traceId", type: "text[]", value: (s) => s.traceId },
  { name: "spanId", type: "text[]", value: (s) => s.spanId },
  { name: "parentSpanId", type: "text[]", value: (s) => s.parentSpanId },
  { name: "name", type: "text[]", value: (s) => s.name },
  { name: "kind", type: "int[]", value: (s) => s.kind },
  { name: "startedAt", type: "text[]::timestamptz[]", value: (s) => nsToIso(s.startTimeUnixNano) },
  { name: "endedAt", type: "text[]::timestamptz[]", value: (s) => nsToIso(s.endTimeUnixNano) },
  { name: "statusCode", type: "int[]", value: (s) => s.statusCode },
  { name: "statusMessage", type: "text[]", value: (s) => s.statusMessage },
  { name: "attributes", type: "text[]::jsonb[]", value: (s) => JSON.stringify(s.attributes) },
  { name: "resourceAttributes", type: "text[]::jsonb[]", value: (s) => (s.resourceAttributes ? resourceJson(s.resourceAttributes) : null) },
  { name: "events", type: "text[]::jsonb[]", value: (s) => (s.events.length ? JSON.stringify(s.events.map(eventJson)) : null) },
];

// The spans of one ResourceSpans share their resource's attributes object: serialised once.
const resourceCache = new WeakMap<object, string>();
function resourceJson(attributes: object): string {
  let json = resourceCache.get(attributes);
  if (json === undefined) resourceCache.set(attributes, (json = JSON.stringify(attributes)));
  return json;
}

const eventJson = (e: DecodedSpan["events"][number]): TraceEvent => ({
  name: e.name,
  timeUnixNano: e.timeUnixNano.toString(),
  attributes: e.attributes,
});

const INSERT_SPANS = unnestInsert(
  "otel_spans",
  SPAN_COLUMNS,
  'ON CONFLICT ("projectId", "traceId", "spanId") DO NOTHING RETURNING "traceId", "spanId"',
);
/**
 * Stores the spans (a resent one is left as first stored) and returns the ones this call stored,
 * as the mapping reads them, by trace: the rebuild then needs to load only the trace's other spans.
 */
export async function storeSpans(db: DbOrSqlTx, projectId: string, spans: DecodedSpan[]): Promise<Map<string, TraceSpan[]>> {
  const stored = new Map<string, TraceSpan[]>();
  if (spans.length === 0) return stored;
  const rows = await db.sql.query<{ traceId: string; spanId: string }>(INSERT_SPANS, [projectId, ...columnArrays(SPAN_COLUMNS, spans)]);
  const inserted = new Set(rows.map((r) => `${r.traceId}:${r.spanId}`));
  for (const s of spans) {
    if (!inserted.has(`${s.traceId}:${s.spanId}`)) continue;
    inserted.delete(`${s.traceId}:${s.spanId}`); // a span twice in one request: once
    const span = toTraceSpan(s);
    const list = stored.get(s.traceId);
    if (list) list.push(span);
    else stored.set(s.traceId, [span]);
  }
  return stored;
}

/** A decoded span as loadTraces would read it back (times cut to the stored milliseconds). */
function toTraceSpan(s: DecodedSpan): TraceSpan {
  return {
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    startMs: Number(s.startTimeUnixNano / 1_000_000n),
    endMs: Number(s.endTimeUnixNano / 1_000_000n),
    statusCode: s.statusCode,
    statusMessage: s.statusMessage,
    attributes: s.attributes,
    resourceAttributes: s.resourceAttributes,
    events: s.events.map(eventJson),
  };
}


/**
 * Serialises rebuilds of these traces (held until the transaction ends; works on PGlite too).
 * Locks are taken in one order (the sorted keys; OFFSET 0 keeps the sort below the lock calls),
 * so two transactions never wait on each other in a cycle.
 */
export async function lockTraces(tx: DbSqlTx, projectId: string, traceIds: string[]): Promise<void> {
  await tx.sql.query(
    `SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
       FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k OFFSET 0) AS sorted`,
    [traceIds.map((t) => `otel:${projectId}:${t}`)],
  );
}

/**
 * Every stored span of these traces, grouped by trace; `known` (spans the caller holds already,
 * by trace) are not read again but added to the result as they are.
 */
export async function loadTraces(
  tx: DbSqlTx,
  projectId: string,
  traceIds: string[],
  known: Map<string, TraceSpan[]> = new Map(),
): Promise<Map<string, TraceSpan[]>> {
  const skipTrace: string[] = [];
  const skipSpan: string[] = [];
  for (const traceId of traceIds)
    for (const s of known.get(traceId) ?? []) {
      skipTrace.push(traceId);
      skipSpan.push(s.spanId);
    }
  const rows = await tx.sql.query<{
    traceId: string;
    spanId: string;
    parentSpanId: string | null;
    name: string;
    startMs: string | number;
    endMs: string | number;
    statusCode: number;
    statusMessage: string | null;
    attributes: unknown;
    resourceAttributes: unknown;
    events: unknown;
  }>(
    `SELECT "traceId", "spanId", "parentSpanId", "name", "statusCode", "statusMessage",
            "attributes"::text AS "attributes", "resourceAttributes"::text AS "resourceAttributes",
            "events"::text AS "events",
            round(extract(epoch FROM "startedAt") * 1000)::float8 AS "startMs",
            round(extract(epoch FROM "endedAt") * 1000)::float8 AS "endMs"
       FROM "otel_spans" WHERE "projectId" = $1 AND "traceId" = ANY($2::text[])
        AND ("traceId", "spanId") NOT IN (SELECT * FROM unnest($3::text[], $4::text[]))`,
    [projectId, traceIds, skipTrace, skipSpan],
  );
  const byTrace = new Map<string, TraceSpan[]>();
  for (const traceId of traceIds) {
    const held = known.get(traceId);
    if (held?.length) byTrace.set(traceId, [...held]);
  }
  for (const r of rows) {
    const span: TraceSpan = {
      spanId: r.spanId,
      parentSpanId: r.parentSpanId,
      name: r.name,
      startMs: Number(r.startMs),
      endMs: Number(r.endMs),
      statusCode: Number(r.statusCode),
      statusMessage: r.statusMessage,
      attributes: JSON.parse(String(r.attributes)),
      resourceAttributes: r.resourceAttributes == null ? null : JSON.parse(String(r.resourceAttributes)),
      events: r.events == null ? [] : JSON.parse(String(r.events)),
    };
    const list = byTrace.get(r.traceId);
    if (list) list.push(span);
    else byTrace.set(r.traceId, [span]);
  }
  return byTrace;
}
