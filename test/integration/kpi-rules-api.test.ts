// The KPI rules API through its route handlers (issue 15): owner drafts, admin approves, everyone
// reads; viewers, SREs and keys cannot write (403); 400 naming the field; another project's rule 404;
// every answer parsed with its declared schema (KEEL_CHECK_RESPONSES=1).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { createApiKey, ensureUserWithRole } from "@/lib/server/services/accounts";
import type { Role } from "@/lib/shared/permissions";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";
import { harness, route, type Handler } from "../helpers/route-harness";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));
vi.mock("@/lib/server/auth/session", () => ({ getSessionUser: async () => session.user }));


describe.each(testDatabases())("KPI rules API on $name", (target) => {
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
  ) => send(handler, url, { ...opts, as: opts.as === "key" ? { key } : people[opts.as], project: opts.project ?? slug });


  beforeAll(async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    db = await target.open();
    (globalThis as { __keelDb?: Promise<Database> }).__keelDb = Promise.resolve(db);
    const project = await createTestProject(db, "kpi-api");
    const other = await createTestProject(db, "kpi-api-other");
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

  it("an owner drafts, an admin approves, everyone reads (with the value now: null without traffic)", async () => {
    const list = await route("v1/kpi-rules");
    const created = await call(list.POST, "/api/v1/kpi-rules", { as: "owner", body: { metric: "critical_policy_violations" } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: null,
      workflow: null,
      metric: "critical_policy_violations",
      comparator: ">",
      threshold: 0,
      windowMinutes: 60,
      level: "ticket",
      status: "draft",
      title: "Critical policy violations > 0 · all workflows · 1 h",
    });
    const id = created.body.id as string;
    const approved = await call((await route("v1/kpi-rules/[id]/approve")).POST, "/x", { as: "admin", params: { id }, method: "POST" });
    expect(approved.body).toMatchObject({ status: "approved", approvedBy: people.admin.email });
    for (const as of ["key", "viewer"] as const) {
      const read = await call(list.GET, "/api/v1/kpi-rules", { as });
      expect((read.body.kpiRules as { id: string; current: unknown }[]).map((r) => [r.id, (r.current as { value: unknown }).value])).toEqual([[id, null]]);
    }
    const edited = await call((await route("v1/kpi-rules/[id]")).PATCH, "/x", { as: "owner", params: { id }, body: { windowMinutes: 30 }, method: "PATCH" });
    expect(edited.body).toMatchObject({ windowMinutes: 30, status: "draft", approvedBy: null });
  });

  it("viewers, SREs and API keys cannot write (403)", async () => {
    const list = await route("v1/kpi-rules");
    const body = { metric: "cost_per_success_usd", threshold: 1 };
    for (const as of ["viewer", "sre", "key"] as const) expect((await call(list.POST, "/x", { as, body })).status, as).toBe(403);
    const id = (await call(list.POST, "/x", { as: "admin", body })).body.id as string;
    for (const as of ["viewer", "sre", "key"] as const) {
      expect((await call((await route("v1/kpi-rules/[id]")).PATCH, "/x", { as, body: { threshold: 2 }, params: { id }, method: "PATCH" })).status).toBe(403);
      expect((await call((await route("v1/kpi-rules/[id]/approve")).POST, "/x", { as, params: { id }, method: "POST" })).status).toBe(403);
    }
  });

  it("bad input: 400 naming the field", async () => {
    const { POST } = await route("v1/kpi-rules");
    const cases: [unknown, string][] = [
      [{ metric: "happiness", threshold: 1 }, "metric"],
      [{ metric: "cost_per_success_usd", threshold: -1 }, "threshold"],
      [{ metric: "cost_per_success_usd" }, "threshold"],
      [{ metric: "cost_per_success_usd", threshold: 1, windowMinutes: 0 }, "windowMinutes"],
      [{ metric: "cost_per_success_usd", threshold: 1, level: "urgent" }, "level"],
    ];
    for (const [body, field] of cases) {
      const res = await call(POST, "/x", { as: "owner", body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues?.map((i) => i.path)).toEqual([field]);
    }
  });

  it("another project's rule is 404, also to its admin", async () => {
    const id = (await call((await route("v1/kpi-rules")).POST, "/x", { as: "owner", body: { metric: "critical_policy_violations" } })).body.id as string;
    const one = await route("v1/kpi-rules/[id]");
    expect((await call(one.PATCH, "/x", { as: "outsider", project: otherSlug, params: { id }, body: { threshold: 1 }, method: "PATCH" })).status).toBe(404);
    expect((await call((await route("v1/kpi-rules/[id]/approve")).POST, "/x", { as: "outsider", project: otherSlug, params: { id }, method: "POST" })).status).toBe(404);
  });
});
