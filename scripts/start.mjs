#!/usr/bin/env node
// `npm start`: build once if there is no (or a stale) production build, then `next start`.
// The database, migrations, headless init and demo data are handled by the server itself
// (instrumentation.ts), so this works on a fresh clone with no configuration.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const buildId = path.join(root, process.env.KEEL_DIST_DIR || ".next", "BUILD_ID");
const SOURCES = ["app", "components", "lib", "public", "instrumentation.ts", "proxy.ts", "next.config.js", "package.json"];

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

// Self-hosted: no usage telemetry to Vercel unless the operator opts in.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
if (process.env.KEEL_SKIP_BUILD !== "1" && builtAt < sourcesAt) {
  console.log(builtAt ? "[keel] sources changed since the last build; building…" : "[keel] first start: building the app (a minute or two)…");
  const res = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

const port = process.env.PORT || "3000";
const child = spawn(process.execPath, [nextBin, "start", "-p", port], { cwd: root, stdio: "inherit", env: { ...process.env, PORT: port } });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// Once the server answers, say where to go and how to send a first run (README "Send a run").
// The demo banner (first start only) is printed by the server above this, with the demo key.
const base = (process.env.NEXTAUTH_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, "");
waitUntilHealthy(`http://127.0.0.1:${port}/api/health`).then((ok) => {
  if (!ok) return;
  const demo = process.env.KEEL_DEMO !== "off";
  const lines = [
    `Keel is ready: ${base}`,
    ...(demo ? [`Demo sign-in: admin@keel.local / keel-demo (also owner@, sre@, viewer@, dana@keel.local; same password)`] : []),
    `Send a first run (README "Send a run"): sign in as an admin, Projects → New project, then Settings → API keys`,
    `  → Create API key (scope ingest); put it in KEEL_API_KEY and run the README's curl.`,
    ...(demo ? [`  For project 'demo', the demo key printed at the first start works too (lost it? Settings → API keys in 'demo').`] : []),
  ];
  console.log(lines.map((l) => `[keel] ${l}`).join("\n"));
});

async function waitUntilHealthy(url) {
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
