#!/usr/bin/env node
// The long fuzz run (issue 11): e2e/api/fuzz.spec.ts alone, with many more cases than `npm test`
// gives it, against a fresh server per database (through scripts/e2e.mjs), then one table of
// figures per database: cases, 5xx, lost, half-stored, duplicated, other findings, time.
//
//   npm run fuzz -- [--cases 10000] [--seed N] [--db pglite|postgres|both] [--build]
//
// --db postgres/both need TEST_DATABASE_URL. The build folder is KEEL_DIST_DIR (default
// .next-fuzz); it is built when missing (or with --build). Exit code 1 when anything was found.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "10000" },
    seed: { type: "string" },
    db: { type: "string", default: "pglite" },
    build: { type: "boolean", default: false },
  },
});
const cases = Number(values.cases);
if (!Number.isInteger(cases) || cases < 3) throw new Error(`--cases must be a whole number ≥ 3 (got ${values.cases})`);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer (got ${values.seed})`);

const summaryDir = mkdtempSync(path.join(os.tmpdir(), "keel-fuzz-"));
const args = [path.join(root, "scripts", "e2e.mjs"), "--db", values.db, ...(values.build ? ["--build"] : []), "--", "e2e/api/fuzz.spec.ts", "--project", "api", "--workers", "1"];
console.log(`[fuzz] ${cases} cases, seed ${seed}, db ${values.db} (replay: npm run fuzz -- --cases ${cases} --seed ${seed} --db ${values.db})`);
const started = Date.now();
const child = spawn(process.execPath, args, {
  cwd: root,
  stdio: "inherit",
  env: { KEEL_DIST_DIR: ".next-fuzz", ...process.env, FUZZ_CASES: String(cases), FUZZ_SEED: String(seed), FUZZ_SUMMARY_DIR: summaryDir },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
const code = await new Promise((resolve) => child.on("exit", (c, s) => resolve(c ?? (s ? 1 : 0))));

const summaries = readdirSync(summaryDir).map((f) => JSON.parse(readFileSync(path.join(summaryDir, f), "utf8")));
rmSync(summaryDir, { recursive: true, force: true });
const HEADLINE = ["5xx", "lost", "half-stored", "duplicated"];
const sum = (list, key) => list.reduce((n, s) => n + (s.findings[key] ?? 0), 0);
console.log(`\n[fuzz] seed ${seed}, ${((Date.now() - started) / 1000).toFixed(0)} s in all (builds and server starts included)`);
for (const db of [...new Set(summaries.map((s) => s.db))]) {
  const mine = summaries.filter((s) => s.db === db);
  const half = sum(mine, "half-stored") + sum(mine, "half-stored (tool calls ≠ tool spans)");
  const lost = sum(mine, "lost") + sum(mine, "lost (clean trace made no run)");
  const other = mine.flatMap((s) => Object.entries(s.findings).filter(([k]) => !HEADLINE.includes(k) && !k.startsWith("lost") && !k.startsWith("half-stored")).map(([k, n]) => `${s.suite}: ${k} ×${n}`));
  console.log(`\n${db}: ${mine.reduce((n, s) => n + s.cases, 0)} cases, ${sum(mine, "5xx")} × 5xx, ${lost} lost, ${half} half-stored, ${sum(mine, "duplicated")} duplicated; other findings: ${other.length ? other.join("; ") : "none"}`);
  for (const s of mine)
    console.log(`  ${s.suite.padEnd(8)} ${String(s.cases).padStart(6)} cases  ${String(s.seconds).padStart(7)} s  slowest request ${s.slowestRequestMs} ms  ${JSON.stringify(s.figures)}`);
  for (const s of mine)
    for (const [kind, examples] of Object.entries(s.examples))
      console.log(`  ${s.suite} / ${kind}, first examples:\n${examples.map((e) => `    ${JSON.stringify(e).slice(0, 600)}`).join("\n")}`);
}
if (summaries.length === 0) console.log("[fuzz] no summary was written (the run failed before the fuzz suites finished)");
process.exit(code);
