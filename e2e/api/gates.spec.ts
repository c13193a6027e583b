// Release gates over real HTTP (CONTRACT §6): gold-set results with an ingest key, the gates with a
// read key, 404 across projects, thresholds only by owner/admin people, and the CI script's exit codes.
import { spawnSync } from "node:child_process";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";

const tag = Math.random().toString(36).slice(2, 8);
// A private hour far in the past, so other specs' runs never fall in this window.
const base = Date.UTC(2019, 0, 1) + Math.floor(Math.random() * 300) * 86_400_000;
const from = new Date(base).toISOString();
const to = new Date(base + 3_600_000).toISOString();
const stable = `${tag}-model@v1`;
const canary = `${tag}-model@v2/eu`; // "@" and "/" must survive the URL
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const gatesUrl = (release: string) => `/api/v1/releases/${encodeURIComponent(release)}/gates?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

function run(i: number, release: string, environment: string, outcome: "success" | "escalated", durationMs = 2000) {
  const startedAt = new Date(base + i * 1000);
  return {
    id: `${tag}-${release}-${environment}-${i}`,
    sessionId: `${tag}-s${i}`,
    workflow: `${tag}-refund`,
    environment,
    model: `${tag}-model`,
    promptVersion: "vX",
    release,
    startedAt: startedAt.toISOString(),
    endedAt: new Date(startedAt.getTime() + durationMs).toISOString(),
    outcome,
    ...(outcome === "escalated" ? { escalation: { reason: "high-impact action" } } : {}),
    costUsd: 0.05,
  };
}

async function as<T>(user: keyof typeof fixtures.users, fn: (ctx: APIRequestContext) => Promise<T>): Promise<T> {
  const ctx = await apiAs(playwrightRequest, fixtures.users[user]);
  try {
    return await fn(ctx);
  } finally {
    await ctx.dispose();
  }
}

test.describe.configure({ mode: "serial" });

test("gold-set results: ingest key posts (201), read key cannot, bad input names the field", async ({ request }) => {
  const ok = await request.post("/api/v1/evals", {
    headers: bearer(fixtures.keys.ingestOnly),
    data: { release: stable, goldSet: "refunds", passed: 46, total: 50, ranAt: from },
  });
  expect(ok.status()).toBe(201);
  expect(await ok.json()).toMatchObject({ release: stable, goldSet: "refunds", passed: 46, total: 50, passRate: 0.92, ranAt: from });
  const canaryEval = await request.post("/api/v1/evals", {
    headers: bearer(fixtures.keys.ingestRead),
    data: { release: canary, goldSet: "refunds", passed: 45, total: 50 },
  });
  expect(canaryEval.status()).toBe(201);

  expect((await request.post("/api/v1/evals", { headers: bearer(fixtures.keys.readOnly), data: { release: stable, goldSet: "g", passed: 1, total: 1 } })).status()).toBe(403);
  const bad = await request.post("/api/v1/evals", { headers: bearer(fixtures.keys.ingestOnly), data: { release: stable, goldSet: "g", passed: 5, total: 4 } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).issues).toEqual([{ path: "passed", message: "must be at most 'total'" }]);

  const history = await request.get(`/api/v1/evals?release=${encodeURIComponent(stable)}`, { headers: bearer(fixtures.keys.readOnly) });
  expect(history.status()).toBe(200);
  expect((await history.json()).evals).toMatchObject([{ release: stable, passed: 46, total: 50 }]);
});

test("gates: a healthy release passes, a canary escalating more than production + margin fails", async ({ request }) => {
  const runs = [
    ...Array.from({ length: 10 }, (_, i) => run(i, stable, "production", i < 1 ? "escalated" : "success")), // baseline 10%
    ...Array.from({ length: 10 }, (_, i) => run(100 + i, canary, "canary", i < 3 ? "escalated" : "success")), // canary 30%
  ];
  const ingest = await request.post("/api/v1/runs", { headers: bearer(fixtures.keys.ingestRead), data: { runs } });
  expect(ingest.status()).toBe(200);
  expect(await ingest.json()).toMatchObject({ accepted: 20, rejected: [] });

  const good = await request.get(gatesUrl(stable), { headers: bearer(fixtures.keys.readOnly) });
  expect(good.status()).toBe(200);
  const g = await good.json();
  expect(g.release).toBe(stable);
  expect(g.pass).toBe(true);
  expect(g.gates).toEqual([
    { name: "gold_set_pass_rate", pass: true, actual: 0.92, threshold: 0.85 },
    { name: "critical_policy_violations", pass: true, actual: 0, threshold: 0 },
    { name: "run_p95_latency_ms", pass: true, actual: 2000, threshold: 30000 },
  ]);

  const bad = await request.get(gatesUrl(canary), { headers: bearer(fixtures.keys.readOnly) });
  expect(bad.status()).toBe(200);
  const b = await bad.json();
  expect(b.release).toBe(canary);
  expect(b.pass).toBe(false);
  const gate = b.gates.find((x: { name: string }) => x.name === "canary_escalation_rate");
  expect(gate).toMatchObject({ pass: false, actual: 0.3, reason: "canary escalates 30% of runs vs 10% in production (margin 5%)" });
  expect(gate.threshold).toBeCloseTo(0.15, 12);
  expect(b.gates.filter((x: { pass: boolean }) => !x.pass).map((x: { name: string }) => x.name)).toEqual(["canary_escalation_rate"]);
});

test("another project's release, and an unknown one, are 404", async ({ request }) => {
  const other = await request.get(gatesUrl(stable), { headers: bearer(fixtures.keys.other) });
  expect(other.status()).toBe(404);
  expect(await other.json()).toMatchObject({ error: "not_found" });
  expect((await request.get(gatesUrl(`${tag}-nope@v0`), { headers: bearer(fixtures.keys.readOnly) })).status()).toBe(404);
  expect((await request.get(gatesUrl(stable))).status()).toBe(401);
});

test("thresholds: sre and API keys get 403, bad values 400, an owner's change moves the verdict (then restored)", async ({ request }) => {
  const slug = fixtures.projects.main.slug;
  const url = `/api/v1/settings/gates?project=${slug}`;
  expect((await request.patch("/api/v1/settings/gates", { headers: bearer(fixtures.keys.ingestRead), data: { runP95TargetMs: 1 } })).status()).toBe(403);
  await as("sre", async (ctx) => {
    expect((await ctx.get(url)).status()).toBe(200);
    expect((await ctx.patch(url, { data: { runP95TargetMs: 1 } })).status()).toBe(403);
  });
  await as("owner", async (ctx) => {
    const before = await (await ctx.get(url)).json();
    const bad = await ctx.patch(url, { data: { goldSetMinPassRate: 1.5 } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).issues[0].path).toBe("goldSetMinPassRate");
    expect((await ctx.patch(url, { data: { nope: 1 } })).status()).toBe(400);
    try {
      const saved = await ctx.patch(url, { data: { runP95TargetMs: 1500 } });
      expect(saved.status()).toBe(200);
      expect(await saved.json()).toMatchObject({ runP95TargetMs: 1500 });
      const g = await (await request.get(gatesUrl(stable), { headers: bearer(fixtures.keys.readOnly) })).json();
      expect(g.pass).toBe(false);
      expect(g.gates[2]).toMatchObject({ name: "run_p95_latency_ms", pass: false, actual: 2000, threshold: 1500 });
    } finally {
      expect((await ctx.patch(url, { data: { runP95TargetMs: before.runP95TargetMs } })).status()).toBe(200);
    }
  });
});

test("scripts/release-gate.mjs exits 0 on pass, 1 on fail, 2 on HTTP errors", () => {
  const gate = (release: string, key = fixtures.keys.readOnly) =>
    spawnSync(process.execPath, ["scripts/release-gate.mjs", "--url", fixtures.baseURL, "--key", key, "--release", release, "--from", from, "--to", to], { encoding: "utf8" });
  const pass = gate(stable);
  expect(pass.status, pass.stderr).toBe(0);
  expect(pass.stdout).toContain("PROMOTE");
  const fail = gate(canary);
  expect(fail.status, fail.stderr).toBe(1);
  expect(fail.stdout).toContain("HOLD — roll back: failing canary_escalation_rate");
  expect(fail.stdout).toContain("[ ] canary_escalation_rate: 30.0% <= 15.0%");
  expect(gate(stable, fixtures.keys.other).status).toBe(2);
});
