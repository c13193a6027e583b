// Canary analysis over real HTTP, the way the tools call it (CONTRACT §9): Argo Rollouts' `web`
// metric provider (GET with the key in a header, the JSON parsed, successCondition /
// failureCondition evaluated on `result`), Flagger's webhook (its documented body, the key in
// metadata), the CI script's exit codes (0 pass, 1 fail, 3 inconclusive), and a CDEvent stage.
import { spawnSync } from "node:child_process";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { fixtures } from "../support/fixtures";

const tag = Math.random().toString(36).slice(2, 8);
// A private day far in the past, so no other spec's runs fall in this window.
const base = Date.UTC(2018, 0, 1) + Math.floor(Math.random() * 300) * 86_400_000;
const from = new Date(base).toISOString();
const to = new Date(base + 6 * 3_600_000).toISOString();
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const stable = `${tag}-agent@v1`;
const release = { inconclusive: `${tag}-agent@v2`, fail: `${tag}-agent@v3`, pass: `${tag}-agent@v4` };

function runs(rel: string, environment: string, n: number, escalated: number, offset: number) {
  return Array.from({ length: n }, (_, i) => {
    const startedAt = new Date(base + 60_000 + (offset + i) * 1000);
    return {
      id: `${tag}-${rel}-${i}`,
      sessionId: `${tag}-${rel}-s${i}`,
      workflow: `${tag}-refund`,
      environment,
      model: `${tag}-agent`,
      promptVersion: rel.split("@")[1],
      release: rel,
      startedAt: startedAt.toISOString(),
      endedAt: new Date(startedAt.getTime() + 1500).toISOString(),
      outcome: i < escalated ? "escalated" : "success",
      ...(i < escalated ? { escalation: { reason: "refund over limit" } } : {}),
      costUsd: 0.02,
    };
  });
}

/**
 * What Argo Rollouts' web provider does with `successCondition` / `failureCondition`: the JSON body
 * is `result`, the condition an expr over it. The templates in docs/rollouts.md use only
 * `result.<field> == "<string>"`, which this evaluates.
 */
function argoCondition(condition: string, result: unknown): boolean {
  const m = /^result((?:\.\w+)+)\s*==\s*"([^"]*)"$/.exec(condition.trim());
  if (!m) throw new Error(`unsupported condition ${condition}`);
  let v: unknown = result;
  for (const part of m[1]!.slice(1).split(".")) v = (v as Record<string, unknown> | null)?.[part];
  return v === m[2];
}

async function argoMeasure(request: APIRequestContext, rel: string): Promise<"Successful" | "Failed" | "Inconclusive"> {
  const res = await request.get(`/api/v1/releases/${encodeURIComponent(rel)}/analysis?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, {
    headers: { ...bearer(fixtures.keys.readOnly), "Content-Type": "application/json" },
  });
  expect(res.status()).toBe(200);
  const result: unknown = JSON.parse(await res.text());
  if (argoCondition('result.verdict == "pass"', result)) return "Successful";
  if (argoCondition('result.verdict == "fail"', result)) return "Failed";
  return "Inconclusive";
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const post = async (body: unknown[]) => {
    const r = await request.post("/api/v1/runs", { headers: bearer(fixtures.keys.ingestOnly), data: { runs: body } });
    expect(r.status()).toBe(200);
    expect((await r.json()).accepted).toBe(body.length);
  };
  await post(runs(stable, "production", 1000, 100, 0));
  await post(runs(release.inconclusive, "canary", 100, 16, 1000));
  await post(runs(release.fail, "canary", 400, 120, 1100));
  await post(runs(release.pass, "canary", 1000, 40, 1500));
  for (const rel of Object.values(release)) {
    const e = await request.post("/api/v1/evals", { headers: bearer(fixtures.keys.ingestOnly), data: { release: rel, goldSet: "refunds", passed: 47, total: 50, ranAt: from } });
    expect(e.status()).toBe(201);
  }
});

test("Argo Rollouts' web metric: Successful, Failed and Inconclusive from the verdict", async ({ request }) => {
  expect(await argoMeasure(request, release.pass)).toBe("Successful");
  expect(await argoMeasure(request, release.fail)).toBe("Failed");
  expect(await argoMeasure(request, release.inconclusive)).toBe("Inconclusive");
});

test("Flagger's webhook body with the key in metadata: confirm-promotion 200 only on pass, rollout 200 unless fail", async ({ request }) => {
  const hook = (rel: string, type?: string) =>
    request.post("/api/v1/hooks/flagger", {
      data: { name: "agent", namespace: "prod", phase: "Progressing", checksum: "85d557f47b", metadata: { release: rel, apiKey: fixtures.keys.readOnly, from, to, ...(type ? { type } : {}) } },
    });
  expect((await hook(release.pass, "confirm-promotion")).status()).toBe(200);
  expect((await hook(release.inconclusive, "confirm-promotion")).status()).toBe(403);
  expect((await hook(release.inconclusive)).status()).toBe(200);
  const failing = await hook(release.fail);
  expect(failing.status()).toBe(403);
  expect(await failing.json()).toMatchObject({ release: release.fail, verdict: "fail", proceed: false });
});

test("scripts/release-gate.mjs --analysis exits 0 on pass, 1 on fail, 3 on inconclusive", () => {
  const gate = (rel: string) =>
    spawnSync(process.execPath, ["scripts/release-gate.mjs", "--analysis", "--url", fixtures.baseURL, "--key", fixtures.keys.readOnly, "--release", rel, "--from", from, "--to", to], {
      encoding: "utf8",
    });
  const pass = gate(release.pass);
  expect(pass.status, pass.stderr).toBe(0);
  expect(pass.stdout).toContain("PROMOTE: every check passes");
  const fail = gate(release.fail);
  expect(fail.status, fail.stderr).toBe(1);
  expect(fail.stdout).toContain("ROLL BACK: failing escalation_rate");
  const wait = gate(release.inconclusive);
  expect(wait.status, wait.stderr).toBe(3);
  expect(wait.stdout).toContain("WAIT: inconclusive");
});

test("a CDEvents service.deployed body records a stage; the same event again is a duplicate", async ({ request }) => {
  const event = {
    context: { version: "0.4.1", id: `${tag}-deploy-1`, source: "/ci/argo", type: "dev.cdevents.service.deployed.0.2.0", timestamp: from },
    subject: { id: "agent", source: "/ci/argo", type: "service", content: { environment: { id: "canary" }, artifactId: `pkg:oci/agent@${tag}` } },
  };
  const url = `/api/v1/releases/${encodeURIComponent(release.pass)}/events`;
  const first = await request.post(url, { headers: bearer(fixtures.keys.ingestOnly), data: event });
  expect(first.status()).toBe(201);
  expect(await first.json()).toMatchObject({ release: release.pass, stage: "canary", source: "cdevents", at: new Date(base).toISOString(), duplicate: false });
  const again = await request.post(url, { headers: bearer(fixtures.keys.ingestOnly), data: event });
  expect(again.status()).toBe(200);
  expect((await again.json()).duplicate).toBe(true);
});
