// Project settings over real HTTP: an admin's key works until it is revoked (then 401 at once);
// members, keys and the ingest limit are for admins only (other roles and API keys get 403);
// the last admin cannot be demoted; bad input names its field; every change is audited.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";

const slug = fixtures.projects.main.slug;
const tag = Math.random().toString(36).slice(2, 8);
const url = (path: string) => `/api/v1/settings/${path}${path.includes("?") ? "&" : "?"}project=${slug}`;
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

async function as<T>(user: keyof typeof fixtures.users, fn: (ctx: APIRequestContext) => Promise<T>): Promise<T> {
  const ctx = await apiAs(playwrightRequest, fixtures.users[user]);
  try {
    return await fn(ctx);
  } finally {
    await ctx.dispose();
  }
}

interface AuditEntry {
  action: string;
  targetId: string | null;
  actor: { type: string; email?: string } | null;
  before: unknown;
  after: unknown;
}

test("admin creates a read key: it authenticates at once; revoked, it gets 401 at once; audited without the key", async ({ request }) => {
  await as("admin", async (admin) => {
    const created = await admin.post(url("api-keys"), { data: { name: `${tag} ci reader`, scopes: ["read"] } });
    expect(created.status()).toBe(201);
    expect(created.headers()["cache-control"]).toBe("no-store");
    const { key, apiKey } = (await created.json()) as { key: string; apiKey: { id: string; prefix: string; scopes: string[]; revokedAt: null; createdBy: { email: string } } };
    expect(apiKey).toMatchObject({ name: `${tag} ci reader`, scopes: ["read"], revokedAt: null, createdBy: { email: fixtures.users.admin.email } });
    expect(key.startsWith(apiKey.prefix)).toBe(true);

    const ok = await request.get("/api/v1/metrics/overview", { headers: bearer(key) });
    expect(ok.status()).toBe(200);
    // read scope only: sending runs is refused
    expect((await request.post("/api/v1/runs", { headers: bearer(key), data: { runs: [] } })).status()).toBe(403);

    const list = await admin.get(url("api-keys"));
    expect(list.status()).toBe(200);
    const listText = await list.text();
    expect(listText).not.toContain(key);
    expect((JSON.parse(listText) as { apiKeys: { id: string }[] }).apiKeys.map((k) => k.id)).toContain(apiKey.id);

    const revoked = await admin.delete(url(`api-keys/${apiKey.id}`));
    expect(revoked.status()).toBe(200);
    expect((await revoked.json()).apiKey.revokedAt).toEqual(expect.any(String));
    const refused = await request.get("/api/v1/metrics/overview", { headers: bearer(key) });
    expect(refused.status()).toBe(401);
    expect(await refused.json()).toMatchObject({ error: "unauthorized", message: "the API key is unknown or revoked" });

    // PATCH {revoked:true} is the other way to revoke; on a revoked key it changes nothing.
    expect((await admin.patch(url(`api-keys/${apiKey.id}`), { data: { revoked: true } })).status()).toBe(200);
    expect((await admin.delete(url("api-keys/no-such-key"))).status()).toBe(404);

    const audit = (await (await admin.get(url("audit"))).json()) as { entries: AuditEntry[] };
    const mine = audit.entries.filter((e) => e.targetId === apiKey.id);
    expect(mine.map((e) => [e.action, e.actor?.email])).toEqual([
      ["api_key.revoke", fixtures.users.admin.email],
      ["api_key.create", fixtures.users.admin.email],
    ]);
    expect(JSON.stringify(audit)).not.toContain(key);
  });
});

test("owner, sre and viewer get 403 on every settings route; API keys get 403; a non-member 404", async ({ request }) => {
  const routes: [string, string, unknown?][] = [
    ["GET", "api-keys"],
    ["POST", "api-keys", { name: "x", scopes: ["read"] }],
    ["DELETE", "api-keys/anything"],
    ["GET", "members"],
    ["POST", "members", { email: `${tag}@example.test`, role: "viewer", password: "password-123" }],
    ["PATCH", "members/anyone", { role: "viewer" }],
    ["GET", "ingest"],
    ["PATCH", "ingest", { ingestBurst: 5 }],
    ["GET", "audit"],
  ];
  for (const who of ["owner", "sre", "viewer"] as const) {
    await as(who, async (ctx) => {
      for (const [method, path, data] of routes) {
        const res = await ctx.fetch(url(path), { method, ...(data ? { data } : {}) });
        expect(res.status(), `${who} ${method} ${path}`).toBe(403);
      }
    });
  }
  for (const key of [fixtures.keys.ingestRead, fixtures.keys.readOnly]) {
    for (const [method, path, data] of routes) {
      const res = await request.fetch(`/api/v1/settings/${path}`, { method, headers: bearer(key), ...(data ? { data } : {}) });
      expect(res.status(), `key ${method} ${path}`).toBe(403);
    }
  }
  expect((await request.get(`/api/v1/settings/api-keys`)).status()).toBe(401);
  await as("admin", async (admin) => {
    expect((await admin.get(`/api/v1/settings/api-keys?project=${tag}-absent`)).status()).toBe(404);
  });
});

test("members: admin adds a new person, changes the role, removes them; the last admin cannot be demoted", async () => {
  await as("admin", async (admin) => {
    const email = `${tag}-new@example.test`;
    const added = await admin.post(url("members"), { data: { email, role: "viewer", name: "New Person", password: "first-pass-1" } });
    expect(added.status()).toBe(201);
    const { member, createdUser } = await added.json();
    expect(createdUser).toBe(true);
    expect(member).toMatchObject({ email, name: "New Person", role: "viewer" });
    // the new person signs in with the initial password and sees the project
    const newcomer = await apiAs(playwrightRequest, { email, password: "first-pass-1" });
    try {
      expect((await newcomer.get(`/api/v1/metrics/overview?project=${slug}`)).status()).toBe(200);
    } finally {
      await newcomer.dispose();
    }

    const dup = await admin.post(url("members"), { data: { email, role: "admin" } });
    expect(dup.status()).toBe(409);
    expect((await dup.json()).issues[0].path).toBe("email");

    const promoted = await admin.patch(url(`members/${member.userId}`), { data: { role: "sre" } });
    expect(promoted.status()).toBe(200);
    expect((await promoted.json()).member.role).toBe("sre");

    const members = (await (await admin.get(url("members"))).json()).members as { userId: string; email: string; role: string }[];
    const me = members.find((m) => m.email === fixtures.users.admin.email)!;
    expect(members.filter((m) => m.role === "admin").map((m) => m.email)).toEqual([fixtures.users.admin.email]);
    const demote = await admin.patch(url(`members/${me.userId}`), { data: { role: "owner" } });
    expect(demote.status()).toBe(400);
    expect((await demote.json()).issues).toEqual([{ path: "role", message: "the project must keep at least one admin" }]);
    const removeMe = await admin.delete(url(`members/${me.userId}`));
    expect(removeMe.status()).toBe(400);
    expect((await removeMe.json()).issues[0].path).toBe("role");

    const bad = await admin.patch(url(`members/${member.userId}`), { data: { role: "root" } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).issues[0].path).toBe("role");

    expect((await admin.delete(url(`members/${member.userId}`))).status()).toBe(200);
    expect((await admin.delete(url(`members/${member.userId}`))).status()).toBe(404);

    const audit = ((await (await admin.get(url("audit"))).json()) as { entries: AuditEntry[] }).entries.filter((e) => e.targetId === member.userId);
    expect(audit.map((e) => e.action)).toEqual(["member.remove", "member.role_change", "member.add"]);
    expect(JSON.stringify(audit)).not.toContain("first-pass-1");
  });
});

test("ingest rate limit: bad values are 400 naming the field; a save is audited before → after", async () => {
  await as("admin", async (admin) => {
    const got = (await (await admin.get(url("ingest"))).json()) as { ingestRatePerSecond: number; ingestBurst: number };
    const current = { ingestRatePerSecond: got.ingestRatePerSecond, ingestBurst: got.ingestBurst };
    expect(current).toMatchObject({ ingestRatePerSecond: expect.any(Number), ingestBurst: expect.any(Number) });
    for (const [data, path] of [
      [{ ingestRatePerSecond: 0 }, "ingestRatePerSecond"],
      [{ ingestRatePerSecond: 10_001 }, "ingestRatePerSecond"],
      [{ ingestBurst: 2.5 }, "ingestBurst"],
      [{ ingestBurst: 100_001 }, "ingestBurst"],
      [{ ingestBurst: "10" }, "ingestBurst"],
    ] as const) {
      const res = await admin.patch(url("ingest"), { data });
      expect(res.status(), JSON.stringify(data)).toBe(400);
      expect((await res.json()).issues[0].path).toBe(path);
    }
    // Saving the same values: audited, and other specs' ingest limits stay as they were.
    const saved = await admin.patch(url("ingest"), { data: current });
    expect(saved.status()).toBe(200);
    expect(await saved.json()).toMatchObject(current);
    const entry = ((await (await admin.get(url("audit"))).json()) as { entries: AuditEntry[] }).entries.find((e) => e.action === "ingest_settings.update");
    expect(entry).toMatchObject({ before: current, after: current, actor: { email: fixtures.users.admin.email } });
  });
});
