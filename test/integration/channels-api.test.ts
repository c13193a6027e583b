// The channels API in process (handlers called with real requests, session mocked, responses
// checked against their schemas): owner and admin people only (403 for viewers, SREs and API keys),
// 404 for another project's channel, 400 naming `url`, secrets answered once and never listed.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { createApiKey, ensureUserWithRole } from "@/lib/server/services/accounts";
import type { Role } from "@/lib/shared/permissions";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";
import { harness, route } from "../helpers/route-harness";
import { startReceiver, type Receiver } from "../helpers/receiver";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));
vi.mock("@/lib/server/auth/session", () => ({ getSessionUser: async () => session.user }));


describe.each(testDatabases())("channels API on $name", (target) => {
  let db: Database;
  let rx: Receiver;
  const people = {} as Record<Role, { id: string; email: string; name: string | null }>;
  let slug: string;
  let otherSlug: string;
  let key: string;

  beforeAll(async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    db = await target.open();
    (globalThis as { __keelDb?: Promise<Database> }).__keelDb = Promise.resolve(db);
    rx = await startReceiver();
    const project = await createTestProject(db, "chapi");
    const other = await createTestProject(db, "chapi-other");
    slug = project.slug;
    otherSlug = other.slug;
    for (const role of ["viewer", "sre", "owner", "admin"] as const) {
      const { user } = await ensureUserWithRole(db, { email: `${uniqueSlug(role)}@example.test`, password: "password-1", projectId: project.id, role });
      people[role] = user;
      // Everyone is admin of the other project: its channels exist, but not in this project.
      await ensureUserWithRole(db, { email: user.email, password: "password-1", projectId: other.id, role: "admin" });
    }
    key = (await createApiKey(db, { projectId: project.id, name: "k", scopes: ["ingest", "read"] })).key;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    (globalThis as { __keelDb?: unknown }).__keelDb = undefined;
    await rx?.close();
    await db?.close();
  });

  const send = harness(session);
  const call = async (file: string, method: string, opts: { as: Role | "key"; body?: unknown; params?: Record<string, string>; project?: string }) =>
    send((await route(`v1/${file}`))[method]!, `/api/v1/${file}`, { ...opts, method, as: opts.as === "key" ? { key } : people[opts.as], project: opts.project ?? slug }).then(
      ({ status, body }) => ({ status, body }),
    );


  it("owner and admin manage channels; viewers, SREs and keys get 403; the secret comes once", async () => {
    const hook = { type: "webhook", name: "Ops", url: `${rx.url}/api-hook/secret-path-0001` };
    for (const as of ["viewer", "sre", "key"] as const) {
      expect((await call("channels", "GET", { as })).status).toBe(403);
      expect((await call("channels", "POST", { as, body: hook })).status).toBe(403);
    }
    const created = await call("channels", "POST", { as: "owner", body: hook });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    const id = created.body.id as string;
    const listed = await call("channels", "GET", { as: "admin" });
    expect(listed.status).toBe(200);
    expect((listed.body.channels as { id: string; urlHint: string }[]).map((c) => [c.id, c.urlHint])).toEqual([[id, `${rx.url}/…0001`]]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(JSON.stringify(listed.body)).not.toContain("secret-path");

    for (const as of ["viewer", "sre", "key"] as const) {
      expect((await call("channels/[id]", "PATCH", { as, params: { id }, body: { name: "x" } })).status).toBe(403);
      expect((await call("channels/[id]/test", "POST", { as, params: { id } })).status).toBe(403);
      expect((await call("channels/[id]/deliveries", "GET", { as, params: { id } })).status).toBe(403);
      expect((await call("channels/[id]", "DELETE", { as, params: { id } })).status).toBe(403);
    }

    const test = await call("channels/[id]/test", "POST", { as: "admin", params: { id } });
    expect(test.status).toBe(200);
    expect(test.body.delivery).toMatchObject({ type: "test", status: "delivered", attempts: 1 });
    const log = await call("channels/[id]/deliveries", "GET", { as: "owner", params: { id } });
    expect((log.body.deliveries as { id: string }[]).map((d) => d.id)).toEqual([(test.body.delivery as { id: string }).id]);

    const renamed = await call("channels/[id]", "PATCH", { as: "owner", params: { id }, body: { name: "Ops bus" } });
    expect(renamed).toMatchObject({ status: 200, body: { channel: { id, name: "Ops bus" } } });

    // Another project's channel does not exist here, for every verb.
    expect((await call("channels/[id]", "PATCH", { as: "admin", params: { id }, project: otherSlug, body: { name: "x" } })).status).toBe(404);
    expect((await call("channels/[id]/test", "POST", { as: "admin", params: { id }, project: otherSlug })).status).toBe(404);
    expect((await call("channels/[id]/deliveries", "GET", { as: "admin", params: { id }, project: otherSlug })).status).toBe(404);
    expect((await call("channels/[id]", "DELETE", { as: "admin", params: { id }, project: otherSlug })).status).toBe(404);

    expect(await call("channels/[id]", "DELETE", { as: "admin", params: { id } })).toEqual({ status: 200, body: { deleted: { id, name: "Ops bus" } } });
  });

  it("bad input is 400 naming the field", async () => {
    const bad = await call("channels", "POST", { as: "admin", body: { type: "webhook", name: "x", url: "ftp://example.com/h" } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ path: "url", message: "an http(s) URL, e.g. https://example.com/hooks/keel" }]);
    const noKey = await call("channels", "POST", { as: "admin", body: { type: "pagerduty", name: "pd" } });
    expect(noKey).toMatchObject({ status: 400, body: { issues: [{ path: "routingKey" }] } });
    const pd = await call("channels", "POST", { as: "admin", body: { type: "pagerduty", name: "pd", routingKey: "rk-0123456789" } });
    expect(pd.status).toBe(201);
    expect(pd.body.secret).toBeUndefined();
    const badPatch = await call("channels/[id]", "PATCH", { as: "admin", params: { id: pd.body.id as string }, body: { url: "mailto:x@y.z" } });
    expect(badPatch).toMatchObject({ status: 400, body: { issues: [{ path: "url" }] } });
  });
});
