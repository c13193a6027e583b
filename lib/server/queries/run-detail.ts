import "server-only";
// One run with its tool calls, for the run-detail page (the waterfall needs offsets and the
// truncation flags that the "as sent" API of lib/server/queries/runs-read.ts does not carry).
import type { Db } from "../db/handle";
import type { RunDetail, SpanEventView, ToolCallView } from "@/lib/shared/run-detail";
import type { Detection } from "@/lib/shared/detectors";
import { RUN_LIST_COLUMNS, toListItem } from "./runs-list";
import { getRunBudgetBreaches } from "./budgets";

type RunRow = Parameters<typeof toListItem>[0] & {
  pk: string;
  inputTokens: number | null;
  outputTokens: number | null;
  metadata: unknown;
  receivedAt: Date | string;
  source: string;
};

interface CallRow {
  seq: number;
  name: string;
  startedAt: Date | string;
  endedAt: Date | string;
  latencyMs: number;
  status: ToolCallView["status"];
  errorType: string | null;
  retry: boolean;
  costUsd: number;
  input: string | null;
  inputTruncated: boolean;
  output: string | null;
  outputTruncated: boolean;
  spanId: string | null;
  idempotencyKey: string | null;
  sideEffect: boolean | null;
}

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** null for an unknown id or another project's run (the page then answers 404). */
export async function getRunDetail(db: Db, projectId: string, runId: string): Promise<RunDetail | null> {
  const [run] = await db.sql.query<RunRow>(
    `SELECT r."pk"::text AS "pk", ${RUN_LIST_COLUMNS},
       r."inputTokens", r."outputTokens", r."metadata", r."receivedAt", r."source"
     FROM "runs" r WHERE r."projectId" = $1 AND r."id" = $2`,
    [projectId, runId],
  );
  if (!run) return null;
  const calls = await db.sql.query<CallRow>(
    `SELECT "seq", "name", "startedAt", "endedAt", "latencyMs", "status"::text AS "status", "errorType", "retry",
       "costUsd", "input", "inputTruncated", "output", "outputTruncated", "spanId",
       "idempotencyKey", "sideEffect"
     FROM "tool_calls" WHERE "runPk" = $1::bigint AND "projectId" = $2 ORDER BY "seq"`,
    [run.pk, projectId],
  );
  const detections = await db.sql.query<Detection>(
    `SELECT "kind"::text AS "kind", "tool", "count", "wastedCostUsd", "calls"
     FROM "run_detections" WHERE "runPk" = $1::bigint AND "projectId" = $2 ORDER BY "seq"`,
    [run.pk, projectId],
  );
  const budgetBreaches = await getRunBudgetBreaches(db, projectId, String(run.pk));
  const runStart = date(run.startedAt).getTime();
  const source = run.source === "otel" ? "otel" : "api";
  const spans = source === "otel" ? await loadSpanEvents(db, projectId, run.traceId, runStart) : new Map<string, SpanEvents>();
  const toolSpanIds = new Set(calls.map((c) => c.spanId).filter((id): id is string => id !== null));
  const item = toListItem(run);
  return {
    ...item,
    usage:
      run.inputTokens === null && run.outputTokens === null
        ? null
        : { inputTokens: Number(run.inputTokens ?? 0), outputTokens: Number(run.outputTokens ?? 0) },
    metadata: typeof run.metadata === "string" ? JSON.parse(run.metadata) : (run.metadata ?? null),
    receivedAt: date(run.receivedAt).toISOString(),
    source,
    detections: detections.map((d) => ({
      kind: d.kind,
      tool: d.tool,
      count: Number(d.count),
      wastedCostUsd: Number(d.wastedCostUsd),
      calls: (d.calls ?? []).map(Number),
    })),
    budgetBreaches,
    spanEvents: [...spans.entries()]
      .filter(([spanId]) => !toolSpanIds.has(spanId))
      .map(([spanId, s]) => ({ spanId, spanName: s.spanName, events: s.events }))
      .sort((a, b) => a.events[0].offsetMs - b.events[0].offsetMs),
    toolCalls: calls.map((c) => ({
      seq: Number(c.seq),
      name: c.name,
      startedAt: date(c.startedAt).toISOString(),
      endedAt: date(c.endedAt).toISOString(),
      offsetMs: date(c.startedAt).getTime() - runStart,
      latencyMs: Number(c.latencyMs),
      status: c.status,
      errorType: c.errorType,
      retry: c.retry,
      costUsd: Number(c.costUsd),
      input: c.input,
      inputTruncated: c.inputTruncated,
      output: c.output,
      outputTruncated: c.outputTruncated,
      idempotencyKey: c.idempotencyKey,
      sideEffect: c.sideEffect,
      spanId: c.spanId,
      events: (c.spanId && spans.get(c.spanId)?.events) || [],
    })),
  };
}

interface SpanEvents {
  spanName: string;
  events: SpanEventView[];
}

/** The events of a trace's spans (otel_spans.events), by span id, each span's in time order. */
async function loadSpanEvents(
  db: Db,
  projectId: string,
  traceId: string,
  runStart: number,
): Promise<Map<string, SpanEvents>> {
  const rows = await db.sql.query<{ spanId: string; name: string; events: string }>(
    `SELECT "spanId", "name", "events"::text AS "events" FROM "otel_spans"
      WHERE "projectId" = $1 AND "traceId" = $2 AND "events" IS NOT NULL`,
    [projectId, traceId],
  );
  const out = new Map<string, SpanEvents>();
  for (const row of rows) {
    const stored = JSON.parse(row.events) as { name: string; timeUnixNano: string; attributes: Record<string, unknown> }[];
    const events = stored
      .map((e) => {
        const ms = Number(BigInt(e.timeUnixNano) / 1_000_000n);
        return { name: e.name, at: new Date(ms).toISOString(), offsetMs: ms - runStart, attributes: e.attributes ?? {} };
      })
      .sort((a, b) => a.offsetMs - b.offsetMs);
    if (events.length) out.set(row.spanId, { spanName: row.name, events });
  }
  return out;
}

/** How many failed runs share this run's (category, reason) — the "similar failures" link. */
export async function countSimilarFailures(
  db: Db,
  projectId: string,
  category: string,
  reason: string,
): Promise<number> {
  const [row] = await db.sql.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM "runs" WHERE "projectId" = $1 AND "outcome" = 'failure'
       AND "failureCategory" = $2::"FailureCategory" AND "failureReason" = $3`,
    [projectId, category, reason],
  );
  return Number(row?.n ?? 0);
}

export async function countSessionRuns(db: Db, projectId: string, sessionId: string): Promise<number> {
  const [row] = await db.sql.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM "runs" WHERE "projectId" = $1 AND "sessionId" = $2`,
    [projectId, sessionId],
  );
  return Number(row?.n ?? 0);
}
