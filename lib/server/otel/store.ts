import "server-only";
// otel_spans: every span received is kept as sent (ON CONFLICT DO NOTHING: an exporter's retry
// changes nothing). A trace's run is rebuilt from all its stored spans and replaced in one
// transaction, under a per-trace advisory lock so that two requests carrying spans of the same
// trace rebuild one after the other and the later one sees every span.
import type { SqlRunner } from "../db/sql-runner";
import type { RunRow } from "../ingest/normalize";
import { RUN_COLUMNS, TOOL_CALL_COLUMNS, type Column, type ToolCallWithRun } from "../ingest/store";
import type { TraceSpan } from "./mapping";
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
];

/** Same shape as lib/server/ingest/store.ts: the project id once, every column as an array. */
function unnestInsert<R>(table: string, columns: Column<R>[], suffix: string): string {
  const names = ['"projectId"', ...columns.map((c) => `"${c.name}"`)].join(", ");
  const arrays = columns.map((c, i) => `$${i + 2}::${c.type}`).join(", ");
  return `INSERT INTO "${table}" (${names}) SELECT $1::text, u.* FROM unnest(${arrays}) AS u ${suffix}`;
}

const INSERT_SPANS = unnestInsert("otel_spans", SPAN_COLUMNS, 'ON CONFLICT ("projectId", "traceId", "spanId") DO NOTHING');
const UPSERT_RUN = unnestInsert(
  "runs",
  RUN_COLUMNS,
  `ON CONFLICT ("projectId", "id") DO UPDATE SET ${RUN_COLUMNS.map((c) => `"${c.name}" = EXCLUDED."${c.name}"`).join(", ")}
   RETURNING "pk"::text AS pk`,
);
const INSERT_TOOL_CALLS = unnestInsert("tool_calls", TOOL_CALL_COLUMNS, "");

export async function storeSpans(sql: SqlRunner, projectId: string, spans: DecodedSpan[]): Promise<void> {
  if (spans.length === 0) return;
  await sql.query(INSERT_SPANS, [projectId, ...SPAN_COLUMNS.map((c) => spans.map(c.value))]);
}

type Tx = Omit<SqlRunner, "transaction">;

/** Serialises rebuilds of one trace (held until the transaction ends; works on PGlite too). */
export async function lockTrace(tx: Tx, projectId: string, traceId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`otel:${projectId}:${traceId}`]);
}

export async function loadTraceSpans(tx: Tx, projectId: string, traceId: string): Promise<TraceSpan[]> {
  const rows = await tx.query<{
    spanId: string;
    parentSpanId: string | null;
    name: string;
    startMs: string | number;
    endMs: string | number;
    statusCode: number;
    statusMessage: string | null;
    attributes: unknown;
    resourceAttributes: unknown;
  }>(
    `SELECT "spanId", "parentSpanId", "name", "statusCode", "statusMessage",
            "attributes"::text AS "attributes", "resourceAttributes"::text AS "resourceAttributes",
            round(extract(epoch FROM "startedAt") * 1000)::float8 AS "startMs",
            round(extract(epoch FROM "endedAt") * 1000)::float8 AS "endMs"
       FROM "otel_spans" WHERE "projectId" = $1 AND "traceId" = $2`,
    [projectId, traceId],
  );
  return rows.map((r) => ({
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    name: r.name,
    startMs: Number(r.startMs),
    endMs: Number(r.endMs),
    statusCode: Number(r.statusCode),
    statusMessage: r.statusMessage,
    attributes: JSON.parse(String(r.attributes)),
    resourceAttributes: r.resourceAttributes == null ? null : JSON.parse(String(r.resourceAttributes)),
  }));
}

/**
 * Upserts the run from `row` and replaces its tool calls. An update rather than delete + insert
 * keeps the run's pk, so incident links to it survive a rebuild.
 */
export async function replaceRun(tx: Tx, projectId: string, row: RunRow): Promise<void> {
  const [saved] = await tx.query<{ pk: string }>(UPSERT_RUN, [projectId, ...RUN_COLUMNS.map((c) => [c.value(row)])]);
  const runPk = String(saved.pk);
  await tx.query(`DELETE FROM "tool_calls" WHERE "runPk" = $1::bigint`, [runPk]);
  const calls: ToolCallWithRun[] = row.toolCalls.map((call) => ({ runPk, runStartedAt: row.startedAt, call }));
  if (calls.length) await tx.query(INSERT_TOOL_CALLS, [projectId, ...TOOL_CALL_COLUMNS.map((c) => calls.map(c.value))]);
}
