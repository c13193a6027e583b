#!/usr/bin/env node
// `npm test`: lint (ESLint with the layer rules, knip for dead code), type check, vitest (unit + integration, on PGlite and on PostgreSQL when
// TEST_DATABASE_URL is set), the interop suite's own dependencies (npm ci in interop/ when
// needed), one production build, Playwright on PGlite then PostgreSQL.
// Stops at the first failing step. The last line is `N passed, N failed` (tests across vitest and
// Playwright) for CI to read; a step that fails without a failed test (type errors, a build or
// start-up failure) counts as one failure, so a red run never reads "0 failed".
//
//   node scripts/test.mjs [--only lint|typecheck|unit|e2e]
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (...p) => path.join(root, "node_modules", ...p);
const REPORTS = path.join(root, "test-results");
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

function track(child, resolve) {
  running.add(child);
  child.on("error", (err) => {
    running.delete(child);
    console.error(err);
    resolve(1);
  });
  child.on("exit", (code, signal) => {
    running.delete(child);
    resolve(code ?? (signal ? 1 : 0));
  });
}

function run(args, extraEnv = {}) {
  return new Promise((resolve) => {
    track(spawn(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } }), resolve);
  });
}

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
  return new Promise((resolve) => {
    track(spawn(npm, ["ci", "--prefix", "interop", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit", env }), resolve);
  });
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

const steps = [];
// ESLint's cache (node_modules/.cache) keeps a re-run to the changed files; knip reads the whole graph.
const lint = async () =>
  (await run([bin("eslint", "bin", "eslint.js"), "--cache", "--cache-location", ESLINT_CACHE, "--max-warnings=0", "."])) ||
  run([bin("knip", "bin", "knip.js"), "--no-progress", "--no-config-hints"]);
const typecheck = () => run([bin("typescript", "bin", "tsc"), "--noEmit", "-p", "."]);
if (!ONLY) {
  // Each of the two is one thread: side by side they take the time of the longer one on two cores.
  steps.push({
    name: "lint (eslint + knip) beside typecheck (tsc --noEmit)",
    run: async () => {
      const [a, b] = await Promise.all([lint(), typecheck()]);
      return a || b;
    },
  });
}
if (ONLY === "lint") steps.push({ name: "lint (eslint + knip)", run: lint });
if (ONLY === "typecheck") steps.push({ name: "typecheck (tsc --noEmit)", run: typecheck });
if (!ONLY || ONLY === "unit") {
  const report = path.join(REPORTS, "vitest.json");
  steps.push({
    name: `vitest (unit + integration on ${postgresUrl ? "PGlite and PostgreSQL" : "PGlite"})`,
    report,
    count: () => vitestCounts(report),
    run: () =>
      run([bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]),
  });
}
if (!ONLY || ONLY === "e2e") {
  steps.push({
    name: "interop dependencies (interop/package-lock.json)",
    run: () => ensureInteropDeps(),
  });
  steps.push({
    name: `production build (${DIST_DIR})`,
    run: () => run([path.join(root, "scripts", "e2e.mjs"), "--build", "--build-only"], { KEEL_DIST_DIR: DIST_DIR }),
  });
  for (const db of postgresUrl ? ["pglite", "postgres"] : ["pglite"]) {
    const report = path.join(REPORTS, `e2e-${db}.json`);
    steps.push({
      name: `playwright on ${db === "pglite" ? "PGlite" : "PostgreSQL"}`,
      report,
      count: () => playwrightCounts(report),
      run: () =>
        run([path.join(root, "scripts", "e2e.mjs"), "--db", db], { KEEL_DIST_DIR: DIST_DIR, KEEL_E2E_JSON_REPORT: report }),
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
  const totals = { passed: 0, failed: 0 };
  const lines = [];
  let failedStep = null;
  for (const step of steps) {
    console.log(`\n[test] ▶ ${step.name}`);
    if (step.report) rmSync(step.report, { force: true });
    const started = Date.now();
    const code = await step.run();
    if (interrupted) {
      console.log(`\n[test] interrupted during: ${step.name}`);
      process.exit(130);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const counts = step.count ? step.count() : null;
    if (counts) {
      totals.passed += counts.passed;
      totals.failed += counts.failed;
    }
    const tally = counts ? `: ${counts.passed} passed, ${counts.failed} failed` : "";
    if (code !== 0) {
      // A failure the reporter did not count (no report, a suite that failed to load…).
      if (!counts || counts.failed === 0) totals.failed += 1;
      lines.push(`✗ ${step.name}${tally} (exit ${code}, ${seconds} s)`);
      failedStep = step.name;
      break;
    }
    lines.push(`✓ ${step.name}${tally} (${seconds} s)`);
  }
  const skipped = steps.slice(lines.length).map((s) => `- ${s.name} (not run)`);
  console.log(`\n[test] summary\n${[...lines, ...skipped].map((l) => `  ${l}`).join("\n")}`);
  if (failedStep) console.log(`[test] FAILED at: ${failedStep}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  return failedStep ? 1 : 0;
}

main().then((code) => process.exit(code));
