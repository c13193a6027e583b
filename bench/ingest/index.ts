// Ingest throughput: N synthetic runs (about 5 tool calls each) POSTed in batches of 500 with
// concurrency 4 from this process to `next start`, on PostgreSQL and on PGlite; then the same
// rows written with a plain COPY into the same tables, and the ratio between the two.
//
//   npm run bench:ingest -- [--db postgres|pglite|both] [--runs 20000] [--batch 500] [--concurrency 4]
//
// PostgreSQL: a fresh database `keel_ingest_bench_<random>` on BENCH_DATABASE_URL, else
// TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres (dropped afterwards).
// The app build comes from KEEL_DIST_DIR (default .next-bench; built when missing).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { copyIntoPglite, copyIntoPostgres, prepareCopy, reservePks } from "./copy";
import { generateRuns, type BenchRun } from "./generate";
import { ensureBuild, startServer } from "./server";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "both" },
    runs: { type: "string", default: "20000" },
    batch: { type: "string", default: "500" },
    concurrency: { type: "string", default: "4" },
  },
});
const N = Number(values.runs);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);
const WARMUP_RUNS = 2 * BATCH;
const dbs = values.db === "both" ? (["postgres", "pglite"] as const) : ([values.db] as ("postgres" | "pglite")[]);
if (!dbs.every((d) => d === "postgres" || d === "pglite")) throw new Error("--db must be postgres, pglite or both");

const serverUrl =
  process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/postgres";
const distDir = process.env.KEEL_DIST_DIR || ".next-bench";

interface Result {
  db: string;
  runs: number;
  toolCalls: number;
  httpSeconds: number;
  retries: number;
  copySeconds: number;
}

function batches(runs: BenchRun[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < runs.length; i += BATCH) out.push(JSON.stringify({ runs: runs.slice(i, i + BATCH) }));
  return out;
}

/** Posts every body with `CONCURRENCY` requests in flight; honours 429/503 Retry-After. */
async function postAll(baseURL: string, key: string, bodies: string[]): Promise<{ accepted: number; retries: number }> {
  let next = 0;
  let accepted = 0;
  let retries = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      for (;;) {
        const res = await fetch(`${baseURL}/api/v1/runs`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body,
        });
        const json = (await res.json()) as { accepted?: number; rejected?: unknown[]; message?: string };
        if (res.status === 429 || res.status === 503) {
          retries++;
          await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 1) * 1000));
          continue;
        }
        if (res.status !== 200 || json.rejected?.length) throw new Error(`HTTP ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
        accepted += json.accepted ?? 0;
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { accepted, retries };
}

async function benchOne(kind: "postgres" | "pglite"): Promise<Result> {
  const work = mkdtempSync(path.join(os.tmpdir(), "keel-ingest-bench-"));
  const dataDir = path.join(work, "data");
  const key = `keel_bench_${randomBytes(16).toString("hex")}`;
  const env: Record<string, string> = {
    KEEL_DATA_DIR: dataDir,
    KEEL_DIST_DIR: distDir,
    KEEL_DEMO: "off",
    KEEL_INIT_PROJECT: "Bench",
    KEEL_INIT_API_KEY: key,
    DATABASE_URL: "",
  };
  let dbUrl: string | null = null;
  const dbName = `keel_ingest_bench_${randomBytes(4).toString("hex")}`;
  if (kind === "postgres") {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();
    env.DATABASE_URL = dbUrl;
  }
  try {
    const runs = generateRuns(N, { prefix: "r" });
    const toolCalls = runs.reduce((n, r) => n + r.toolCalls.length, 0);
    const warmupRuns = generateRuns(WARMUP_RUNS, { prefix: "warm", seed: 7 });
    const warmup = batches(warmupRuns);
    const bodies = batches(runs);

    const server = await startServer(env, path.join(work, "server.log"));
    let http: { accepted: number; retries: number; seconds: number };
    try {
      await postAll(server.baseURL, key, warmup);
      const started = performance.now();
      const posted = await postAll(server.baseURL, key, bodies);
      http = { ...posted, seconds: (performance.now() - started) / 1000 };
    } finally {
      await server.stop();
    }
    if (http.accepted !== N) throw new Error(`expected ${N} runs accepted, got ${http.accepted}`);

    // COPY the same rows into a second project of the same database (the server is stopped).
    const projectId = `bench-copy-${randomBytes(6).toString("hex")}`;
    let copySeconds: number;
    let stored: { runs: number; calls: number };
    if (kind === "postgres") {
      const client = new pg.Client({ connectionString: dbUrl! });
      await client.connect();
      try {
        await client.query(`INSERT INTO "projects" ("id", "slug", "name") VALUES ($1, $1, $1)`, [projectId]);
        const data = prepareCopy(runs, projectId, await reservePks((s, p) => client.query(s, p), N));
        copySeconds = await copyIntoPostgres(dbUrl!, data, work);
        stored = await counts((s) => client.query(s));
      } finally {
        await client.end();
      }
    } else {
      const db = await PGlite.create(path.join(dataDir, "pglite"));
      try {
        await db.query(`INSERT INTO "projects" ("id", "slug", "name") VALUES ($1, $1, $1)`, [projectId]);
        const data = prepareCopy(runs, projectId, await reservePks((s, p) => db.query(s, p), N));
        copySeconds = await copyIntoPglite(db, data);
        stored = await counts((s) => db.query(s));
      } finally {
        await db.close();
      }
    }
    // Both projects hold the measured runs, the HTTP one also the warm-up.
    const expected = { runs: 2 * N + WARMUP_RUNS, calls: 2 * toolCalls + warmupRuns.reduce((n, r) => n + r.toolCalls.length, 0) };
    if (stored.runs !== expected.runs || stored.calls !== expected.calls)
      throw new Error(`expected ${JSON.stringify(expected)} stored, found ${JSON.stringify(stored)}`);
    return { db: kind, runs: N, toolCalls, httpSeconds: http.seconds, retries: http.retries, copySeconds };
  } finally {
    if (kind === "postgres") {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
    rmSync(work, { recursive: true, force: true });
  }
}

async function counts(query: (sql: string) => Promise<{ rows: unknown[] }>) {
  const { rows } = await query(`SELECT (SELECT count(*) FROM "runs")::int AS runs, (SELECT count(*) FROM "tool_calls")::int AS calls`);
  return rows[0] as { runs: number; calls: number };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function main() {
  ensureBuild(distDir);
  console.log(`[bench] ingest: ${fmt(N)} runs, batches of ${BATCH}, concurrency ${CONCURRENCY}, ${os.cpus().length} cores`);
  for (const kind of dbs) {
    const r = await benchOne(kind);
    const runsPerSec = r.runs / r.httpSeconds;
    const copyRunsPerSec = r.runs / r.copySeconds;
    console.log(
      [
        `[bench] ${r.db}:`,
        `  HTTP ingest: ${fmt(r.runs)} runs + ${fmt(r.toolCalls)} tool calls in ${r.httpSeconds.toFixed(2)} s` +
          ` = ${fmt(runsPerSec)} runs/s, ${fmt(r.toolCalls / r.httpSeconds)} tool calls/s` +
          (r.retries ? ` (${r.retries} retried requests)` : ""),
        `  plain COPY:  same rows in ${r.copySeconds.toFixed(2)} s = ${fmt(copyRunsPerSec)} runs/s, ${fmt(r.toolCalls / r.copySeconds)} tool calls/s`,
        `  ratio:       HTTP ingest runs at ${((runsPerSec / copyRunsPerSec) * 100).toFixed(0)}% of COPY (COPY is ${(copyRunsPerSec / runsPerSec).toFixed(2)}x faster)`,
      ].join("\n"),
    );
  }
}

main().catch((err: unknown) => {
  console.error(`[bench] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
