// The CLI against the real running server (CONTRACT §7, issue 2): on the embedded database the
// CLI refuses while the server holds it, and the server keeps working; scripts/e2e.mjs then
// stops the server and opens the same data dir with the CLI to prove it is intact. On
// PostgreSQL the CLI simply works while the server runs.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { fixtures } from "../support/fixtures";

const ROOT = process.cwd();

function keel(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, KEEL_DATA_DIR: fixtures.dataDir ?? "" };
  delete env.DATABASE_URL;
  if (fixtures.db === "postgres") env.DATABASE_URL = process.env.KEEL_E2E_DATABASE_URL;
  return spawnSync(process.execPath, [path.join(ROOT, "bin", "keel.mjs"), ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
}

test("keel api-key create while the server runs: refused on PGlite (server unharmed), works on PostgreSQL", async ({ request }) => {
  test.setTimeout(180_000);
  const res = keel(["api-key", "create", "--project", "cli-lock-spec", "--scope", "ingest", "--scope", "read"]);
  if (fixtures.db === "pglite") {
    expect(res.status, res.stderr).toBe(1);
    expect(res.stderr).toContain("in use by a running Keel server");
    expect(res.stdout).not.toMatch(/keel_/);
  } else {
    expect(res.status, res.stderr).toBe(0);
    const key = res.stdout.trim().split("\n").pop() ?? "";
    expect(key).toMatch(/^keel_/);
    const ok = await request.get("/api/v1/metrics/overview", { headers: { Authorization: `Bearer ${key}` } });
    expect(ok.status()).toBe(200);
  }
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  const read = await request.get("/api/v1/metrics/overview", { headers: { Authorization: `Bearer ${fixtures.keys.readOnly}` } });
  expect(read.status()).toBe(200);
});
