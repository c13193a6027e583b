// Metric endpoint latency on the demo data (30 days, ~7,000 runs, ~25,000 tool calls): a fresh
// server per database loads the demo on its first start; then each endpoint is asked N times in
// a row for the last 30 days (the dashboard's window), after a few warm-up requests, and the
// median and p95 are reported. Target: overview and tools under 300 ms.
//
//   npm run bench:metrics -- [--db pglite|postgres|both] [--requests 50]
//
// PostgreSQL: a fresh database `keel_metrics_bench_<random>` on BENCH_DATABASE_URL, else
// TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres (dropped afterwards).
// The app build comes from KEEL_DIST_DIR (default .next-metrics; built when missing).
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { ensureBuild, startServer } from "../ingest/server";

const { values } = parseArgs({ options: { db: { type: "string", default: "both" }, requests: { type: "string", default: "50" } } });
const N = Number(values.requests);
const WARMUP = 5;
const TARGET_MS = 300;
const dbs = values.db === "both" ? (["pglite", "postgres"] as const) : ([values.db] as ("pglite" | "postgres")[]);
if (!dbs.every((d) => d === "postgres" || d === "pglite")) throw new Error("--db must be pglite, postgres or both");
const serverUrl =
  process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/postgres";
const distDir = process.env.KEEL_DIST_DIR || ".next-metrics";

const ENDPOINTS = [
  { name: "overview", path: "overview", target: true },
  { name: "tools", path: "tools", target: true },
  { name: "workflows", path: "workflows", target: false },
  { name: "failures", path: "failures?limit=10", target: false },
  { name: "timeseries (runs, day)", path: "timeseries?series=runs&bucket=day&tz=Europe/Paris", target: false },
];

interface Row {
  db: string;
  endpoint: string;
  medianMs: number;
  p95Ms: number;
  target: boolean;
}

/** Nearest-rank percentile of sorted samples. */
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

/** The demo's API key, printed once in the server log after the demo has loaded. */
async function demoKey(logFile: string): Promise<string> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const m = /Demo API key[^\n]*\n[^\n]*?(keel_[A-Za-z0-9_-]{20,})/.exec(readFileSync(logFile, "utf8"));
    if (m) return m[1];
    if (Date.now() > deadline) throw new Error(`no demo API key in ${logFile}: did the demo load?`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function measure(db: string, baseURL: string, key: string): Promise<Row[]> {
  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  const window = `from=${from.toISOString()}&to=${to.toISOString()}`;
  const rows: Row[] = [];
  for (const e of ENDPOINTS) {
    const url = `${baseURL}/api/v1/metrics/${e.path}${e.path.includes("?") ? "&" : "?"}${window}`;
    const once = async () => {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { Authorization: `Bearer ${key}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < WARMUP; i++) await once();
    const samples: number[] = [];
    for (let i = 0; i < N; i++) samples.push(await once());
    samples.sort((a, b) => a - b);
    rows.push({ db, endpoint: e.name, medianMs: pct(samples, 0.5), p95Ms: pct(samples, 0.95), target: e.target });
  }
  return rows;
}

async function benchOne(db: "pglite" | "postgres"): Promise<Row[]> {
  const work = mkdtempSync(path.join(os.tmpdir(), `keel-metrics-bench-${db}-`));
  const logFile = path.join(work, "server.log");
  const env: Record<string, string> = { NEXTAUTH_SECRET: randomBytes(16).toString("hex") };
  const dbName = `keel_metrics_bench_${randomBytes(4).toString("hex")}`;
  const admin = db === "postgres" ? new pg.Client({ connectionString: serverUrl }) : null;
  if (admin) {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    const u = new URL(serverUrl);
    u.pathname = `/${dbName}`;
    env.DATABASE_URL = u.toString();
  } else env.KEEL_DATA_DIR = path.join(work, "data");
  console.log(`[bench] ${db}: starting the server; the demo loads on first start (log: ${logFile})`);
  const server = await startServer(env, logFile);
  try {
    const key = await demoKey(logFile);
    return await measure(db, server.baseURL, key);
  } finally {
    await server.stop();
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  ensureBuild(distDir);
  process.env.KEEL_DIST_DIR = distDir;
  const rows: Row[] = [];
  for (const db of dbs) rows.push(...(await benchOne(db)));
  console.log(`\nMetric endpoints, last 30 days of demo data, ${N} sequential requests each (after ${WARMUP} warm-up), read key:\n`);
  console.log("| database | endpoint | median ms | p95 ms | target |");
  console.log("| --- | --- | ---: | ---: | --- |");
  for (const r of rows) {
    const verdict = r.target ? (r.p95Ms < TARGET_MS ? `p95 < ${TARGET_MS} ms ✓` : `p95 ≥ ${TARGET_MS} ms ✗`) : "";
    console.log(`| ${r.db} | ${r.endpoint} | ${r.medianMs.toFixed(1)} | ${r.p95Ms.toFixed(1)} | ${verdict} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
