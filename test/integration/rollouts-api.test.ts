// The rollout API through its route handlers (issue 16, CONTRACT §9): stage events (Keel's body and
// CDEvents) with 400 naming the field, 403 for keys without scope and for viewers, 404 across
// projects; the Flagger hook with Flagger's documented body and the key in metadata; every answer
// parsed with its declared schema (KEEL_CHECK_RESPONSES=1).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { createApiKey, ensureUserWithRole } from "@/lib/server/services/accounts";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";
import { harness, route, type SessionUser } from "../helpers/route-harness";
import { addEval, addRuns, cohort, FROM, TO } from "./gates-fixtures";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));
vi.mock("@/lib/server/auth/session", () => ({ getSessionUser: async () => session.user }));
const call = harness(session);

/** Flagger's webhook body (docs.flagger.app/usage/webhooks): name, namespace, phase, checksum, string metadata. */
const flaggerBody = (metadata: Record<string, string>, phase = "Progressing") => ({ name: "agent", namespace: "prod", phase, checksum: "85d557f47b", metadata });

describe.each(testDatabases())("rollout API on $name", (target) => {
  let db: Database;
  let slug: string;
  let keys: { both: string; read: string; ingest: string; other: string };
  const people = {} as Record<"viewer" | "owner", SessionUser>;
  const window = `from=${FROM.toISOString()}&to=${TO.toISOString()}`;

  beforeAll(async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    db = await target.open();
    (globalThis as { __keelDb?: Promise<Database> }).__keelDb = Promise.resolve(db);
    const project = await createTestProject(db, "rollout-api");
    const other = await createTestProject(db, "rollout-api-other");
    slug = project.slug;
    keys = {
      both: (await createApiKey(db, { projectId: project.id, scopes: ["ingest", "read"] })).key,
      read: (await createApiKey(db, { projectId: project.id, scopes: ["read"] })).key,
      ingest: (await createApiKey(db, { projectId: project.id, scopes: ["ingest"] })).key,
      other: (await createApiKey(db, { projectId: other.id, scopes: ["ingest", "read"] })).key,
    };
    for (const role of ["viewer", "owner"] as const) {
      const { user } = await ensureUserWithRole(db, { email: `${uniqueSlug(role)}@keel.test`, password: "pw-12345678", projectId: project.id, role });
      people[role] = { id: user.id, email: user.email, name: null };
    }
    await addRuns(db, project.id, cohort("m@v1", "production", 1000, 100));
    await addRuns(db, project.id, cohort("m@v2", "canary", 100, 16));
    await addRuns(db, project.id, cohort("m@v3", "canary", 400, 120));
    for (const r of ["m@v2", "m@v3"]) await addEval(db, project.id, r, 19, 20, "2026-11-02T00:00:00Z");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    (globalThis as { __keelDb?: unknown }).__keelDb = undefined;
    await db?.close();
  });

  it("POST events: a key with scope ingest and an owner record stages; a retry is a duplicate; GET lists them in order", async () => {
    const { POST, GET } = await route("v1/releases/[release]/events");
    const params = { release: "m@v2" };
    const first = await call(POST!, "/api/v1/releases/m%40v2/events", { as: { key: keys.ingest }, params, body: { stage: "canary", trafficPercent: 10, at: "2026-11-01T00:30:00Z" } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ release: "m@v2", stage: "canary", trafficPercent: 10, at: "2026-11-01T00:30:00.000Z", source: "keel", duplicate: false });
    const retry = await call(POST!, "/api/v1/releases/m%40v2/events", { as: { key: keys.ingest }, params, body: { stage: "canary", trafficPercent: 10, at: "2026-11-01T00:30:00Z" } });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id: first.body.id, duplicate: true });
    const byOwner = await call(POST!, "/api/v1/releases/m%40v2/events", { as: people.owner, project: slug, params, body: { stage: "expansion", trafficPercent: 50, at: "2026-11-02T00:00:00Z" } });
    expect(byOwner.status).toBe(201);
    expect(byOwner.body.recordedBy).toBe(people.owner.email);
    const history = await call(GET!, "/api/v1/releases/m%40v2/events", { as: people.viewer, project: slug, params });
    expect(history.status).toBe(200);
    const events = history.body.events as Array<{ stage: string; trafficPercent: number; impact: { before: { runs: number }; after: { runs: number } } }>;
    expect(events.map((e) => [e.stage, e.trafficPercent])).toEqual([
      ["canary", 10],
      ["expansion", 50],
    ]);
    // Every fixture run starts at 01:00 on Nov 1: after the canary change (00:30), before the expansion (Nov 2).
    expect(events[0]!.impact).toMatchObject({ before: { runs: 0 }, after: { runs: 1500 } });
    expect(events[1]!.impact).toMatchObject({ before: { runs: 1500 }, after: { runs: 0 } });
  });

  it("bad input: unknown stage, percent outside 0–100, a CDEvent of another type → 400 naming the field", async () => {
    const { POST } = await route("v1/releases/[release]/events");
    const params = { release: "m@v2" };
    const bad = async (body: unknown) => {
      const r = await call(POST!, "/api/v1/releases/m%40v2/events", { as: { key: keys.ingest }, params, body });
      expect(r.status).toBe(400);
      return r.body.issues!.map((i) => i.path);
    };
    expect(await bad({ stage: "beta" })).toEqual(["stage"]);
    expect(await bad({ stage: "canary", trafficPercent: 150 })).toEqual(["trafficPercent"]);
    expect(await bad({ stage: "canary", trafficPercent: -1 })).toEqual(["trafficPercent"]);
    expect(await bad({ stage: "canary", at: "yesterday" })).toEqual(["at"]);
    expect(await bad({ context: { id: "x", type: "dev.cdevents.pipelinerun.finished.0.2.0", timestamp: "2026-11-01T00:00:00Z" } })).toEqual(["context.type"]);
    expect(await bad([1, 2])).toEqual([""]);
    const long = await call(POST!, "/api/v1/releases/x/events", { as: { key: keys.ingest }, params: { release: "x".repeat(129) }, body: { stage: "canary" } });
    expect(long.status).toBe(400);
    expect(long.body.issues!.map((i) => i.path)).toEqual(["release"]);
  });

  it("403 for a key without ingest scope and for a viewer; 404 for another project's release", async () => {
    const events = await route("v1/releases/[release]/events");
    const analysis = await route("v1/releases/[release]/analysis");
    const params = { release: "m@v2" };
    expect((await call(events.POST!, "/api/v1/releases/m%40v2/events", { as: { key: keys.read }, params, body: { stage: "full" } })).status).toBe(403);
    expect((await call(events.POST!, "/api/v1/releases/m%40v2/events", { as: people.viewer, project: slug, params, body: { stage: "full" } })).status).toBe(403);
    expect((await call(analysis.GET!, "/api/v1/releases/m%40v2/analysis", { as: { key: keys.ingest }, params })).status).toBe(403);
    expect((await call(analysis.GET!, "/api/v1/releases/m%40v2/analysis", { as: { key: keys.other }, params })).status).toBe(404);
    expect((await call(events.GET!, "/api/v1/releases/m%40v2/events", { as: { key: keys.other }, params })).status).toBe(404);
  });

  it("markers and quality read back what was stored", async () => {
    const markers = await call((await route("v1/release-events")).GET!, `/api/v1/release-events?${window}`, { as: { key: keys.read } });
    expect(markers.status).toBe(200);
    expect((markers.body.events as Array<{ release: string; stage: string }>).map((e) => [e.release, e.stage])).toEqual([
      ["m@v2", "canary"],
      ["m@v2", "expansion"],
    ]);
    const quality = await call((await route("v1/releases/[release]/quality")).GET!, `/api/v1/releases/m%40v2/quality?${window}`, {
      as: people.viewer,
      project: slug,
      params: { release: "m@v2" },
    });
    expect(quality.status).toBe(200);
    expect(quality.body).toEqual({ release: "m@v2", days: [] }); // the fixtures send no qualityScore
  });

  it("GET analysis answers CONTRACT §9's shape for Argo's web metric", async () => {
    const { GET } = await route("v1/releases/[release]/analysis");
    const r = await call(GET!, `/api/v1/releases/m%40v3/analysis?${window}`, { as: { key: keys.read }, params: { release: "m@v3" } });
    expect(r.status).toBe(200);
    expect(r.body.verdict).toBe("fail");
    const check = (r.body.checks as Array<Record<string, unknown>>).find((c) => c.name === "escalation_rate")!;
    expect(Object.keys(check).sort()).toEqual(["baseline", "canary", "diff", "interval", "minSample", "n", "name", "pValue", "reason", "threshold", "verdict"]);
    expect(check).toMatchObject({ verdict: "fail", canary: 0.3, baseline: 0.1, n: { canary: 400, baseline: 1000 } });
  });

  it("Flagger: the key from metadata.apiKey; confirm-promotion 200 only on pass, rollout 200 unless fail; bad bodies 400, no key 401, wrong scope 403", async () => {
    const { POST } = await route("v1/hooks/flagger");
    const hook = (body: unknown, as: { key: string } | null = null) => call(POST!, "/api/v1/hooks/flagger", { as, body });
    const w = { from: FROM.toISOString(), to: TO.toISOString() };
    // m@v2 (16/100 vs 100/1000) is inconclusive; m@v3 (120/400) fails.
    const rollout = await hook(flaggerBody({ release: "m@v2", apiKey: keys.read, ...w }));
    expect(rollout.status).toBe(200);
    expect(rollout.body).toMatchObject({ release: "m@v2", verdict: "inconclusive", proceed: true, phase: "Progressing" });
    expect((await hook(flaggerBody({ release: "m@v2", apiKey: keys.read, type: "confirm-promotion", ...w }))).status).toBe(403);
    expect((await hook(flaggerBody({ release: "m@v2", apiKey: keys.read, ...w }, "confirm-promotion"))).status).toBe(403);
    const failing = await hook(flaggerBody({ release: "m@v3", apiKey: keys.read, ...w }));
    expect(failing.status).toBe(403);
    expect(failing.body).toMatchObject({ verdict: "fail", proceed: false });
    // The Authorization header works too, and wins over metadata.
    expect((await hook(flaggerBody({ release: "m@v2", apiKey: "not-a-key", ...w }), { key: keys.read })).status).toBe(200);

    const missing = await hook(flaggerBody({ apiKey: keys.read }));
    expect(missing.status).toBe(400);
    expect(missing.body.issues!.map((i) => i.path)).toEqual(["metadata.release"]);
    expect((await hook(flaggerBody({ release: "m@v2", apiKey: keys.read, from: "soon" }))).body.issues!.map((i) => i.path)).toEqual(["metadata.from"]);
    expect((await hook(flaggerBody({ release: "m@v2" }))).status).toBe(401);
    expect((await hook(flaggerBody({ release: "m@v2", apiKey: keys.ingest }))).status).toBe(403);
    expect((await hook(flaggerBody({ release: "m@v2", apiKey: keys.other }))).status).toBe(404);
    expect((await call(POST!, "/api/v1/hooks/flagger", { as: null, raw: "{not json" })).status).toBe(400);
  });
});
