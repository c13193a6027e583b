// Dashboards at scale (issue 14): loads the issue's dataset straight into Keel's schema with COPY,
// ANALYZEs, builds the rollups when this Keel has them (`keel rollups rebuild`), starts `next start`
// on it and times every metrics endpoint, the weekly review, the release gates and the runs list
// for 1/7/30/90-day windows, with and without a workflow filter, from this process (the server is
// its own): median and p95 of --requests calls after --warmup calls. When the server knows
// KEEL_METRICS_SOURCE (rollups vs raw rows), a second server with KEEL_METRICS_SOURCE=raw is timed
// in the same run, for before/after figures. Prints markdown tables (docs/scaling.md takes them).
//
//   npm run bench:scale -- --runs 2000000                  # PostgreSQL (database keel_bench_scale)
//   npm run bench:scale -- --db pglite --runs 200000       # PGlite (a data dir under the OS tmp dir)
//   options: --days 90  --requests 10  --warmup 2  --keep (keep the database / data dir)
//            --reuse (PostgreSQL: time the database a --keep run left, after `keel migrate`; no load)
//            --configs rollups,raw (which servers to time)
//
// PostgreSQL: the database `keel_bench_scale` (dropped and created) on BENCH_DATABASE_URL, else
// TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres; COPY through psql. The
// app build comes from KEEL_DIST_DIR (default .next-bench; built when missing). The server runs
// with KEEL_STATEMENT_TIMEOUT_MS=120000 unless set, so slow raw figures are measured, not cut.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { openDatabase, type Database } from "../../lib/server/db/open";
import { createApiKey } from "../../lib/server/services/accounts";
import { formatIsoWeek, lastFullWeek } from "../../lib/shared/iso-week";
import { ensureBuild, root, startServer } from "../ingest/server";
import { copyStatement, FILTER_WORKFLOW, generateChunk, RELEASE_NAMES, RUN_COPY_COLUMNS, TOOL_CALL_COPY_COLUMNS } from "./data";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "postgres" },
    runs: { type: "string", default: "2000000" },
    days: { type: "string", default: "90" },
    requests: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    keep: { type: "boolean", default: false },
    reuse: { type: "boolean", default: false },
    configs: { type: "string", default: "rollups,raw" },
  },
});
const kind = values.db as "postgres" | "pglite";
if (kind !== "postgres" && kind !== "pglite") throw new Error("--db must be postgres or pglite");
const TOTAL = Number(values.runs);
const DAYS = Number(values.days);
const N = Number(values.requests);
const WARMUP = Number(values.warmup);
if (![TOTAL, DAYS, N].every((v) => Number.isInteger(v) && v > 0) || !Number.isInteger(WARMUP) || WARMUP < 0)
  throw new Error("--runs, --days, --requests must be positive integers, --warmup ≥ 0");
const CHUNK = 25_000;
const DB_NAME = "keel_bench_scale";
const serverUrl =
  process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/postgres";
const distDir = process.env.KEEL_DIST_DIR || ".next-bench";
const WINDOWS = [1, 7, 30, 90].filter((d) => d <= DAYS);
// The data ends at the hour before the bench starts; every window ends there.
let END_MS = Math.floor(Date.now() / 3_600_000) * 3_600_000;

function dbUrl(): string {
  const u = new URL(serverUrl);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
}

/** Pipes text into `psql -f -` (COPY … FROM STDIN with its data inline), honouring backpressure. */
function psql(url: string, script: AsyncIterable<string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("psql", ["-q", "-X", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"], { stdio: ["pipe", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}`))));
    void (async () => {
      for await (const part of script) if (!child.stdin.write(part)) await new Promise((r) => child.stdin.once("drain", r));
      child.stdin.end();
    })().catch(reject);
  });
}

interface Loaded {
  projectId: string;
  key: string;
  toolCalls: number;
  loadS: number;
  analyzeS: number;
  sizes: string;
}

async function prepare(db: Database): Promise<{ projectId: string; key: string }> {
  const project = await db.prisma.project.create({ data: { slug: "scale", name: "Scale bench", settings: { create: {} } } });
  const { key } = await createApiKey(db, { projectId: project.id, scopes: ["read"], name: "bench" });
  return { projectId: project.id, key };
}

function* chunks(projectId: string) {
  for (let first = 0; first < TOTAL; first += CHUNK)
    yield generateChunk({ projectId, first, count: Math.min(CHUNK, TOTAL - first), total: TOTAL, endMs: END_MS, days: DAYS });
}

function progress(done: number, calls: number, t0: number) {
  const s = (performance.now() - t0) / 1000;
  process.stdout.write(`\r[bench] loaded ${done.toLocaleString("en")} runs, ${calls.toLocaleString("en")} tool calls (${Math.round(done / s).toLocaleString("en")} runs/s)   `);
}

async function loadPostgres(): Promise<{ loaded: Loaded; env: Record<string, string> }> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${DB_NAME}"`);
  await admin.end();
  const url = dbUrl();
  const db = await openDatabase({ kind: "postgres", url, poolSize: 2 });
  try {
    const { projectId, key } = await prepare(db);
    let toolCalls = 0;
    let done = 0;
    const t0 = performance.now();
    await psql(
      url,
      (async function* () {
        yield "SET synchronous_commit = off;\n";
        for (const c of chunks(projectId)) {
          // One transaction per chunk: runs first (tool calls reference them).
          yield `BEGIN;\n${copyStatement("runs", RUN_COPY_COLUMNS, "STDIN")};\n${c.runs}\\.\n`;
          yield `${copyStatement("tool_calls", TOOL_CALL_COPY_COLUMNS, "STDIN")};\n${c.toolCalls}\\.\nCOMMIT;\n`;
          done += c.runCount;
          toolCalls += c.toolCallCount;
          progress(done, toolCalls, t0);
        }
      })(),
    );
    const loadS = (performance.now() - t0) / 1000;
    process.stdout.write("\n");
    await db.sql.query(`SELECT setval(pg_get_serial_sequence('"runs"', 'pk'), $1::bigint)`, [String(TOTAL)]);
    const t1 = performance.now();
    await db.sql.exec("SET statement_timeout = 0; ANALYZE");
    const analyzeS = (performance.now() - t1) / 1000;
    const [s] = await db.sql.query<{ runs: string; calls: string; db: string }>(
      `SELECT pg_size_pretty(pg_total_relation_size('"runs"')) AS runs, pg_size_pretty(pg_total_relation_size('"tool_calls"')) AS calls,
        pg_size_pretty(pg_database_size(current_database())) AS db`,
    );
    return {
      loaded: { projectId, key, toolCalls, loadS, analyzeS, sizes: `runs ${s.runs}, tool_calls ${s.calls}, database ${s.db}` },
      env: { DATABASE_URL: url },
    };
  } finally {
    await db.close();
  }
}

function dirSize(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirSize(p) : statSync(p).size;
  }
  return total;
}

async function loadPglite(work: string): Promise<{ loaded: Loaded; env: Record<string, string> }> {
  const dataDir = path.join(work, "data");
  const dir = path.join(dataDir, "pglite");
  const db = await openDatabase({ kind: "pglite", dir });
  const { projectId, key } = await prepare(db).finally(() => db.close());
  // COPY … FROM '/dev/blob' needs PGlite's own query options: the client itself, on the migrated dir.
  const client = await PGlite.create(dir);
  try {
    let toolCalls = 0;
    let done = 0;
    const t0 = performance.now();
    for (const c of chunks(projectId)) {
      await client.transaction(async (tx) => {
        await tx.query(copyStatement("runs", RUN_COPY_COLUMNS, "'/dev/blob'"), [], { blob: new Blob([c.runs]) });
        await tx.query(copyStatement("tool_calls", TOOL_CALL_COPY_COLUMNS, "'/dev/blob'"), [], { blob: new Blob([c.toolCalls]) });
      });
      done += c.runCount;
      toolCalls += c.toolCallCount;
      progress(done, toolCalls, t0);
    }
    const loadS = (performance.now() - t0) / 1000;
    process.stdout.write("\n");
    await client.query(`SELECT setval(pg_get_serial_sequence('"runs"', 'pk'), $1::bigint)`, [String(TOTAL)]);
    const t1 = performance.now();
    await client.exec("ANALYZE");
    const analyzeS = (performance.now() - t1) / 1000;
    return { loaded: { projectId, key, toolCalls, loadS, analyzeS, sizes: "" }, env: { KEEL_DATA_DIR: dataDir } };
  } finally {
    await client.close();
  }
}

/**
 * --reuse: the database a --keep run loaded, migrated by this Keel (`keel migrate`, timed: a
 * migration that fills new rollup tables runs here), a new read key; windows end where its data does.
 */
async function reusePostgres(): Promise<{ loaded: Loaded; env: Record<string, string>; migrateS: number }> {
  const url = dbUrl();
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [path.join(root, "bin", "keel.mjs"), "migrate"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url, KEEL_STATEMENT_TIMEOUT_MS: "0" },
  });
  if (res.status !== 0) throw new Error(`keel migrate exited with ${res.status}`);
  const migrateS = (performance.now() - t0) / 1000;
  const db = await openDatabase({ kind: "postgres", url, poolSize: 2 });
  try {
    // Statistics for the tables a migration filled, as autovacuum would take them (it is off on CI).
    await db.sql.query("ANALYZE");
    const project = await db.prisma.project.findUniqueOrThrow({ where: { slug: "scale" } });
    const { key } = await createApiKey(db, { projectId: project.id, scopes: ["read"], name: "bench" });
    const [s] = await db.sql.query<{ end: Date; calls: string; runs: string; rsize: string; csize: string; db: string }>(
      `SELECT max("startedAt") AS "end", (SELECT count(*) FROM "tool_calls")::text AS calls, count(*)::text AS runs,
        pg_size_pretty(pg_total_relation_size('"runs"')) AS rsize, pg_size_pretty(pg_total_relation_size('"tool_calls"')) AS csize,
        pg_size_pretty(pg_database_size(current_database())) AS db FROM "runs"`,
    );
    END_MS = Math.ceil(new Date(s.end).getTime() / 3_600_000) * 3_600_000;
    if (Number(s.runs) !== TOTAL) throw new Error(`--reuse: the database holds ${s.runs} runs, not --runs ${TOTAL}`);
    return {
      loaded: { projectId: project.id, key, toolCalls: Number(s.calls), loadS: NaN, analyzeS: NaN, sizes: `runs ${s.rsize}, tool_calls ${s.csize}, database ${s.db}` },
      env: { DATABASE_URL: url },
      migrateS,
    };
  } finally {
    await db.close();
  }
}

/** `keel rollups rebuild` when this Keel has it (the help lists it); else null. */
function rebuildRollups(env: Record<string, string>): number | null {
  const cli = path.join(root, "bin", "keel.mjs");
  const help = spawnSync(process.execPath, [cli, "help"], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
  if (!`${help.stdout}${help.stderr}`.includes("rollups rebuild")) return null;
  console.log("[bench] keel rollups rebuild…");
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [cli, "rollups", "rebuild"], { cwd: root, stdio: "inherit", env: { ...process.env, ...env, KEEL_STATEMENT_TIMEOUT_MS: "0" } });
  if (res.status !== 0) throw new Error(`keel rollups rebuild exited with ${res.status}`);
  return (performance.now() - t0) / 1000;
}

/** Does this Keel read metrics from rollups with a raw fallback switch? */
function hasMetricsSourceFlag(): boolean {
  const grep = spawnSync("grep", ["-rlq", "KEEL_METRICS_SOURCE", path.join(root, "lib", "server")]);
  return grep.status === 0;
}

interface Probe {
  endpoint: string;
  filter: string;
  window: string;
  url: string;
}

function probes(baseURL: string): Probe[] {
  const out: Probe[] = [];
  const endpoints: [string, string][] = [
    ["metrics/overview", "/api/v1/metrics/overview?"],
    ["metrics/workflows", "/api/v1/metrics/workflows?"],
    ["metrics/tools", "/api/v1/metrics/tools?"],
    ["metrics/timeseries (runs)", "/api/v1/metrics/timeseries?series=runs&"],
    ["metrics/releases", "/api/v1/metrics/releases?"],
    ["metrics/failures", "/api/v1/metrics/failures?"],
    ["runs list, first page", "/api/v1/runs?"],
    ["runs list, tool + toolStatus", "/api/v1/runs?tool=ticketing.create&toolStatus=error&"],
  ];
  const newest = RELEASE_NAMES[RELEASE_NAMES.length - 1];
  for (const days of WINDOWS) {
    const w = `from=${new Date(END_MS - days * 86_400_000).toISOString()}&to=${new Date(END_MS).toISOString()}`;
    for (const [endpoint, p] of endpoints) {
      out.push({ endpoint, filter: "none", window: `${days} d`, url: `${baseURL}${p}${w}` });
      out.push({ endpoint, filter: "workflow", window: `${days} d`, url: `${baseURL}${p}${w}&workflow=${FILTER_WORKFLOW}` });
    }
    out.push({ endpoint: `releases/{r}/gates`, filter: "none", window: `${days} d`, url: `${baseURL}/api/v1/releases/${encodeURIComponent(newest)}/gates?${w}` });
  }
  const week = formatIsoWeek(lastFullWeek(new Date(END_MS)));
  out.push({ endpoint: `review (${week})`, filter: "none", window: "7 d", url: `${baseURL}/api/v1/review?week=${week}` });
  return out;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

async function time(p: Probe, key: string): Promise<string> {
  const once = async () => {
    const t0 = performance.now();
    const res = await fetch(p.url, { headers: { Authorization: `Bearer ${key}` } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${res.status} ${body.slice(0, 200)}`);
    return performance.now() - t0;
  };
  try {
    for (let i = 0; i < WARMUP; i++) await once();
    const samples: number[] = [];
    for (let i = 0; i < N; i++) samples.push(await once());
    samples.sort((a, b) => a - b);
    return `${Math.round(pct(samples, 0.5)).toLocaleString("en")} / ${Math.round(pct(samples, 0.95)).toLocaleString("en")}`;
  } catch (err) {
    console.error(`\n[bench] ${p.endpoint} ${p.filter} ${p.window}: ${(err as Error).message}`);
    return `error ${(err as Error).message.slice(0, 3)}`;
  }
}

async function measure(config: string, env: Record<string, string>, key: string, work: string): Promise<Map<string, string>> {
  const logFile = path.join(work, `server-${config}.log`);
  console.log(`[bench] ${config}: next start (log: ${logFile})`);
  const server = await startServer(
    {
      NEXTAUTH_SECRET: randomBytes(16).toString("hex"),
      KEEL_STATEMENT_TIMEOUT_MS: process.env.KEEL_STATEMENT_TIMEOUT_MS || "120000",
      KEEL_DEMO: "off",
      ...env,
    },
    logFile,
  );
  const cells = new Map<string, string>();
  try {
    for (const p of probes(server.baseURL)) {
      process.stdout.write(`\r[bench] ${config}: ${p.endpoint} ${p.filter} ${p.window}                    `);
      cells.set(`${p.endpoint}|${p.filter}|${p.window}`, await time(p, key));
    }
    process.stdout.write("\n");
  } finally {
    await server.stop();
  }
  return cells;
}

function table(title: string, cells: Map<string, string>): string {
  const rows = new Map<string, Map<string, string>>();
  for (const [k, v] of cells) {
    const [endpoint, filter, window] = k.split("|");
    const row = `${endpoint}${filter === "none" ? "" : ` (${filter}=${FILTER_WORKFLOW})`}`;
    if (!rows.has(row)) rows.set(row, new Map());
    rows.get(row)!.set(window, v);
  }
  const cols = WINDOWS.map((d) => `${d} d`);
  let out = `\n${title}\n\n| endpoint | ${cols.join(" | ")} |\n|---|${cols.map(() => "---:").join("|")}|\n`;
  for (const [row, byWindow] of rows) out += `| ${row} | ${cols.map((c) => byWindow.get(c) ?? "").join(" | ")} |\n`;
  return out;
}

async function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), `keel-bench-scale-${kind}-`));
  console.log(`[bench] ${kind}: ${TOTAL.toLocaleString("en")} runs over ${DAYS} days (work dir ${work})`);
  ensureBuild(distDir);
  process.env.KEEL_DIST_DIR = distDir;
  if (values.reuse && kind !== "postgres") throw new Error("--reuse is for --db postgres");
  const reused = values.reuse ? await reusePostgres() : null;
  const { loaded, env } = reused ?? (kind === "postgres" ? await loadPostgres() : await loadPglite(work));
  const sizes = kind === "pglite" ? `data dir ${(dirSize(path.join(work, "data")) / 2 ** 20).toFixed(0)} MB` : loaded.sizes;
  const rebuildS = reused ? null : rebuildRollups(env);
  const raw = hasMetricsSourceFlag();
  const wanted = new Set(values.configs.split(","));
  const configs: [string, Record<string, string>][] = raw
    ? ([["rollups", { ...env, KEEL_METRICS_SOURCE: "rollups" }], ["raw", { ...env, KEEL_METRICS_SOURCE: "raw" }]] as [string, Record<string, string>][]).filter(([n]) => wanted.has(n))
    : [["as built", env]];
  const results: [string, Map<string, string>][] = [];
  for (const [name, e] of configs) results.push([name, await measure(name, e, loaded.key, work)]);

  const rev = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();
  let report = `\n## bench:scale — ${kind}, ${TOTAL.toLocaleString("en")} runs, ${loaded.toolCalls.toLocaleString("en")} tool calls over ${DAYS} days (commit ${rev})\n\n`;
  if (reused) report += `- reused the database of an earlier --keep run; \`keel migrate\` ${reused.migrateS.toFixed(1)} s; ${sizes}\n`;
  else report += `- load (COPY): ${loaded.loadS.toFixed(1)} s (${Math.round(TOTAL / loaded.loadS).toLocaleString("en")} runs/s, ${Math.round(loaded.toolCalls / loaded.loadS).toLocaleString("en")} tool calls/s); ANALYZE ${loaded.analyzeS.toFixed(1)} s; ${sizes}\n`;
  if (!reused) report += `- rollups rebuild: ${rebuildS === null ? "not available in this build (no `keel rollups rebuild`)" : `${rebuildS.toFixed(1)} s`}\n`;
  report += `- server configs: ${configs.map(([n]) => n).join(", ")}${raw ? "" : " (no KEEL_METRICS_SOURCE in this build: no raw comparison)"}\n`;
  report += `- cells: median / p95 ms over ${N} sequential calls after ${WARMUP} warm-up, read API key, windows ending ${new Date(END_MS).toISOString()}\n`;
  for (const [name, cells] of results) report += table(`### ${name}`, cells);
  console.log(report);
  if (!values.keep && !values.reuse) {
    if (kind === "postgres") {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
      await admin.end();
    }
    rmSync(work, { recursive: true, force: true });
  } else console.log(`[bench] kept: ${kind === "postgres" ? dbUrl() : work}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
