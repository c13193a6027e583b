// The objectives and alerts API through its route handlers (CONTRACT §8): who may write (owner,
// admin; never a viewer, an SRE or a key: 403), 400 naming the field, another project's objective
// 404, and every answer parsed with its declared schema (KEEL_CHECK_RESPONSES=1).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { createApiKey, ensureUserWithRole } from "@/lib/server/services/accounts";
import type { Role } from "@/lib/shared/permissions";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";
import { harness, route, type Handler } from "../helpers/route-harness";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));
vi.mock("@/lib/server/auth/session", () => ({ getSessionUser: async () => session.user }));


describe.each(testDatabases())("objectives API on $name", (target) => {
  let db: Database;
  let slug: string;
  let otherSlug: string;
  let key: string;
  const people = {} as Record<Role | "outsider", { id: string; email: string; name: string | null }>;

  const send = harness(session);
  const call = (
    handler: Handler,
    url: string,
    opts: { as: Role | "key" | "outsider"; body?: unknown; params?: Record<string, string>; method?: string; project?: string },
  ) => send(handler, url, { ...opts, as: opts.as === "key" ? { key } : people[opts.as], project: opts.project ?? slug }).then((r) => ({ text: "", ...r }));


  beforeAll(async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    db = await target.open();
    (globalThis as { __keelDb?: Promise<Database> }).__keelDb = Promise.resolve(db);
    const project = await createTestProject(db, "slo-api");
    const other = await createTestProject(db, "slo-api-other");
    slug = project.slug;
    otherSlug = other.slug;
    key = (await createApiKey(db, { projectId: project.id, scopes: ["ingest", "read"] })).key;
    for (const role of ["viewer", "sre", "owner", "admin"] as const) {
      const { user } = await ensureUserWithRole(db, { email: `${uniqueSlug(role)}@keel.test`, password: "pw-12345678", projectId: project.id, role });
      people[role] = { id: user.id, email: user.email, name: null };
    }
    const { user } = await ensureUserWithRole(db, { email: `${uniqueSlug("out")}@keel.test`, password: "pw-12345678", projectId: other.id, role: "admin" });
    people.outsider = { id: user.id, email: user.email, name: null };
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    (globalThis as { __keelDb?: unknown }).__keelDb = undefined;
    await db?.close();
  });

  it("an owner drafts, an admin approves, everyone reads; status and series answer their schemas", async () => {
    const list = await route("v1/objectives");
    const created = await call(list.POST, "/api/v1/objectives", { as: "owner", body: { sli: "success_rate", workflow: "refund-request", target: 0.95 } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ sli: "success_rate", workflow: "refund-request", target: 0.95, periodDays: 28, autoIncident: false, status: "draft", tool: null, thresholdMs: null });
    const id = created.body.id as string;
    const approved = await call((await route("v1/objectives/[id]/approve")).POST, `/api/v1/objectives/${id}/approve`, { as: "admin", params: { id }, method: "POST" });
    expect(approved.body).toMatchObject({ status: "approved", approvedBy: people.admin.email });
    const read = await call(list.GET, "/api/v1/objectives", { as: "key" });
    expect((read.body.objectives as { id: string }[]).map((o) => o.id)).toEqual([id]);
    const status = await call((await route("v1/objectives/[id]/status")).GET, `/api/v1/objectives/${id}/status`, { as: "viewer", params: { id } });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ id, good: 0, total: 0, attainment: null, budgetRemaining: null, alert: "none" });
    expect((await call((await route("v1/objectives/[id]/series")).GET, `/x`, { as: "viewer", params: { id } })).status).toBe(200);
    expect((await call((await route("v1/objectives/status")).GET, `/x?status=approved`, { as: "viewer" })).status).toBe(200);
    expect((await call((await route("v1/alerts")).GET, `/api/v1/alerts`, { as: "viewer" })).body).toEqual({ alerts: [] });
    const evaluated = await call((await route("v1/objectives/evaluate")).POST, "/x", { as: "admin", method: "POST" });
    expect(evaluated.body).toEqual({ evaluated: true, objectives: 1, transitions: [], rollbacks: [] });
  });

  it("viewers, SREs and API keys cannot write objectives (403)", async () => {
    const list = await route("v1/objectives");
    const body = { sli: "success_rate", target: 0.95 };
    for (const as of ["viewer", "sre", "key"] as const) expect((await call(list.POST, "/api/v1/objectives", { as, body })).status, as).toBe(403);
    const { body: o } = await call(list.POST, "/api/v1/objectives", { as: "admin", body });
    const id = o.id as string;
    for (const as of ["viewer", "sre", "key"] as const) {
      expect((await call((await route("v1/objectives/[id]")).PATCH, "/x", { as, body: { target: 0.9 }, params: { id }, method: "PATCH" })).status).toBe(403);
      expect((await call((await route("v1/objectives/[id]/approve")).POST, "/x", { as, params: { id }, method: "POST" })).status).toBe(403);
    }
  });

  it("bad input: 400 naming the field", async () => {
    const { POST } = await route("v1/objectives");
    const cases: [unknown, string][] = [
      [{ sli: "happiness", target: 0.9 }, "sli"],
      [{ sli: "tool_latency", thresholdMs: 500, target: 0.9 }, "tool"],
      [{ sli: "success_rate", thresholdMs: 500, target: 0.9 }, "thresholdMs"],
      [{ sli: "success_rate", target: 0.9, periodDays: 0 }, "periodDays"],
      [{ sli: "success_rate", target: 1 }, "target"],
      [{ sli: "success_rate", target: 0.9, autoIncident: "yes" }, "autoIncident"],
    ];
    for (const [body, field] of cases) {
      const res = await call(POST, "/api/v1/objectives", { as: "owner", body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues?.map((i) => i.path)).toEqual([field]);
    }
  });

  it("another project's objective is 404, also to its admin", async () => {
    const { body: o } = await call((await route("v1/objectives")).POST, "/api/v1/objectives", { as: "owner", body: { sli: "success_rate", target: 0.95 } });
    const id = o.id as string;
    const one = await route("v1/objectives/[id]");
    expect((await call(one.GET, "/x", { as: "outsider", project: otherSlug, params: { id } })).status).toBe(404);
    expect((await call(one.PATCH, "/x", { as: "outsider", project: otherSlug, params: { id }, body: { target: 0.9 }, method: "PATCH" })).status).toBe(404);
    expect((await call((await route("v1/objectives/[id]/status")).GET, "/x", { as: "outsider", project: otherSlug, params: { id } })).status).toBe(404);
    // And a person without membership does not see the project at all.
    expect((await call(one.GET, "/x", { as: "outsider", params: { id } })).status).toBe(404);
  });

  it("OpenSLO: the approved objectives export as YAML and import back as drafts", async () => {
    const openslo = await route("v1/objectives/openslo");
    const exported = await call(openslo.GET, "/api/v1/objectives/openslo", { as: "key" });
    expect(exported.status).toBe(200);
    expect(exported.text).toContain("kind: AlertPolicy");
    expect(exported.text).toContain("keel.dev/workflow: refund-request");
    expect(exported.text.match(/^kind: SLO$/gm)?.length).toBe(1);
    const imported = await call(openslo.POST, "/x", { as: "owner", body: { yaml: exported.text } });
    expect(imported.status).toBe(200);
    expect(imported.body.objectives).toEqual([expect.objectContaining({ sli: "success_rate", workflow: "refund-request", target: 0.95, periodDays: 28, status: "draft" })]);
    expect((await call(openslo.POST, "/x", { as: "viewer", body: { yaml: exported.text } })).status).toBe(403);
    const bad = await call(openslo.POST, "/x", { as: "owner", body: { yaml: exported.text.replace("duration: 28d", "duration: 0d") } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues?.map((i) => i.path)).toEqual(["yaml.documents.1.spec.timeWindow.0.duration"]);
  });
});
