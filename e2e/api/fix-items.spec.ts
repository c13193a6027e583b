// Fix items over real HTTP (CONTRACT §6): only owner/admin people write, keys never; 400s name
// the field; every change lands in the item's history.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";

const slug = fixtures.projects.main.slug;
const url = (path: string, q = "") => `/api/v1${path}?project=${slug}${q}`;
const tag = Math.random().toString(36).slice(2, 8);
const item = (reason: string) => ({ category: "tool_error", reason: `${tag} ${reason}`, owner: fixtures.users.dana.email, dueDate: "2030-06-30" });

async function as<T>(user: keyof typeof fixtures.users, fn: (ctx: APIRequestContext) => Promise<T>): Promise<T> {
  const ctx = await apiAs(playwrightRequest, fixtures.users[user]);
  try {
    return await fn(ctx);
  } finally {
    await ctx.dispose();
  }
}

test("viewer and sre may read but not write; owner and admin may write", async () => {
  for (const role of ["viewer", "sre"] as const) {
    await as(role, async (ctx) => {
      expect((await ctx.get(url("/fix-items"))).status()).toBe(200);
      const res = await ctx.post(url("/fix-items"), { data: item(`by ${role}`) });
      expect(res.status(), role).toBe(403);
      expect(await res.json()).toMatchObject({ error: "forbidden" });
    });
  }
  for (const role of ["owner", "admin"] as const) {
    await as(role, async (ctx) => {
      const res = await ctx.post(url("/fix-items"), { data: item(`by ${role}`) });
      expect(res.status(), role).toBe(200);
      expect(await res.json()).toMatchObject({ reason: `${tag} by ${role}`, owner: fixtures.users.dana.email, status: "open", overdue: false });
    });
  }
});

test("API keys cannot write fix items (403) but a read key can list them", async ({ request }) => {
  const auth = { Authorization: `Bearer ${fixtures.keys.ingestRead}` };
  const post = await request.post("/api/v1/fix-items", { headers: auth, data: item("by key") });
  expect(post.status()).toBe(403);
  const list = await request.get("/api/v1/fix-items", { headers: { Authorization: `Bearer ${fixtures.keys.readOnly}` } });
  expect(list.status()).toBe(200);
  expect(Array.isArray((await list.json()).fixItems)).toBe(true);
});

test("bad input answers 400 naming the field", async () => {
  await as("owner", async (ctx) => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...item("bad date"), dueDate: "2026-02-30" }, "dueDate"],
      [{ ...item("bad date"), dueDate: "tomorrow" }, "dueDate"],
      [{ ...item("bad owner"), owner: "not-an-email" }, "owner"],
      [{ ...item("outsider"), owner: "nobody@keel.local" }, "owner"],
      [{ ...item("bad category"), category: "network" }, "category"],
      [{ ...item(""), reason: "" }, "reason"],
      [{ ...item("bad status"), status: "done" }, "status"],
    ];
    for (const [body, field] of cases) {
      const res = await ctx.post(url("/fix-items"), { data: body });
      expect(res.status(), JSON.stringify(body)).toBe(400);
      const json = (await res.json()) as { issues: { path: string }[] };
      expect(json.issues.map((i) => i.path), JSON.stringify(body)).toContain(field);
    }
    const created = (await (await ctx.post(url("/fix-items"), { data: item("patch me") })).json()) as { id: string };
    const bad = await ctx.patch(url(`/fix-items/${created.id}`), { data: { dueDate: "2026-13-01" } });
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues[0].path).toBe("dueDate");
    expect((await ctx.patch(url("/fix-items/does-not-exist"), { data: { status: "fixed" } })).status()).toBe(404);
  });
});

test("PATCH keeps the history; filters find the item; assigned-to-me lists it for dana", async () => {
  const id = await as("owner", async (ctx) => {
    const created = (await (await ctx.post(url("/fix-items"), { data: { ...item("history"), dueDate: "2020-01-01" } })).json()) as { id: string; overdue: boolean };
    expect(created.overdue).toBe(true);
    const res = await ctx.patch(url(`/fix-items/${created.id}`), { data: { status: "in_progress", notes: "RCA started" } });
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ id: created.id, status: "in_progress", notes: "RCA started", overdue: true });
    return created.id;
  });
  await as("dana", async (ctx) => {
    const one = (await (await ctx.get(url(`/fix-items/${id}`))).json()) as { history: { field: string; oldValue: string | null; newValue: string | null; actor: string }[] };
    const edits = one.history.filter((h) => h.oldValue !== null || h.field === "notes");
    expect(edits.map((h) => [h.field, h.oldValue, h.newValue, h.actor])).toEqual([
      ["status", "open", "in_progress", fixtures.users.owner.email],
      ["notes", null, "RCA started", fixtures.users.owner.email],
    ]);
    const mine = (await (await ctx.get(url("/fix-items", "&owner=me&overdue=true"))).json()) as { fixItems: { id: string; owner: string }[] };
    expect(mine.fixItems.map((i) => i.id)).toContain(id);
    expect(mine.fixItems.every((i) => i.owner === fixtures.users.dana.email)).toBe(true);
    const fixed = (await (await ctx.get(url("/fix-items", "&status=fixed"))).json()) as { fixItems: { id: string }[] };
    expect(fixed.fixItems.map((i) => i.id)).not.toContain(id);
    const bad = await ctx.get(url("/fix-items", "&overdue=maybe"));
    expect(bad.status()).toBe(400);
  });
});

test("GET /api/v1/review answers the week's overview objects; a bad week is 400 naming `week`", async ({ request }) => {
  const auth = { Authorization: `Bearer ${fixtures.keys.readOnly}` };
  const res = await request.get("/api/v1/review?week=2026-W42", { headers: auth });
  expect(res.status()).toBe(200);
  const review = await res.json();
  expect(review).toMatchObject({ week: "2026-W42", previousWeek: "2026-W41", from: "2026-10-12T00:00:00.000Z", to: "2026-10-19T00:00:00.000Z" });
  expect(review.kpis.current).toHaveProperty("runs");
  expect(review.kpis.previous).toHaveProperty("runLatencyMs");
  const bad = await request.get("/api/v1/review?week=2026-W60", { headers: auth });
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { issues: { path: string }[] }).issues[0].path).toBe("week");
});

test("POST /api/v1/fix-items takes exactly the body the editor sends for a review row; the whole row is refused naming its keys", async () => {
  await as("owner", async (ctx) => {
    // What the weekly review's "Assign" used to send: the whole review row spread into the body.
    const reviewRow = { category: "tool_error", reason: `${tag} editor body`, count: 12, previousCount: 9, share: 0.1, fixItem: null };
    const spread = await ctx.post(url("/fix-items"), { data: { ...reviewRow, owner: fixtures.users.dana.email, dueDate: "2030-07-01", status: "open" } });
    expect(spread.status()).toBe(400);
    expect(JSON.stringify(await spread.json())).toContain("Unrecognized keys");

    // The editor's body now (lib/shared/fix-items fixItemCreateBody): the contract's fields only.
    const body = { category: "tool_error", reason: `${tag} editor body`, owner: fixtures.users.dana.email, dueDate: "2030-07-01", status: "open" };
    const res = await ctx.post(url("/fix-items"), { data: body });
    expect(res.status()).toBe(200);
    const created = (await res.json()) as Record<string, unknown>;
    expect(created).toMatchObject({ ...body, notes: null, overdue: false });
    expect(typeof created.id).toBe("string");

    // The edit path: a PATCH with only the changed fields.
    const patched = await ctx.patch(url(`/fix-items/${created.id}`), { data: { status: "in_progress", notes: "RCA" } });
    expect(patched.status()).toBe(200);
    expect(await patched.json()).toMatchObject({ id: created.id, status: "in_progress", notes: "RCA" });
  });
});

test("GET /api/v1/fix-items/assignees lists the members for owners and admins only", async ({ request }) => {
  await as("owner", async (ctx) => {
    const res = await ctx.get(url("/fix-items/assignees"));
    expect(res.status()).toBe(200);
    const { members } = (await res.json()) as { members: { email: string; name: string | null }[] };
    const emails = members.map((m) => m.email);
    for (const u of ["admin", "owner", "sre", "viewer", "dana"] as const) expect(emails).toContain(fixtures.users[u].email);
    expect(emails).toEqual([...emails].sort());
  });
  for (const role of ["viewer", "sre"] as const) {
    await as(role, async (ctx) => expect((await ctx.get(url("/fix-items/assignees"))).status(), role).toBe(403));
  }
  const byKey = await request.get("/api/v1/fix-items/assignees", { headers: { Authorization: `Bearer ${fixtures.keys.ingestRead}` } });
  expect(byKey.status()).toBe(403);
});
