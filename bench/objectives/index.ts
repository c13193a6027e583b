// One alert evaluation of 50 approved objectives (issue 15: under 1 s at 1M runs), on the demo
// data and optionally on top of N extra synthetic runs spread over the last 30 days.
//
//   npm run bench:objectives -- [--db pglite|postgres] [--runs 1000000] [--rounds 10] [--load ingest|sql]
//
// --load ingest (default) sends the extra runs through the ingest path (1,000 per batch: slow at 1M);
// --load sql writes the same shape with INSERT … SELECT generate_series straight into runs and
// tool_calls, then `keel rollups rebuild` (which also gives every hour its revision).
//
// PostgreSQL: a fresh database `keel_objectives_bench_<random>` on BENCH_DATABASE_URL, else
// TEST_DATABASE_URL (dropped afterwards). The first evaluation is cold: every whole hour of every
// objective is counted from raw rows (what each evaluation cost before the hourly cache, and what
// it costs after a restart with an empty cache); the rounds after it read objective_hours and count
// only the partial hours raw. Both are reported.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/server/db/open";
import { loadDemo } from "@/lib/server/demo/load";
import { ingestRuns } from "@/lib/server/ingest";
import { evaluateAlerts } from "@/lib/server/services/alerts";
import { rebuildRollups } from "@/lib/server/services/rollups";
import { approveObjective, createObjective } from "@/lib/server/services/objectives";
import type { ObjectiveCreate } from "@/lib/shared/objectives";

const { values } = parseArgs({
  options: { db: { type: "string", default: "pglite" }, runs: { type: "string", default: "0" }, rounds: { type: "string", default: "10" }, load: { type: "string", default: "ingest" } },
});
const EXTRA = Number(values.runs);
const ROUNDS = Number(values.rounds);

async function open(): Promise<{ db: Database; cleanup: () => Promise<void> }> {
  if (values.db === "pglite") {
    const db = await openDatabase({ kind: "pglite" });
    return { db, cleanup: () => db.close() };
  }
  const base = process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim();
  if (!base) throw new Error("set BENCH_DATABASE_URL or TEST_DATABASE_URL");
  const name = `keel_objectives_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 4 });
  return {
    db,
    cleanup: async () => {
      await db.close();
      await admin.query(`DROP DATABASE ${name}`);
      await admin.end();
    },
  };
}

const WORKFLOWS = ["refund-request", "order-status", "account-update", "billing-dispute"];
const TOOLS = ["ticketing.create", "orders.lookup", "payments.refund", "kb.search"];

function syntheticRuns(offset: number, n: number, now: number) {
  return Array.from({ length: n }, (_, k) => {
    const i = offset + k;
    const start = now - ((i * 2_591_963) % (30 * 86_400_000));
    const bad = i % 23 === 0;
    return {
      id: `bench-${i}`,
      sessionId: `bench-s-${i % 50_000}`,
      workflow: WORKFLOWS[i % WORKFLOWS.length],
      model: "gpt-4.1",
      promptVersion: "v1",
      startedAt: new Date(start).toISOString(),
      endedAt: new Date(start + 1000 + (i % 7) * 900).toISOString(),
      outcome: bad ? "failure" : i % 31 === 0 ? "escalated" : "success",
      ...(bad ? { failure: { category: "tool_error", reason: "bench timeout" } } : {}),
      ...(!bad && i % 31 === 0 ? { escalation: { reason: "bench review" } } : {}),
      costUsd: 0.01,
      toolCalls: [
        { name: TOOLS[i % TOOLS.length], startedAt: new Date(start + 10).toISOString(), endedAt: new Date(start + 10 + (i % 13) * 100).toISOString(), status: bad ? "error" : "ok" },
      ],
    };
  });
}

/** The same shape as syntheticRuns, written by SQL in chunks of 100,000 runs (one tool call each). */
async function sqlLoad(db: Database, projectId: string, n: number, now: number) {
  for (let first = 0; first < n; first += 100_000) {
    const count = Math.min(100_000, n - first);
    await db.sql.transaction(async (tx) => {
      await tx.query("SET LOCAL statement_timeout = 0");
      const [{ pk }] = await tx.query<{ pk: string }>(`SELECT coalesce(max("pk"), 0)::text AS "pk" FROM "runs"`);
      await tx.query(
        `INSERT INTO "runs" ("projectId", "id", "traceId", "sessionId", "workflow", "environment", "model", "promptVersion", "release",
           "startedAt", "endedAt", "durationMs", "outcome", "failureCategory", "failureReason", "escalationReason", "costUsd", "toolCallCount")
         SELECT $1, 'bench-' || i, 'bench-' || i, 'bench-s-' || (i % 50000), ($4::text[])[1 + i % 4], 'production', 'gpt-4.1', 'v1', 'gpt-4.1@v1',
           start, start + make_interval(secs => dur / 1000.0), dur,
           (CASE WHEN i % 23 = 0 THEN 'failure' WHEN i % 31 = 0 THEN 'escalated' ELSE 'success' END)::"Outcome",
           (CASE WHEN i % 23 = 0 THEN 'tool_error' END)::"FailureCategory", CASE WHEN i % 23 = 0 THEN 'bench timeout' END,
           CASE WHEN i % 23 <> 0 AND i % 31 = 0 THEN 'bench review' END, 0.01, 1
         FROM generate_series($2::bigint, $2::bigint + $3::bigint - 1) i,
           LATERAL (SELECT to_timestamp(($5::bigint - (i * 2591963) % (30::bigint * 86400000)) / 1000.0) AS start, 1000 + (i % 7) * 900 AS dur) v`,
        [projectId, first, count, WORKFLOWS, now],
      );
      await tx.query(
        `INSERT INTO "tool_calls" ("runPk", "seq", "projectId", "runStartedAt", "name", "startedAt", "endedAt", "latencyMs", "status", "retry", "costUsd")
         SELECT r."pk", 0, r."projectId", r."startedAt", ($2::text[])[1 + i % 4], r."startedAt" + interval '10 ms',
           r."startedAt" + make_interval(secs => (10 + (i % 13) * 100) / 1000.0), (i % 13) * 100,
           (CASE WHEN i % 23 = 0 THEN 'error' ELSE 'ok' END)::"ToolCallStatus", false, 0
         FROM "runs" r, LATERAL (SELECT substr(r."id", 7)::bigint AS i) v
         WHERE r."projectId" = $1 AND r."pk" > $3::bigint`,
        [projectId, TOOLS, pk],
      );
    });
    console.log(`  ${first + count} extra runs`);
  }
}

function objectives(): ObjectiveCreate[] {
  const out: ObjectiveCreate[] = [];
  for (let i = 0; out.length < 50; i++) {
    const workflow = i % 5 === 4 ? null : WORKFLOWS[i % WORKFLOWS.length];
    const kind = i % 4;
    if (kind === 0) out.push({ sli: "success_rate", workflow, target: 0.9 + (i % 9) / 100, periodDays: 28 });
    else if (kind === 1) out.push({ sli: "non_escalation_rate", workflow, target: 0.9, periodDays: 7 + (i % 3) * 30 });
    else if (kind === 2) out.push({ sli: "run_latency", workflow, thresholdMs: 3000 + i * 100, target: 0.95, periodDays: 28 });
    else out.push({ sli: "tool_latency", tool: TOOLS[i % TOOLS.length], thresholdMs: 800, target: 0.95, periodDays: 30 });
  }
  return out;
}

const { db, cleanup } = await open();
try {
  const t0 = Date.now();
  const demo = await loadDemo(db, { log: () => {} });
  const project = await db.prisma.project.findUniqueOrThrow({ where: { slug: "demo" } });
  const owner = await db.prisma.membership.findFirstOrThrow({ where: { projectId: project.id, role: "admin" } });
  console.log(`demo loaded: ${demo.runs.accepted} runs in ${Date.now() - t0} ms`);
  const now = Date.now();
  const t1 = Date.now();
  if (values.load === "sql") {
    await sqlLoad(db, project.id, EXTRA, now);
    await rebuildRollups(db, { projectId: project.id });
  } else
    for (let done = 0; done < EXTRA; done += 1000) {
      await ingestRuns(db, project.id, syntheticRuns(done, Math.min(1000, EXTRA - done), now));
      if (done % 100_000 === 0 && done) console.log(`  ${done} extra runs`);
    }
  if (EXTRA) console.log(`${EXTRA} extra runs loaded (${values.load}) in ${Date.now() - t1} ms`);
  if (db.kind === "pglite") await db.sql.exec("ANALYZE");
  const total = (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE "projectId" = $1`, [project.id]))[0].n;
  for (const o of objectives()) {
    const created = await createObjective(db, project.id, owner.userId, o);
    await approveObjective(db, project.id, owner.userId, created.id);
  }
  const times: number[] = [];
  let cold = 0;
  for (let r = 0; r < ROUNDS + 1; r++) {
    const s = performance.now();
    const res = await evaluateAlerts(db, { projectId: project.id });
    const ms = performance.now() - s;
    if (r === 0) {
      cold = ms;
      console.log(`first evaluation: ${res.objectives} objectives, ${res.transitions.length} transitions`);
    } else times.push(ms);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${values.db}, ${total} runs, 50 objectives: cold evaluation ${cold.toFixed(0)} ms; then median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms (${ROUNDS} rounds)`,
  );
} finally {
  await cleanup();
}
