#!/usr/bin/env node
// CI/CD gate: may this release take more traffic? Asks Keel (GET /api/v1/releases/{release}/gates),
// prints the checklist, exits 0 when every gate passes, 1 when one fails, 2 on usage or HTTP errors.
//   node scripts/release-gate.mjs --url http://keel:3000 --key "$KEEL_API_KEY" --release gpt-4.1@v13 [--from ISO] [--to ISO]
// --key defaults to $KEEL_API_KEY and --url to $KEEL_URL; the key needs the `read` scope.
import { parseArgs } from "node:util";

const USAGE = "usage: release-gate.mjs --url <keel base url> --key <api key> --release <release> [--from <RFC 3339>] [--to <RFC 3339>] [--json]";

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

const url = new URL(`/api/v1/releases/${encodeURIComponent(args.release)}/gates`, args.url.replace(/\/?$/, "/"));
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
if (!res.ok || !body || !Array.isArray(body.gates)) {
  fail(`HTTP ${res.status} from ${url.pathname}: ${body?.message ?? text.slice(0, 200)}`);
}

if (args.json) {
  console.log(JSON.stringify(body, null, 2));
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
process.exit(body.pass ? 0 : 1);
