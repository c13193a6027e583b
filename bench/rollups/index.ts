// What the rollups cost ingest, in one process and one run: the same batches of synthetic runs
// (bench/ingest/generate.ts, ~5 tool calls each) written by writeRuns (runs + tool calls +
// rollups, one transaction) into project A and by the writer as it was before the rollups (runs +
// tool calls only) into project B, alternating which goes first, on PostgreSQL and PGlite.
// Sequential (concurrency 1): it measures the statements' cost, not contention on shared cells.
//
//   npm run bench:rollups -- [--runs 20000] [--batch 500] [--db postgres|pglite|both]
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a migrated, disposable database).
import { parseArgs } from "node:util";
import { openDatabase, type Database } from "@/lib/server/db/open";
import { sqlTransaction } from "@/lib/server/db/handle";
import { normalizeRun } from "@/lib/server/ingest/normalize";
import type { RunRow } from "@/lib/server/ingest/normalize";
import { columnArrays, RUN_COLUMNS, TOOL_CALL_COLUMNS, unnestInsert, writeRuns, type ToolCallWithRun } from "@/lib/server/ingest/store";
import { validateRun } from "@/lib/shared/run-schema";
import { generateRuns } from "../ingest/generate";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "20000" }, batch: { type: "string", default: "500" }, db: { type: "string", default: "both" } },
});
const N = Number(values.runs);
const BATCH = Number(values.batch);

const OLD_RUNS = unnestInsert("runs", RUN_COLUMNS, 'ON CONFLICT ("projectId", "id") DO NOTHING RETURNING "pk"::text AS pk, "id"');
const OLD_CALLS = unnestInsert("tool_calls", TOOL_CALL_COLUMNS, "");

/** writeRuns before the rollups (skip mode): the runs, then the tool calls of the runs inserted. */
async function writeRunsWithoutRollups(db: Database, projectId: string, rows: RunRow[]) {
  await sqlTransaction(db, async (tx) => {
    const saved = await tx.sql.query<{ pk: string; id: string }>(OLD_RUNS, [projectId, ...columnArrays(RUN_COLUMNS, rows)]);
    const pkById = new Map(saved.map((r) => [r.id, String(r.pk)]));
    const calls: ToolCallWithRun[] = [];
    for (const run of rows) {
      const runPk = pkById.get(run.id);
      if (runPk !== undefined) for (const call of run.toolCalls) calls.push({ runPk, runStartedAt: run.startedAt, call });
    }
    if (calls.length) await tx.sql.query(OLD_CALLS, [projectId, ...columnArrays(TOOL_CALL_COLUMNS, calls)]);
  });
}

function rowsOf(prefix: string): RunRow[][] {
  const now = new Date();
  const rows = generateRuns(N, { prefix, seed: 7, startMs: now.getTime() - 7 * 86_400_000 }).map((r) => {
    const v = validateRun(r, { receivedAt: now });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const n = normalizeRun(v.run);
    if (!n.ok) throw new Error(JSON.stringify(n.errors));
    return n.row;
  });
  const batches: RunRow[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) batches.push(rows.slice(i, i + BATCH).sort((a, b) => (a.id < b.id ? -1 : 1)));
  return batches;
}

async function bench(kind: "postgres" | "pglite") {
  const url = process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim();
  if (kind === "postgres" && !url) throw new Error("set BENCH_DATABASE_URL or TEST_DATABASE_URL");
  const db = kind === "postgres" ? await openDatabase({ kind, url: url!, poolSize: 2 }) : await openDatabase({ kind: "pglite" });
  try {
    const slug = `bench-${Date.now().toString(36)}`;
    const a = await db.prisma.project.create({ data: { slug: `${slug}-a`, name: `${slug}-a` } });
    const b = await db.prisma.project.create({ data: { slug: `${slug}-b`, name: `${slug}-b` } });
    const withR = rowsOf("w");
    const without = rowsOf("o");
    let tWith = 0;
    let tWithout = 0;
    for (let i = 0; i < withR.length; i++) {
      const runWith = async () => {
        const t = performance.now();
        await sqlTransaction(db, (tx) => writeRuns(tx, a.id, withR[i], "skip"));
        tWith += performance.now() - t;
      };
      const runWithout = async () => {
        const t = performance.now();
        await writeRunsWithoutRollups(db, b.id, without[i]);
        tWithout += performance.now() - t;
      };
      if (i % 2) {
        await runWith();
        await runWithout();
      } else {
        await runWithout();
        await runWith();
      }
    }
    const rate = (ms: number) => Math.round(N / (ms / 1000));
    console.log(
      `${kind}: ${N} runs in batches of ${BATCH}: without rollups ${rate(tWithout)} runs/s, with rollups ${rate(tWith)} runs/s ` +
        `(${(((tWith - tWithout) / tWithout) * 100).toFixed(1)} % more time)`,
    );
  } finally {
    await db.close();
  }
}

for (const kind of values.db === "both" ? (["postgres", "pglite"] as const) : [values.db as "postgres" | "pglite"]) await bench(kind);
