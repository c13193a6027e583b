import "server-only";
// Stores a batch of normalised runs in one transaction and a fixed number of statements, whatever its size:
// the runs through UNNEST of column arrays with ON CONFLICT DO NOTHING on (projectId, id), then
// the tool calls of the runs that were actually inserted, then the hourly rollups of those runs
// (lib/server/rollups/maintain.ts), the guardrail detections (./detections.ts) and the budget
// breaches (./budgets.ts). A run, its tool calls, its detections, its breaches and its rollup counts land together or not at all; a run id already stored
// (by an earlier batch or a concurrent request) is skipped and counted as a duplicate by the caller.
import { sqlTransaction, type Db, type DbSqlTx } from "../db/handle";
import type { RunRow, ToolCallRow } from "./normalize";
import {
  addReleaseSessions,
  applyRollups,
  bumpHourRevisions,
  byPks,
  dropEmptyCells,
  hoursOfRuns,
  recountPairs,
  releaseSessionsOfRuns,
  type ReleaseSessionPairs,
} from "../rollups/maintain";
import { writeDetections } from "./detections";
import { writeBudgetBreaches } from "./budgets";

export interface Column<R> {
  name: string;
  /** The array type the parameter is bound as; enums go through text[] (binds alike on PGlite and pg). */
  type: string;
  value: (row: R) => unknown;
}

export const RUN_COLUMNS: Column<RunRow>[] = [
  { name: "id", type: "text[]", value: (r) => r.id },
  { name: "traceId", type: "text[]", value: (r) => r.traceId },
  { name: "sessionId", type: "text[]", value: (r) => r.sessionId },
  { name: "workflow", type: "text[]", value: (r) => r.workflow },
  { name: "environment", type: 'text[]::"Environment"[]', value: (r) => r.environment },
  { name: "model", type: "text[]", value: (r) => r.model },
  { name: "promptVersion", type: "text[]", value: (r) => r.promptVersion },
  { name: "release", type: "text[]", value: (r) => r.release },
  { name: "startedAt", type: "text[]::timestamptz[]", value: (r) => r.startedAt },
  { name: "endedAt", type: "text[]::timestamptz[]", value: (r) => r.endedAt },
  { name: "durationMs", type: "int[]", value: (r) => r.durationMs },
  { name: "outcome", type: 'text[]::"Outcome"[]', value: (r) => r.outcome },
  { name: "failureCategory", type: 'text[]::"FailureCategory"[]', value: (r) => r.failureCategory },
  { name: "failureReason", type: "text[]", value: (r) => r.failureReason },
  { name: "failureCritical", type: "bool[]", value: (r) => r.failureCritical },
  { name: "escalationReason", type: "text[]", value: (r) => r.escalationReason },
  { name: "reviewCostUsd", type: "float8[]", value: (r) => r.reviewCostUsd },
  { name: "inputTokens", type: "int[]", value: (r) => r.inputTokens },
  { name: "outputTokens", type: "int[]", value: (r) => r.outputTokens },
  { name: "costUsd", type: "float8[]", value: (r) => r.costUsd },
  { name: "qualityScore", type: "float8[]", value: (r) => r.qualityScore },
  { name: "metadata", type: "text[]::jsonb[]", value: (r) => r.metadata },
  { name: "toolCallCount", type: "int[]", value: (r) => r.toolCalls.length },
  { name: "source", type: "text[]", value: (r) => r.source ?? "api" },
];

export interface ToolCallWithRun {
  runPk: string;
  runStartedAt: string;
  call: ToolCallRow;
}

export const TOOL_CALL_COLUMNS: Column<ToolCallWithRun>[] = [
  { name: "runPk", type: "text[]::bigint[]", value: (t) => t.runPk },
  { name: "seq", type: "int[]", value: (t) => t.call.seq },
  { name: "runStartedAt", type: "text[]::timestamptz[]", value: (t) => t.runStartedAt },
  { name: "name", type: "text[]", value: (t) => t.call.name },
  { name: "startedAt", type: "text[]::timestamptz[]", value: (t) => t.call.startedAt },
  { name: "endedAt", type: "text[]::timestamptz[]", value: (t) => t.call.endedAt },
  { name: "latencyMs", type: "int[]", value: (t) => t.call.latencyMs },
  { name: "status", type: 'text[]::"ToolCallStatus"[]', value: (t) => t.call.status },
  { name: "errorType", type: "text[]", value: (t) => t.call.errorType },
  { name: "retry", type: "bool[]", value: (t) => t.call.retry },
  { name: "costUsd", type: "float8[]", value: (t) => t.call.costUsd },
  { name: "input", type: "text[]", value: (t) => t.call.input },
  { name: "inputTruncated", type: "bool[]", value: (t) => t.call.inputTruncated },
  { name: "output", type: "text[]", value: (t) => t.call.output },
  { name: "outputTruncated", type: "bool[]", value: (t) => t.call.outputTruncated },
  { name: "spanId", type: "text[]", value: (t) => t.call.spanId ?? null },
  { name: "idempotencyKey", type: "text[]", value: (t) => t.call.idempotencyKey },
  { name: "sideEffect", type: "bool[]", value: (t) => t.call.sideEffect },
];

/** INSERT … SELECT $1, * FROM unnest($2::t[], …): the project id is one parameter, every column an array. */
export function unnestInsert<R>(table: string, columns: Column<R>[], suffix: string): string {
  const names = ['"projectId"', ...columns.map((c) => `"${c.name}"`)].join(", ");
  const arrays = columns.map((c, i) => `$${i + 2}::${c.type}`).join(", ");
  return `INSERT INTO "${table}" (${names}) SELECT $1::text, u.* FROM unnest(${arrays}) AS u ${suffix}`;
}

const INSERT_TOOL_CALLS = unnestInsert("tool_calls", TOOL_CALL_COLUMNS, "");

/**
 * How a run id already stored is treated: native ingest skips it (the caller counts it as a
 * duplicate); OTLP rebuilds its run in place, unless that id is a native run (source 'api'),
 * which is never overwritten.
 */
export type OnRunConflict = "skip" | "rebuild-otel";

const INSERT_RUNS: Record<OnRunConflict, string> = {
  skip: unnestInsert("runs", RUN_COLUMNS, 'ON CONFLICT ("projectId", "id") DO NOTHING RETURNING "pk"::text AS pk, "id", true AS inserted'),
  // The WHERE makes a native run's conflict a no-op, and RETURNING then leaves that id out.
  // `xmax = 0` tells a new row from an updated one: only an updated run has tool calls to replace.
  // An update rather than delete + insert keeps each run's pk, so incident links survive a rebuild.
  "rebuild-otel": unnestInsert(
    "runs",
    RUN_COLUMNS,
    `ON CONFLICT ("projectId", "id") DO UPDATE SET ${RUN_COLUMNS.map((c) => `"${c.name}" = EXCLUDED."${c.name}"`).join(", ")}
   WHERE "runs"."source" = 'otel'
   RETURNING "pk"::text AS pk, "id", ("xmax" = 0) AS inserted`,
  ),
};

/**
 * The one writer of runs and their tool calls, for native ingest and OTLP alike, inside the
 * caller's transaction: the runs in one statement, then (for rebuilt runs) the old tool calls
 * deleted, then the tool calls of every run written in one statement. Returns the ids written.
 */
export async function writeRuns(tx: DbSqlTx, projectId: string, rows: RunRow[], onConflict: OnRunConflict): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // A run about to be rebuilt takes its old contribution out of the rollups first (locked, so a
  // concurrent rebuild of the same trace waits and then sees this one's result).
  let vacated: string[] = [];
  let oldPairs: ReleaseSessionPairs | null = null;
  if (onConflict === "rebuild-otel") {
    const old = await tx.sql.query<{ pk: string }>(
      `SELECT "pk"::text AS pk FROM "runs" WHERE "projectId" = $1 AND "id" = ANY($2::text[]) AND "source" = 'otel' ORDER BY "id" FOR UPDATE`,
      [projectId, rows.map((r) => r.id)],
    );
    const oldPks = old.map((r) => String(r.pk));
    if (oldPks.length) {
      vacated = await hoursOfRuns(tx, projectId, oldPks);
      oldPairs = await releaseSessionsOfRuns(tx, projectId, oldPks);
      await applyRollups(tx, projectId, byPks(oldPks), -1);
    }
  }
  const saved = await tx.sql.query<{ pk: string; id: string; inserted: boolean }>(INSERT_RUNS[onConflict], [
    projectId,
    ...columnArrays(RUN_COLUMNS, rows),
  ]);
  const pkById = new Map(saved.map((r) => [r.id, String(r.pk)]));
  if (pkById.size === 0) return new Set();
  const rebuilt = saved.filter((r) => !r.inserted).map((r) => String(r.pk));
  if (rebuilt.length) await tx.sql.query(`DELETE FROM "tool_calls" WHERE "runPk" = ANY($1::text[]::bigint[])`, [rebuilt]);
  const calls: ToolCallWithRun[] = [];
  const written: { runPk: string; row: RunRow }[] = [];
  for (const run of rows) {
    const runPk = pkById.get(run.id);
    if (runPk === undefined) continue;
    written.push({ runPk, row: run });
    for (const call of run.toolCalls) calls.push({ runPk, runStartedAt: run.startedAt, call });
  }
  if (calls.length) await tx.sql.query(INSERT_TOOL_CALLS, [projectId, ...columnArrays(TOOL_CALL_COLUMNS, calls)]);
  // The guardrail detections of exactly these runs (a rebuilt run's old ones replaced).
  await writeDetections(tx, projectId, written, rebuilt);
  // The workflow-budget breaches of these runs, against the budgets in force now (./budgets.ts).
  await writeBudgetBreaches(tx, projectId, written, rebuilt);
  // The rollups count exactly the runs written here, read back from the rows just stored.
  await applyRollups(tx, projectId, byPks([...pkById.values()]), 1);
  await addReleaseSessions(tx, projectId, [...pkById.values()]);
  // A rebuilt run may have moved later or to another release or session: its old pairs' first runs are recounted.
  if (oldPairs) await recountPairs(tx, projectId, oldPairs);
  await dropEmptyCells(tx, projectId, vacated);
  await bumpHourRevisions(tx, projectId, [...pkById.values()], vacated);
  return new Set(pkById.keys());
}

export function columnArrays<R>(columns: Column<R>[], rows: R[]): unknown[][] {
  return columns.map((c) => rows.map(c.value));
}

/**
 * Inserts the runs (ids unique within `rows`) and their tool calls in one transaction.
 * Returns the ids that were new; the others were already stored.
 */
export async function storeRuns(db: Db, projectId: string, rows: RunRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // One lock order for every writer: two requests inserting the same ids in different orders
  // would otherwise deadlock on each other's uncommitted index entries.
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return withDeadlockRetry(() => sqlTransaction(db, (tx) => writeRuns(tx, projectId, sorted, "skip")));
}

export async function withDeadlockRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: unknown })?.code;
      // 40P01 deadlock, 40001 serialization failure: the transaction rolled back; it is safe to redo.
      if (attempt >= 4 || (code !== "40P01" && code !== "40001")) throw err;
    }
  }
}

/** True for errors where the database refused the data itself (not the connection). */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && /^(22|23|54)/.test(code);
}
