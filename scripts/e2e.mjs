#!/usr/bin/env node
// End-to-end run: build (when the build folder has none), then per database: a fresh database,
// fixtures written BEFORE the server starts (e2e/setup/prepare.ts), `next start` on a free port,
// wait for /api/health, Playwright, stop the server, drop the database.
//
//   node scripts/e2e.mjs [--db pglite|postgres|both] [--build] [--keep] [-- <playwright args>]
//   node scripts/e2e.mjs --build --build-only      (just the production build; scripts/test.mjs)
//
// KEEL_DIST_DIR picks the build folder (default .next-e2e); PostgreSQL runs use a fresh database
// `keel_e2e_<random>` on the TEST_DATABASE_URL server. KEEL_E2E_JSON_REPORT names the JSON report.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createPostgresDatabase, freePort, startServer, tail, waitForHealth } from "../e2e/setup/server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NEXT_BIN = path.join(root, "node_modules", "next", "dist", "bin", "next");
const TSX_LOADER = import.meta.resolve("tsx");
const PLAYWRIGHT_BIN = path.join(root, "node_modules", "@playwright", "test", "cli.js");
const START_TIMEOUT_MS = Number(process.env.KEEL_E2E_START_TIMEOUT_MS || 240_000);
const SOURCES = ["app", "components", "lib", "public", "instrumentation.ts", "proxy.ts", "next.config.js", "package.json"];
// Variables of the caller that would point the server somewhere else than the prepared database.
const SCRUBBED_ENV = ["DATABASE_URL", "KEEL_DATA_DIR", "KEEL_INIT_PROJECT", "KEEL_INIT_API_KEY", "KEEL_INIT_ADMIN_EMAIL",
  "KEEL_INIT_ADMIN_PASSWORD", "KEEL_DEMO", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "PORT"];

const log = (msg) => console.log(`[e2e] ${msg}`);
const cleanups = [];
let stopping = false;

function parseCli(argv) {
  const dash = argv.indexOf("--");
  const own = dash === -1 ? argv : argv.slice(0, dash);
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    strict: false,
    options: {
      db: { type: "string", default: "pglite" },
      build: { type: "boolean" },
      "build-only": { type: "boolean" },
      keep: { type: "boolean" },
    },
  });
  // Anything not ours (before or after `--`) goes to Playwright.
  const passthrough = own.filter((a, i) => positionals.includes(a) || isForeignFlag(own, i));
  const playwrightArgs = [...passthrough, ...(dash === -1 ? [] : argv.slice(dash + 1))];
  if (!["pglite", "postgres", "both"].includes(values.db)) throw new Error(`--db must be pglite, postgres or both (got ${values.db})`);
  return { db: values.db, build: !!values.build, buildOnly: !!values["build-only"], keep: !!values.keep, playwrightArgs };
}

function isForeignFlag(args, i) {
  const a = args[i];
  if (!a.startsWith("-")) return false;
  const name = a.replace(/^-+/, "").split("=")[0];
  return !["db", "build", "build-only", "keep"].includes(name);
}

// Children in the foreground (build, prepare, Playwright): stopped with us when we are signalled.
const children = new Set();

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", ...opts });
    children.add(child);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of readdirSync(p, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    max = Math.max(max, newestMtime(path.join(p, e.name)));
  }
  return max;
}

async function ensureBuild(distDir, force) {
  const buildId = path.join(root, distDir, "BUILD_ID");
  if (!force && existsSync(buildId)) {
    const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
    if (sourcesAt > statSync(buildId).mtimeMs) log(`note: sources changed since the build in ${distDir}; pass --build to rebuild`);
    return;
  }
  log(`building into ${distDir}…`);
  const started = Date.now();
  // `next build` rewrites tsconfig.json to add `<distDir>/types`; a build folder per run must not
  // leave the shared, committed tsconfig changed.
  const tsconfig = path.join(root, "tsconfig.json");
  const tsconfigBefore = readFileSync(tsconfig, "utf8");
  const restore = async () => {
    if (readFileSync(tsconfig, "utf8") !== tsconfigBefore) writeFileSync(tsconfig, tsconfigBefore);
  };
  cleanups.push(restore);
  // Type errors are `npm test`'s first step (tsc); here they must not block a behavioural run
  // while other work is mid-way (next.config.js reads KEEL_SKIP_TYPECHECK).
  const buildEnv = { KEEL_SKIP_TYPECHECK: "1", ...process.env, KEEL_DIST_DIR: distDir };
  const code = await run(process.execPath, [NEXT_BIN, "build"], { env: buildEnv });
  await restore();
  cleanups.splice(cleanups.indexOf(restore), 1);
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function runOnce(db, opts) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `keel-e2e-${db}-`));
  const dataDir = path.join(tmp, "data");
  const fixturesFile = path.join(tmp, "fixtures.json");
  const serverLog = path.join(tmp, "server.log");
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  for (const k of SCRUBBED_ENV) delete env[k];
  Object.assign(env, {
    KEEL_DATA_DIR: dataDir,
    KEEL_DIST_DIR: opts.distDir,
    KEEL_SKIP_BUILD: "1",
    PORT: String(port),
    NEXTAUTH_URL: baseURL,
    NODE_ENV: "production",
    // Every JSON success is parsed with its route's declared response schema (lib/server/http/route.ts):
    // a drift answers 500 naming the route and the field, so every spec checks the schemas too.
    KEEL_CHECK_RESPONSES: "1",
  });

  const local = [];
  // One cleanup, whoever asks first (the run's end or a signal); both wait for all of it.
  let cleaning = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      while (local.length) await local.pop()().catch((err) => log(`cleanup: ${err.message}`));
    })());
  cleanups.push(cleanup);
  if (!opts.keep) local.push(async () => rmSync(tmp, { recursive: true, force: true }));
  else log(`keeping ${tmp}`);

  let server = null;
  try {
    if (db === "postgres") {
      const database = await createPostgresDatabase(opts.postgresUrl);
      if (!opts.keep) local.push(() => database.drop());
      env.DATABASE_URL = database.url;
      log(`postgres: fresh database ${database.name}`);
    } else {
      log(`pglite: fresh data dir ${dataDir}`);
    }

    // --conditions=react-server: lib/server modules import "server-only", which is empty under that
    // condition (as in bin/keel.mjs) and throws otherwise.
    const prepArgs = ["--conditions=react-server", "--import", TSX_LOADER, "e2e/setup/prepare.ts", "--out", fixturesFile, "--base-url", baseURL];
    const prepCode = await run(process.execPath, prepArgs, { env });
    if (prepCode !== 0) throw new Error(`preparing the fixtures failed (exit ${prepCode})`);

    const started = Date.now();
    server = startServer(env, serverLog);
    local.push(() => server.stop());
    await waitForHealth(baseURL, server, START_TIMEOUT_MS);
    log(`server healthy on ${baseURL} after ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${serverLog})`);

    const outputDir = path.join(root, "test-results", `e2e-${db}-${process.pid}`);
    const code = await run(process.execPath, [PLAYWRIGHT_BIN, "test", ...opts.playwrightArgs], {
      env: {
        ...process.env,
        KEEL_E2E_FIXTURES: fixturesFile,
        KEEL_E2E_BASE_URL: baseURL,
        KEEL_E2E_OUTPUT_DIR: outputDir,
        KEEL_E2E_DATABASE_URL: env.DATABASE_URL ?? "",
        // The PGlite pass keeps its screenshots in the repo (e2e/screenshots); the PostgreSQL pass,
        // which scripts/test.mjs runs at the same time, writes the same pages elsewhere.
        ...(db === "postgres" && !process.env.KEEL_E2E_SCREENSHOTS_DIR
          ? { KEEL_E2E_SCREENSHOTS_DIR: path.join(root, "test-results", "screenshots-postgres") }
          : {}),
      },
    });
    if (code !== 0 && !stopping) {
      console.log(`\n[e2e] ${db}: Playwright failed (exit ${code}); screenshots in ${outputDir}; last server log lines:\n${tail(serverLog)}\n`);
    } else if (code === 0) {
      rmSync(outputDir, { recursive: true, force: true });
    }
    if (code === 0 && db === "pglite") return await checkDataDirOpens(server, env);
    return code;
  } catch (err) {
    console.error(`[e2e] ${db}: ${err instanceof Error ? err.message : String(err)}`);
    if (server) console.error(`[e2e] last server log lines:\n${tail(serverLog)}`);
    return 1;
  } finally {
    await cleanup();
    cleanups.splice(cleanups.indexOf(cleanup), 1);
  }
}

/**
 * After the run on PGlite (during which e2e/api/cli-lock.spec.ts had the CLI refused by the
 * running server): stop the server and open the same data dir with the CLI. It must open, with
 * the fixtures' keys still there — the refused CLI damaged nothing.
 */
async function checkDataDirOpens(server, env) {
  await server.stop();
  const cliEnv = { ...env };
  delete cliEnv.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(root, "bin", "keel.mjs"), "api-key", "list", "--project", "e2e"], {
    cwd: root,
    env: cliEnv,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const status = await new Promise((resolve) => child.on("close", resolve));
  const keysListed = (out.match(/keel_/g) ?? []).length;
  if (status !== 0 || keysListed < 4) {
    console.error(`[e2e] pglite: the data dir did not reopen intact after the server stopped (exit ${status}, ${keysListed} keys listed):\n${out}`);
    return 1;
  }
  log(`pglite: after the server stopped, the data dir reopened intact (${keysListed} keys of project e2e listed)`);
  return 0;
}

async function main() {
  const cli = parseCli(process.argv.slice(2));
  const postgresUrl = process.env.TEST_DATABASE_URL?.trim() || null;
  const dbs = cli.db === "both" ? ["pglite", "postgres"] : [cli.db];
  if (dbs.includes("postgres") && !postgresUrl) throw new Error("--db postgres needs TEST_DATABASE_URL (a PostgreSQL server URL)");
  const distDir = process.env.KEEL_DIST_DIR || ".next-e2e";
  await ensureBuild(distDir, cli.build);
  if (cli.buildOnly) return 0;
  let failed = 0;
  for (const db of dbs) {
    if (stopping) break;
    const code = await runOnce(db, { ...cli, distDir, postgresUrl });
    if (code !== 0) failed++;
  }
  return failed ? 1 : 0;
}

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    log(`${sig}: stopping`);
    stopping = true;
    for (const child of children) child.kill(sig);
    for (const c of [...cleanups]) await c();
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(`[e2e] ${err instanceof Error ? err.message : String(err)}`);
    for (const c of [...cleanups]) await c();
    process.exit(1);
  },
);
