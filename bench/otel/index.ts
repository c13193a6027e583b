// OpenTelemetry ingest throughput (GitHub issue 12).
//
// What it measures: spans per second through `POST /api/otel/v1/traces` (OTLP protobuf, the
// shape of an SDK BatchSpanProcessor export: one resource, one scope, 512 spans = 64 whole
// traces per request, concurrency 4), each trace = 1 agent + 3 model + 4 tool spans (see
// generate.ts), so every trace's run is built exactly once. Then native ingest of the SAME runs
// (the run each trace maps to, docs/otel.md) through `POST /api/v1/runs`, into a second project of
// the same database on the same server build: with as many runs per request as traces per OTLP
// request (64, the fair comparison), and with 500 per request (bench:ingest's batch).
// Each phase starts with a warm-up that is not timed. The server runs `next start` from
// KEEL_DIST_DIR (default .next-bench-otel; built when it holds no build: delete the folder to
// measure changed code).
//
// Checked, or the run fails: every OTLP response is 200 with no partial_success; the OTLP project
// holds one run per trace sent, 4 tool calls per run, 8 spans per trace, every run's usage equals
// the sum of its 3 model spans' tokens (SQL over otel_spans) and its metadata.spanCount is 8; the
// runs and tool calls built from the traces equal, column for column, the ones sent natively
// (metadata, source and span ids aside). "Rebuilt once" on PostgreSQL: the server's inserts and
// updates of `runs` (pg_stat_user_tables, read once the server has stopped and its connections
// have flushed their statistics) must be one insert per trace and no update, and no tool call
// may have been deleted. Committed transactions per OTLP request are reported too. (PGlite keeps
// no such statistics across a restart: there, "rebuilt once" rests on the clean responses, the
// counts and metadata.spanCount = 8.)
//
// On PostgreSQL the database is ANALYZEd after each warm-up (see analyze() below).
//
// Also reported, to read the figures on a shared machine: request latency p50/p95, the CPU used
// during each timed phase by the server, the PostgreSQL backends, this process and everything
// else, and what the server's PostgreSQL connections were doing (pg_stat_activity, sampled).
//
//   npm run bench:otel -- [--db postgres|pglite|both] [--traces 20000] [--batch 512]
//                         [--concurrency 4] [--warmup 1024] [--native-batches 64,500]
//
// --traces and --warmup are rounded up to whole OTLP requests (20,000 → 20,032 = 313 requests).
// The build: KEEL_DIST_DIR=.next-bench-otel by default; `rm -rf .next-bench-otel` to rebuild.
//
// PostgreSQL: a fresh database `keel_otel_bench_<random>` on BENCH_DATABASE_URL, else
// TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres (dropped afterwards).
// PGlite: a temporary KEEL_DATA_DIR (removed afterwards). The ingest rate limit of both bench
// projects is raised (project_settings) before the timed phases, so no request is throttled.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureBuild, startServer, type RunningServer } from "../ingest/server";
import { cpuLine, cpuPhase, type Cpu } from "./cpu";
import { adminQuery, analyze, checkOtlp, compareRuns, configure, createDb, minus, readStats, sampleActivity, type Stats } from "./db";
import { otlpBody, runBodies } from "./encode";
import { generateTraces, SPANS_PER_TRACE, TOOL_SPANS_PER_TRACE, type BenchTrace } from "./generate";
import { postOtlp, postRuns, type PostResult } from "./http";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "postgres" },
    traces: { type: "string", default: "20000" },
    batch: { type: "string", default: "512" },
    concurrency: { type: "string", default: "4" },
    warmup: { type: "string", default: "1024" },
    "native-batches": { type: "string", default: "64,500" },
  },
});
const SPAN_BATCH = Number(values.batch);
if (!(SPAN_BATCH >= SPANS_PER_TRACE) || SPAN_BATCH % SPANS_PER_TRACE !== 0)
  throw new Error(`--batch must be a multiple of ${SPANS_PER_TRACE} (whole traces per request)`);
const TRACES_PER_REQUEST = SPAN_BATCH / SPANS_PER_TRACE;
const round = (n: number) => Math.ceil(n / TRACES_PER_REQUEST) * TRACES_PER_REQUEST;
const N = round(Number(values.traces));
const WARMUP = round(Number(values.warmup));
const CONCURRENCY = Number(values.concurrency);
const NATIVE_BATCHES = values["native-batches"]!.split(",").map(Number);
if (!NATIVE_BATCHES.length || !NATIVE_BATCHES.every((b) => Number.isInteger(b) && b >= 1 && b <= 1000))
  throw new Error("--native-batches: sizes from 1 to 1000, comma-separated");
const dbs = values.db === "both" ? (["postgres", "pglite"] as const) : ([values.db] as ("postgres" | "pglite")[]);
if (!dbs.every((d) => d === "postgres" || d === "pglite")) throw new Error("--db must be postgres, pglite or both");

const distDir = process.env.KEEL_DIST_DIR || ".next-bench-otel";
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** The PostgreSQL backends serving the bench database (none for PGlite: it runs inside the server). */
const backendsOf = (dbName: string | null) => async () =>
  dbName ? (await adminQuery(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [dbName])).map((r) => Number(r.pid)) : [];

function serverLogProblems(file: string): string[] {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return text.split("\n").filter((l) => /error|warn|slow|timeout|deadlock/i.test(l));
}

// ---------------------------------------------------------------------------------------------

interface NativeResult {
  batch: number;
  runs: number;
  toolCalls: number;
  http: PostResult;
  cpu: Cpu;
}

interface Result {
  db: string;
  traces: number;
  spans: number;
  otlp: PostResult;
  otlpCpu: Cpu;
  otlpStats: Stats | null;
  native: NativeResult[];
  nativeStats: Stats | null;
  compared: { runs: number; calls: number };
  activity: { samples: number; top: [string, number][] } | null;
  logProblems: string[];
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

async function benchOne(kind: "postgres" | "pglite"): Promise<Result> {
  const work = mkdtempSync(path.join(os.tmpdir(), "keel-otel-bench-"));
  const dataDir = path.join(work, "data");
  const key = `keel_bench_${randomBytes(16).toString("hex")}`;
  const nativeKey = `keel_bench_${randomBytes(16).toString("hex")}`;
  const { db, env: dbEnv } = await createDb(kind, dataDir);
  const env: Record<string, string> = {
    KEEL_DATA_DIR: dataDir,
    KEEL_DIST_DIR: distDir,
    KEEL_DEMO: "off",
    KEEL_INIT_PROJECT: "Bench",
    KEEL_INIT_API_KEY: key,
    ...dbEnv,
  };
  const logs: string[] = [];
  let server: RunningServer | null = null;
  const start = async (name: string) => {
    const log = path.join(work, `server-${name}.log`);
    logs.push(log);
    server = await startServer(env, log);
    return server;
  };
  const stop = async () => {
    const s = server;
    server = null;
    await s?.stop();
  };
  try {
    // Traces dated over the last hours (a run may not start more than 24 h ahead, §2).
    const all = generateTraces(WARMUP + N, { salt: randomBytes(8).toString("hex"), seed: 42, startMs: Date.now() - 20 * 3600_000 });
    const warm = all.slice(0, WARMUP);
    const measured = all.slice(WARMUP);
    const chunks = (ts: BenchTrace[]) => {
      const out: Uint8Array<ArrayBuffer>[] = [];
      for (let i = 0; i < ts.length; i += TRACES_PER_REQUEST) out.push(otlpBody(ts.slice(i, i + TRACES_PER_REQUEST)));
      return out;
    };
    const warmBodies = chunks(warm);
    const bodies = chunks(measured);
    const nativeWarm = runBodies(warm, TRACES_PER_REQUEST);
    const nativeSets = NATIVE_BATCHES.map((batch, i) => ({ batch, bodies: runBodies(measured, batch, i === 0 ? "" : `-b${batch}`) }));

    // First start: migrations and the headless init; then the rate limits, server stopped.
    await start("init");
    await stop();
    const { otelProject, nativeProject } = await db.with((q) => configure(q, nativeKey));
    const before = kind === "postgres" ? await readStats(db) : null;

    // OTLP.
    const s1 = await start("otlp");
    await postOtlp(s1.baseURL, key, warmBodies, CONCURRENCY);
    await analyze(db);
    const dbName = kind === "postgres" ? new URL(dbEnv.DATABASE_URL).pathname.slice(1) : null;
    const stopSampling = dbName ? sampleActivity(dbName) : null;
    const otlpCpuEnd = await cpuPhase(dataDir, backendsOf(dbName));
    const otlp = await postOtlp(s1.baseURL, key, bodies, CONCURRENCY);
    const otlpCpu = await otlpCpuEnd();
    const activity = stopSampling ? await stopSampling() : null;
    await stop();
    const afterOtlp = kind === "postgres" ? await readStats(db) : null;
    await db.with((q) => checkOtlp(q, otelProject, WARMUP + N));

    // Native ingest of the same runs, same database, a fresh server process.
    const s2 = await start("native");
    await postRuns(s2.baseURL, nativeKey, nativeWarm, WARMUP, CONCURRENCY);
    await analyze(db);
    const native: NativeResult[] = [];
    for (const set of nativeSets) {
      const cpuEnd = await cpuPhase(dataDir, backendsOf(dbName));
      const http = await postRuns(s2.baseURL, nativeKey, set.bodies, N, CONCURRENCY);
      native.push({ batch: set.batch, runs: N, toolCalls: TOOL_SPANS_PER_TRACE * N, http, cpu: await cpuEnd() });
    }
    await stop();
    const afterNative = kind === "postgres" ? await readStats(db) : null;
    const compared = await db.with(async (q) => {
      const [{ runs }] = await q<{ runs: number }>(`SELECT count(*)::int AS runs FROM "runs" WHERE "projectId" = $1`, [nativeProject]);
      const expected = WARMUP + N * NATIVE_BATCHES.length;
      if (runs !== expected) throw new Error(`native project: expected ${expected} runs, found ${runs}`);
      return compareRuns(q, otelProject, nativeProject);
    });
    if (compared.runs !== WARMUP + N) throw new Error(`compared ${compared.runs} runs, expected ${WARMUP + N}`);

    let otlpStats: Stats | null = null;
    let nativeStats: Stats | null = null;
    if (before && afterOtlp && afterNative) {
      otlpStats = minus(afterOtlp, before);
      nativeStats = minus(afterNative, afterOtlp);
      const traces = WARMUP + N;
      if (otlpStats.runs.ins !== traces || otlpStats.runs.upd !== 0 || otlpStats.toolCalls.del !== 0)
        throw new Error(
          `rebuilt once? expected ${traces} run inserts, 0 updates, 0 tool call deletes during the OTLP phase; found ${JSON.stringify(otlpStats)}`,
        );
    }
    return {
      db: kind,
      traces: N,
      spans: N * SPANS_PER_TRACE,
      otlp,
      otlpCpu,
      otlpStats,
      native,
      nativeStats,
      compared,
      activity,
      logProblems: logs.flatMap(serverLogProblems),
    };
  } finally {
    await stop();
    await db.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  ensureBuild(distDir);
  console.log(
    `[bench] otel: ${fmt(N)} traces = ${fmt(N * SPANS_PER_TRACE)} spans (+ ${fmt(WARMUP)} warm-up traces), ` +
      `${SPAN_BATCH} spans (${TRACES_PER_REQUEST} traces) per OTLP request, native batches ${NATIVE_BATCHES.join(" and ")}, ` +
      `concurrency ${CONCURRENCY}, ${os.cpus().length} cores, build ${distDir}`,
  );
  const results: Result[] = [];
  for (const kind of dbs) {
    const r = await benchOne(kind);
    results.push(r);
    const o = r.otlp;
    const lines = [
      `[bench] ${r.db}: OTLP ${fmt(r.spans)} spans / ${fmt(r.traces)} traces in ${o.seconds.toFixed(2)} s = ${fmt(r.spans / o.seconds)} spans/s, ` +
        `${fmt(r.traces / o.seconds)} traces/s; ${o.requests} requests, latency p50 ${fmt(pct(o.latenciesMs, 50))} ms, p95 ${fmt(pct(o.latenciesMs, 95))} ms` +
        (o.retries ? `, ${o.retries} retried (429/503)` : ""),
      `          ${cpuLine(r.otlpCpu)}`,
    ];
    for (const n of r.native)
      lines.push(
        `[bench] ${r.db}: native ${fmt(n.runs)} runs, ${n.batch}/request, in ${n.http.seconds.toFixed(2)} s = ${fmt(n.runs / n.http.seconds)} runs/s, ` +
          `${fmt(n.toolCalls / n.http.seconds)} tool calls/s; latency p50 ${fmt(pct(n.http.latenciesMs, 50))} ms, p95 ${fmt(pct(n.http.latenciesMs, 95))} ms` +
          (n.http.retries ? `, ${n.http.retries} retried (429/503)` : "") +
          `\n          ${cpuLine(n.cpu)}`,
      );
    lines.push(
      `[bench] ${r.db}: checked: every OTLP response without partial_success; ${fmt(r.compared.runs)} runs and ${fmt(r.compared.calls)} tool calls ` +
        `built from traces (warm-up included) equal the native ones column for column; usage = sum of the 3 model spans for every run`,
    );
    if (r.otlpStats) {
      const s = r.otlpStats;
      const requests = r.otlp.requests + WARMUP / TRACES_PER_REQUEST;
      lines.push(
        `[bench] ${r.db}: OTLP phase (warm-up included, ${requests} requests): runs ${fmt(s.runs.ins)} inserted, ${s.runs.upd} updated; ` +
          `tool_calls ${fmt(s.toolCalls.ins)} inserted, ${s.toolCalls.del} deleted; otel_spans ${fmt(s.spans.ins)} inserted; ` +
          `${fmt(s.commits)} commits (${(s.commits / requests).toFixed(1)} per request, server start included), ${s.rollbacks} rollbacks → every trace rebuilt exactly once`,
      );
    }
    if (r.nativeStats) {
      const s = r.nativeStats;
      const requests = r.native.reduce((n, x) => n + x.http.requests, 0) + WARMUP / TRACES_PER_REQUEST;
      lines.push(
        `[bench] ${r.db}: native phase (${requests} requests): runs ${fmt(s.runs.ins)} inserted, ${s.runs.upd} updated; ` +
          `${fmt(s.commits)} commits (${(s.commits / requests).toFixed(1)} per request), ${s.rollbacks} rollbacks`,
      );
    }
    if (r.activity)
      lines.push(
        `[bench] ${r.db}: server connections during the timed OTLP phase (${r.activity.samples} samples every 250 ms, active backends by wait/query):\n` +
          r.activity.top.map(([k, v]) => `          ${(v / r.activity!.samples).toFixed(2)}  ${k}`).join("\n"),
      );
    if (r.logProblems.length)
      lines.push(`[bench] ${r.db}: server log lines with error/warn/slow/timeout (${r.logProblems.length}):\n  ${r.logProblems.slice(0, 8).join("\n  ")}`);
    console.log(lines.join("\n"));
  }

  const header = ["db", "spans", "traces", "seconds", "spans/s", "native runs", "per request", "seconds", "runs/s (tool calls/s)", "OTLP traces/s ÷ native runs/s"];
  const rows = results.flatMap((r) =>
    r.native.map((n) => [
      r.db,
      fmt(r.spans),
      fmt(r.traces),
      r.otlp.seconds.toFixed(1),
      fmt(r.spans / r.otlp.seconds),
      fmt(n.runs),
      String(n.batch),
      n.http.seconds.toFixed(1),
      `${fmt(n.runs / n.http.seconds)} (${fmt(n.toolCalls / n.http.seconds)})`,
      (r.traces / r.otlp.seconds / (n.runs / n.http.seconds)).toFixed(2),
    ]),
  );
  console.log(`\n| ${header.join(" | ")} |\n|${header.map(() => " --- ").join("|")}|\n${rows.map((x) => `| ${x.join(" | ")} |`).join("\n")}`);
}

main().catch((err: unknown) => {
  console.error(`[bench] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
