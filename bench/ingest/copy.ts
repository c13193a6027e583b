// The physical limit: the same rows written with a plain COPY into the same tables (no HTTP, no
// JSON, no validation, no conflict check). On PostgreSQL through psql (COPY … FROM STDIN); on
// PGlite through its /dev/blob COPY in process.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { normalizeRun, type RunRow } from "../../lib/server/ingest/normalize";
import { RUN_COLUMNS, TOOL_CALL_COLUMNS, type Column, type ToolCallWithRun } from "../../lib/server/ingest/store";
import { validateRun } from "../../lib/shared/run-schema";

/** COPY text format: tab-separated, \N for NULL, backslash escapes. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  if (typeof v === "boolean") return v ? "t" : "f";
  if (typeof v === "number") return String(v);
  return String(v).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

function copyRows<R>(columns: Column<R>[], rows: R[], lead: (row: R) => unknown[]): string {
  let out = "";
  for (const row of rows) out += [...lead(row), ...columns.map((c) => c.value(row))].map(copyValue).join("\t") + "\n";
  return out;
}

const columnList = <R>(lead: string[], columns: Column<R>[]) => [...lead, ...columns.map((c) => `"${c.name}"`)].join(", ");

export interface CopyData {
  runs: string;
  toolCalls: string;
  runCount: number;
  toolCallCount: number;
  runsCopy: string;
  toolCallsCopy: string;
}

/** Turns the runs into COPY text exactly as ingest would store them, pks firstPk, firstPk+1, … */
export function prepareCopy(runs: unknown[], projectId: string, firstPk: bigint): CopyData {
  const rows: RunRow[] = runs.map((r) => {
    const checked = validateRun(r);
    if (!checked.ok) throw new Error(`bench run invalid: ${JSON.stringify(checked.errors)}`);
    const normalized = normalizeRun(checked.run);
    if (!normalized.ok) throw new Error(`bench run invalid: ${JSON.stringify(normalized.errors)}`);
    return normalized.row;
  });
  const pkOf = new Map(rows.map((r, i) => [r, String(firstPk + BigInt(i))]));
  const calls: ToolCallWithRun[] = rows.flatMap((r) =>
    r.toolCalls.map((call) => ({ runPk: pkOf.get(r)!, runStartedAt: r.startedAt, call })),
  );
  return {
    runs: copyRows(RUN_COLUMNS, rows, (r) => [pkOf.get(r), projectId]),
    toolCalls: copyRows(TOOL_CALL_COLUMNS, calls, () => [projectId]),
    runCount: rows.length,
    toolCallCount: calls.length,
    runsCopy: `COPY "runs" (${columnList(['"pk"', '"projectId"'], RUN_COLUMNS)})`,
    toolCallsCopy: `COPY "tool_calls" (${columnList(['"projectId"'], TOOL_CALL_COLUMNS)})`,
  };
}

/** Reserves count run pks from the sequence; returns the first. */
export async function reservePks(
  query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>,
  count: number,
): Promise<bigint> {
  const { rows } = await query(`SELECT nextval(pg_get_serial_sequence('"runs"', 'pk'))::text AS first`);
  const first = BigInt((rows[0] as { first: string }).first);
  await query(`SELECT setval(pg_get_serial_sequence('"runs"', 'pk'), $1::bigint)`, [String(first + BigInt(count))]);
  return first;
}

/** Runs both COPYs in one transaction; returns the elapsed seconds. */
export async function copyIntoPostgres(url: string, data: CopyData, workDir: string): Promise<number> {
  const file = path.join(workDir, "copy.sql");
  writeFileSync(
    file,
    `\\set ON_ERROR_STOP on\nBEGIN;\n${data.runsCopy} FROM STDIN;\n${data.runs}\\.\n` +
      `${data.toolCallsCopy} FROM STDIN;\n${data.toolCalls}\\.\nCOMMIT;\n`,
  );
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn("psql", ["-q", "-X", "-d", url, "-f", file], { stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}`))));
  });
  return (performance.now() - started) / 1000;
}

export async function copyIntoPglite(db: PGlite, data: CopyData): Promise<number> {
  const started = performance.now();
  await db.transaction(async (tx) => {
    await tx.query(`${data.runsCopy} FROM '/dev/blob'`, [], { blob: new Blob([data.runs]) });
    await tx.query(`${data.toolCallsCopy} FROM '/dev/blob'`, [], { blob: new Blob([data.toolCalls]) });
  });
  return (performance.now() - started) / 1000;
}
