#!/usr/bin/env node
// CI/CD gate: may this release take more traffic? Asks Keel and prints the checklist.
//   Gates (GET /api/v1/releases/{release}/gates): exit 0 when every gate passes, 1 when one fails.
//   --analysis (GET /api/v1/releases/{release}/analysis, the statistical canary verdict, CONTRACT §9):
//     exit 0 on pass, 1 on fail, 3 on inconclusive (wait for more traffic and ask again).
//   Exit 2 on usage or HTTP errors.
//   node scripts/release-gate.mjs --url http://keel:3000 --key "$KEEL_API_KEY" --release gpt-4.1@v13 [--analysis] [--from ISO] [--to ISO]
// --key defaults to $KEEL_API_KEY and --url to $KEEL_URL; the key needs the `read` scope.
import { parseArgs } from "node:util";

const USAGE = "usage: release-gate.mjs --url <keel base url> --key <api key> --release <release> [--analysis] [--from <RFC 3339>] [--to <RFC 3339>] [--json]";

function fail(message) {
  console.error(`release-gate: ${message}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      url: { type: "string", default: process.env.KEEL_URL },
      key: { type: "string", default: process.env.KEEL_API_KEY },
      release: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      json: { type: "boolean", default: false },
      analysis: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  }).values;
} catch (err) {
  fail(`${err.message}\n${USAGE}`);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
for (const name of ["url", "key", "release"]) if (!args[name]) fail(`--${name} is required\n${USAGE}`);

const url = new URL(`/api/v1/releases/${encodeURIComponent(args.release)}/${args.analysis ? "analysis" : "gates"}`, args.url.replace(/\/?$/, "/"));
if (args.from) url.searchParams.set("from", args.from);
if (args.to) url.searchParams.set("to", args.to);

let res;
try {
  res = await fetch(url, { headers: { authorization: `Bearer ${args.key}`, accept: "application/json" } });
} catch (err) {
  fail(`cannot reach ${url.origin}: ${err.cause?.message ?? err.message}`);
}
const text = await res.text();
let body = null;
try {
  body = JSON.parse(text);
} catch {
  // reported below
}
if (!res.ok || !body || !Array.isArray(args.analysis ? body.checks : body.gates)) {
  fail(`HTTP ${res.status} from ${url.pathname}: ${body?.message ?? text.slice(0, 200)}`);
}

const EXIT = { pass: 0, fail: 1, inconclusive: 3 };

if (args.json) {
  console.log(JSON.stringify(body, null, 2));
} else if (args.analysis) {
  const mark = { pass: "x", fail: "!", inconclusive: "?" };
  console.log(`Release ${body.release}${body.window ? ` (${body.window.from} → ${body.window.to})` : ""}: canary analysis`);
  for (const c of body.checks) console.log(`  [${mark[c.verdict] ?? " "}] ${c.name}: ${c.verdict} — ${c.reason}`);
  console.log(
    body.verdict === "pass"
      ? "PROMOTE: every check passes"
      : body.verdict === "fail"
        ? `ROLL BACK: failing ${body.checks.filter((c) => c.verdict === "fail").map((c) => c.name).join(", ")}`
        : "WAIT: inconclusive, not enough evidence yet",
  );
} else {
  const fmt = (name, v) =>
    v === null || v === undefined
      ? "—"
      : name.endsWith("_rate")
        ? `${(v * 100).toFixed(1)}%`
        : name.endsWith("_ms")
          ? `${Math.round(v)} ms`
          : String(v);
  const op = { gold_set_pass_rate: ">=", critical_policy_violations: "<=", run_p95_latency_ms: "<=", canary_escalation_rate: "<=" };
  console.log(`Release ${body.release}${body.window ? ` (${body.window.from} → ${body.window.to})` : ""}`);
  for (const g of body.gates) {
    const line = `  [${g.pass ? "x" : " "}] ${g.name}: ${fmt(g.name, g.actual)} ${op[g.name] ?? "vs"} ${fmt(g.name, g.threshold)}`;
    console.log(g.reason ? `${line} — ${g.reason}` : line);
  }
  const failing = body.gates.filter((g) => !g.pass).map((g) => g.name);
  console.log(body.pass ? "PROMOTE: every gate holds" : `HOLD — roll back: failing ${failing.join(", ")}`);
}
process.exit(args.analysis ? (EXIT[body.verdict] ?? 2) : body.pass ? 0 : 1);
