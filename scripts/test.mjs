#!/usr/bin/env node
// `npm test`: lint (ESLint with the layer rules, knip for dead code), type check, vitest (unit +
// integration, on PGlite and on PostgreSQL when TEST_DATABASE_URL is set), the interop suite's own
// dependencies (npm ci in interop/ when needed), one production build, Playwright on PGlite and on
// PostgreSQL. Steps run side by side as soon as what they need is done (see `steps`); each line
// they print is tagged with the step, and each step's whole output is kept in test-results/logs/.
// After a failing step nothing new starts; the steps already running finish. The last line is
// `N passed, N failed` (tests across vitest and Playwright) for CI to read; a step that fails
// without a failed test (type errors, a build or start-up failure) counts as one failure, so a red
// run never reads "0 failed".
//
//   node scripts/test.mjs [--only lint|typecheck|unit|e2e]
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (...p) => path.join(root, "node_modules", ...p);
const REPORTS = path.join(root, "test-results");
const LOGS = path.join(REPORTS, "logs");
const DIST_DIR = ".next-test";
const ESLINT_CACHE = path.join(root, "node_modules", ".cache", "eslintcache");

const { values } = parseArgs({ options: { only: { type: "string" } } });
const ONLY = values.only ?? null;
if (ONLY && !["lint", "typecheck", "unit", "e2e"].includes(ONLY)) {
  console.error(`--only must be lint, typecheck, unit or e2e (got ${ONLY})`);
  process.exit(2);
}

const postgresUrl = process.env.TEST_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim() || "";
const env = { ...process.env, ...(postgresUrl ? { TEST_DATABASE_URL: postgresUrl } : {}) };

const running = new Set();
let interrupted = false;
// A CI timeout may signal only us: pass it on so e2e.mjs stops its server and drops its database.
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    interrupted = true;
    if (running.size) for (const child of running) child.kill(sig);
    else process.exit(130);
  });
}

/**
 * Runs a step's command. Steps run side by side (see `main`), so each line a step prints goes to
 * the console prefixed with the step's tag, and whole to test-results/logs/<tag>.log.
 */
function run(tag, command, args, extraEnv = {}) {
  return new Promise((resolve) => {
    mkdirSync(LOGS, { recursive: true });
    const logFile = createWriteStream(path.join(LOGS, `${tag}.log`));
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...env, ...extraEnv } });
    running.add(child);
    for (const stream of [child.stdout, child.stderr]) {
      let rest = "";
      stream.on("data", (chunk) => {
        logFile.write(chunk);
        const lines = (rest + chunk.toString()).split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) process.stdout.write(`[${tag}] ${line}\n`);
      });
      stream.on("end", () => {
        if (rest) process.stdout.write(`[${tag}] ${rest}\n`);
      });
    }
    const done = (code) => {
      running.delete(child);
      logFile.end();
      resolve(code);
    };
    child.on("error", (err) => {
      console.error(`[${tag}] ${err.message}`);
      done(1);
    });
    child.on("close", (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

const node = (tag, args, extraEnv) => run(tag, process.execPath, args, extraEnv);

/**
 * The interop suite (Playwright project "interop") has its own dependencies in interop/: installed
 * with `npm ci` when interop/node_modules is missing or older than interop/package-lock.json.
 */
function ensureInteropDeps() {
  const lock = path.join(root, "interop", "package-lock.json");
  const installed = path.join(root, "interop", "node_modules", ".package-lock.json");
  if (!existsSync(lock)) return Promise.resolve(0);
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) {
    console.log("[test] interop/node_modules is up to date");
    return Promise.resolve(0);
  }
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  return run("interop", npm, ["ci", "--prefix", "interop", "--no-audit", "--no-fund"]);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** Vitest's JSON reporter (Jest's shape). */
function vitestCounts(file) {
  const r = readJson(file);
  return r ? { passed: r.numPassedTests ?? 0, failed: r.numFailedTests ?? 0 } : null;
}

/** Playwright's JSON reporter: expected = passed, unexpected = failed (retries are off). */
function playwrightCounts(file) {
  const s = readJson(file)?.stats;
  return s ? { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0 } : null;
}

// Steps run as soon as the steps they need are done, side by side. Measured on 2 cores: vitest
// keeps both busy (~700 s of CPU in ~300 s), a Playwright pass only about one (~370 s of CPU in
// ~460 s: it waits on its browser and server), so the two passes (each its own server and
// database) run at the same time, after vitest. Lint, the type check and the build run beside
// vitest; the build waits for lint and the type check, because `next build` rewrites tsconfig.json
// while it runs.
const steps = [];
if (!ONLY || ONLY === "lint") {
  // ESLint's cache (node_modules/.cache) keeps a re-run to the changed files; knip reads the whole graph.
  steps.push({
    id: "lint",
    name: "lint (eslint + knip)",
    run: async () =>
      (await node("lint", [bin("eslint", "bin", "eslint.js"), "--cache", "--cache-location", ESLINT_CACHE, "--max-warnings=0", "."])) ||
      node("lint", [bin("knip", "bin", "knip.js"), "--no-progress", "--no-config-hints"]),
  });
}
if (!ONLY || ONLY === "typecheck") {
  steps.push({ id: "typecheck", name: "typecheck (tsc --noEmit)", run: () => node("typecheck", [bin("typescript", "bin", "tsc"), "--noEmit", "-p", "."]) });
}
if (!ONLY || ONLY === "unit") {
  const report = path.join(REPORTS, "vitest.json");
  steps.push({
    id: "vitest",
    name: `vitest (unit + integration on ${postgresUrl ? "PGlite and PostgreSQL" : "PGlite"})`,
    report,
    count: () => vitestCounts(report),
    run: () => node("vitest", [bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]),
  });
}
if (!ONLY || ONLY === "e2e") {
  steps.push({ id: "interop", name: "interop dependencies (interop/package-lock.json)", run: () => ensureInteropDeps() });
  steps.push({
    id: "build",
    name: `production build (${DIST_DIR})`,
    after: ["lint", "typecheck"],
    run: () => node("build", [path.join(root, "scripts", "e2e.mjs"), "--build", "--build-only"], { KEEL_DIST_DIR: DIST_DIR }),
  });
  for (const db of postgresUrl ? ["pglite", "postgres"] : ["pglite"]) {
    const report = path.join(REPORTS, `e2e-${db}.json`);
    steps.push({
      id: `e2e-${db}`,
      name: `playwright on ${db === "pglite" ? "PGlite" : "PostgreSQL"}`,
      after: ["build", "interop", "vitest"],
      report,
      count: () => playwrightCounts(report),
      run: () => node(`e2e-${db}`, [path.join(root, "scripts", "e2e.mjs"), "--db", db], { KEEL_DIST_DIR: DIST_DIR, KEEL_E2E_JSON_REPORT: report }),
    });
  }
}

async function main() {
  mkdirSync(REPORTS, { recursive: true });
  console.log(
    postgresUrl
      ? "[test] databases: PGlite and PostgreSQL (TEST_DATABASE_URL)"
      : "[test] databases: PGlite only (set TEST_DATABASE_URL to a PostgreSQL server to also test on PostgreSQL)",
  );
  const began = Date.now();
  const ids = new Set(steps.map((s) => s.id));
  const results = new Map(); // id → { code, seconds, counts }
  const active = new Map(); // id → promise
  let failedStep = null;

  const ready = (step) => (step.after ?? []).filter((id) => ids.has(id)).every((id) => results.get(id)?.code === 0);
  const start = (step) => {
    console.log(`\n[test] ▶ ${step.name}`);
    if (step.report) rmSync(step.report, { force: true });
    const started = Date.now();
    const p = step.run().then((code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      const counts = step.count ? step.count() : null;
      results.set(step.id, { code, seconds, counts });
      active.delete(step.id);
      console.log(`[test] ${code === 0 ? "✓" : "✗"} ${step.name} (${seconds} s)`);
      // Nothing starts after a failure; the steps already running finish, so their reports
      // (the other database's Playwright pass, say) are complete.
      if (code !== 0 && !failedStep) failedStep = step.name;
    });
    active.set(step.id, p);
  };

  for (;;) {
    if (!failedStep && !interrupted) for (const step of steps) if (!results.has(step.id) && !active.has(step.id) && ready(step)) start(step);
    if (active.size === 0) break;
    await Promise.race(active.values());
  }
  if (interrupted) {
    console.log("\n[test] interrupted");
    process.exit(130);
  }

  const totals = { passed: 0, failed: 0 };
  const lines = [];
  for (const step of steps) {
    const r = results.get(step.id);
    if (!r) {
      lines.push(`- ${step.name} (not run)`);
      continue;
    }
    if (r.counts) {
      totals.passed += r.counts.passed;
      totals.failed += r.counts.failed;
    }
    const tally = r.counts ? `: ${r.counts.passed} passed, ${r.counts.failed} failed` : "";
    // A failure the reporter did not count (no report, a suite that failed to load…) counts as one.
    if (r.code !== 0 && (!r.counts || r.counts.failed === 0)) totals.failed += 1;
    lines.push(`${r.code === 0 ? "✓" : "✗"} ${step.name}${tally} (${r.code === 0 ? "" : `exit ${r.code}, `}${r.seconds} s)`);
  }
  const total = Math.round((Date.now() - began) / 1000);
  console.log(`\n[test] summary (${total} s in all; logs in test-results/logs)\n${lines.map((l) => `  ${l}`).join("\n")}`);
  if (failedStep) console.log(`[test] FAILED: ${steps.filter((s) => results.get(s.id)?.code).map((s) => s.name).join("; ")}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  return failedStep ? 1 : 0;
}

main().then((code) => process.exit(code));
