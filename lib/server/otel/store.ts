import "server-only";
// otel_spans: every span received is kept as sent, events included (ON CONFLICT DO NOTHING: an
// exporter's retry changes nothing). The runs of the traces a request touched are then rebuilt from
// all their stored spans, a few hundred traces per transaction in six statements whatever their
// number: lock the traces (advisory locks, in one order), load their spans, read which of their
// ids are native runs, upsert the runs, replace their tool calls. Two requests carrying spans of
// the same trace rebuild one after the other, and the later one sees every span.
import type { SqlRunner } from "../db/sql-runner";
import type { RunRow } from "../ingest/normalize";
import {
  columnArrays,
  INSERT_TOOL_CALLS,
  RUN_COLUMNS,
  TOOL_CALL_COLUMNS,
  unnestInsert,
  withDeadlockRetry,
  type Column,
  type ToolCallWithRun,
} from "../ingest/store";
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
  { name: "resourceAttributes", type: "text[]::jsonb[]", value: (s) => (s.resourceAttributes ? JSON.stringify(s.resourceAttributes) : null) },
  { name: "events", type: "text[]::jsonb[]", value: (s) => (s.events.length ? JSON.stringify(s.events.map(eventJson)) : null) },
];

const eventJson = (e: DecodedSpan["events"][number]): TraceEvent => ({
  name: e.name,
  timeUnixNano: e.timeUnixNano.toString(),
  attributes: e.attributes,
});

const INSERT_SPANS = unnestInsert("otel_spans", SPAN_COLUMNS, 'ON CONFLICT ("projectId", "traceId", "spanId") DO NOTHING');
// A run sent natively (source 'api') under the same id is never overwritten: the WHERE makes the
// conflict a no-op, and RETURNING then leaves that id out.
const UPSERT_RUNS = unnestInsert(
  "runs",
  RUN_COLUMNS,
  `ON CONFLICT ("projectId", "id") DO UPDATE SET ${RUN_COLUMNS.map((c) => `"${c.name}" = EXCLUDED."${c.name}"`).join(", ")}
   WHERE "runs"."source" = 'otel'
   RETURNING "pk"::text AS pk, "id"`,
);

export async function storeSpans(sql: SqlRunner, projectId: string, spans: DecodedSpan[]): Promise<void> {
  if (spans.length === 0) return;
  await sql.query(INSERT_SPANS, [projectId, ...columnArrays(SPAN_COLUMNS, spans)]);
}

type Tx = Omit<SqlRunner, "transaction">;

/**
 * Serialises rebuilds of these traces (held until the transaction ends; works on PGlite too).
 * Locks are taken in one order (the sorted keys; OFFSET 0 keeps the sort below the lock calls),
 * so two transactions never wait on each other in a cycle.
 */
export async function lockTraces(tx: Tx, projectId: string, traceIds: string[]): Promise<void> {
  await tx.query(
    `SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
       FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k OFFSET 0) AS sorted`,
    [traceIds.map((t) => `otel:${projectId}:${t}`)],
  );
}

/** Every stored span of these traces, grouped by trace. */
export async function loadTraces(tx: Tx, projectId: string, traceIds: string[]): Promise<Map<string, TraceSpan[]>> {
  const rows = await tx.query<{
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
       FROM "otel_spans" WHERE "projectId" = $1 AND "traceId" = ANY($2::text[])`,
    [projectId, traceIds],
  );
  const byTrace = new Map<string, TraceSpan[]>();
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

/** The ids among these that are runs sent natively (POST /api/v1/runs): never rebuilt. */
export async function nativeRunIds(tx: Tx, projectId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.query<{ id: string }>(
    `SELECT "id" FROM "runs" WHERE "projectId" = $1 AND "id" = ANY($2::text[]) AND "source" <> 'otel'`,
    [projectId, ids],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Upserts the runs and replaces their tool calls. An update rather than delete + insert keeps each
 * run's pk, so incident links to it survive a rebuild. Returns the ids written (a native run that
 * appeared meanwhile under one of these ids is left as it is and not returned).
 */
export async function replaceRuns(tx: Tx, projectId: string, rows: RunRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const saved = await tx.query<{ pk: string; id: string }>(UPSERT_RUNS, [projectId, ...columnArrays(RUN_COLUMNS, rows)]);
  const pkById = new Map(saved.map((r) => [r.id, String(r.pk)]));
  if (pkById.size === 0) return new Set();
  await tx.query(`DELETE FROM "tool_calls" WHERE "runPk" = ANY($1::text[]::bigint[])`, [[...pkById.values()]]);
  const calls: ToolCallWithRun[] = [];
  for (const row of rows) {
    const runPk = pkById.get(row.id);
    if (runPk !== undefined) for (const call of row.toolCalls) calls.push({ runPk, runStartedAt: row.startedAt, call });
  }
  if (calls.length) await tx.query(INSERT_TOOL_CALLS, [projectId, ...columnArrays(TOOL_CALL_COLUMNS, calls)]);
  return new Set(pkById.keys());
}

