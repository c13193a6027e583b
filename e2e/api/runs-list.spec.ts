// GET /api/v1/runs and incidents over real HTTP: filters, the exact total, sorts, cursor walking
// while runs arrive, 400s naming the parameter, key and session access, 404 for another project's
// run, incidents people-only.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";

const slug = fixtures.projects.main.slug;
const tag = `rl${Math.random().toString(36).slice(2, 8)}`;
const key = (k: string) => ({ Authorization: `Bearer ${k}` });
const T0 = Date.parse("2026-09-01T08:00:00.000Z");

function run(i: number, over: Record<string, unknown> = {}) {
  const start = T0 + i * 1000;
  return {
    id: `${tag}-${String(i).padStart(3, "0")}`,
    sessionId: `${tag}-s${i % 3}`,
    workflow: `${tag}-wf`,
    model: "gpt-4.1",
    promptVersion: "v1",
    release: `${tag}@v1`,
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + 200 * (i + 1)).toISOString(),
    outcome: i % 2 ? "failure" : "success",
    ...(i % 2 ? { failure: { category: "tool_error", reason: `${tag} timeout` } } : {}),
    costUsd: 0.01 * i,
    toolCalls: [
      {
        name: "search",
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(start + 50 + 10 * (i % 4)).toISOString(),
        status: i % 2 ? "timeout" : "ok",
        retry: i % 5 === 0,
        input: { i },
        output: null,
      },
    ],
    ...over,
  };
}

async function ingest(ctx: APIRequestContext, runs: unknown[], apiKey = fixtures.keys.ingestRead) {
  const res = await ctx.post("/api/v1/runs", { headers: key(apiKey), data: { runs } });
  expect(res.status()).toBe(200);
  return res.json();
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const ctx = await playwrightRequest.newContext({ baseURL: fixtures.baseURL });
  const res = await ingest(ctx, Array.from({ length: 20 }, (_, i) => run(i)));
  expect(res).toMatchObject({ accepted: 20, duplicates: 0, rejected: [] });
  // The other project holds a run with an id that exists only there.
  await ingest(ctx, [run(0, { id: `${tag}-other-only` })], fixtures.keys.other);
  await ctx.dispose();
});

test("a read key lists with filters, newest first", async ({ request }) => {
  const res = await request.get(`/api/v1/runs?workflow=${tag}-wf&outcome=failure&toolStatus=timeout&limit=200`, { headers: key(fixtures.keys.readOnly) });
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.nextCursor).toBeNull();
  expect(body.runs.map((r: { id: string }) => r.id)).toEqual(
    [19, 17, 15, 13, 11, 9, 7, 5, 3, 1].map((i) => `${tag}-${String(i).padStart(3, "0")}`),
  );
  expect(body.runs[0]).toMatchObject({ outcome: "failure", failure: { category: "tool_error", reason: `${tag} timeout`, critical: false }, toolCallCount: 1 });
});

const ids = (...n: number[]) => n.map((i) => `${tag}-${String(i).padStart(3, "0")}`);
/** This spec's 20 runs only (later tests ingest more runs an hour after them). */
const mine = `workflow=${tag}-wf&to=${encodeURIComponent(new Date(T0 + 3600_000).toISOString())}`;

test("the filters behind the numbers, with the exact total", async ({ request }) => {
  const get = async (q: string) => {
    const res = await request.get(`/api/v1/runs?${mine}&${q}`, { headers: key(fixtures.keys.readOnly) });
    expect(res.status(), q).toBe(200);
    return (await res.json()) as { runs: { id: string }[]; nextCursor: string | null; total: number };
  };
  const notOk = await get("toolStatus=not_ok&limit=3");
  expect(notOk.total).toBe(10);
  expect(notOk.runs.map((r) => r.id)).toEqual(ids(19, 17, 15));
  expect(typeof notOk.nextCursor).toBe("string");
  expect((await get("critical=false")).total).toBe(10);
  expect((await get("critical=true")).total).toBe(0);
  const retried = await get("retried=true");
  expect(retried.runs.map((r) => r.id)).toEqual(ids(15, 10, 5, 0));
  expect(retried.total).toBe(4);
  expect((await get("tool=search&toolStatus=not_ok&retried=true")).runs.map((r) => r.id)).toEqual(ids(15, 5));
});

test("sorts by duration, cost and a tool's latency, and walks each sort exactly once", async ({ request }) => {
  const walk = async (q: string, limit: number) => {
    const seen: { id: string; toolLatencyMs?: number }[] = [];
    let cursor: string | null = null;
    let total = -1;
    do {
      const res = await request.get(`/api/v1/runs?${mine}&${q}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, { headers: key(fixtures.keys.readOnly) });
      expect(res.status(), q).toBe(200);
      const body = (await res.json()) as { runs: { id: string; toolLatencyMs?: number }[]; nextCursor: string | null; total: number };
      total = body.total;
      seen.push(...body.runs);
      cursor = body.nextCursor;
    } while (cursor);
    expect(total).toBe(seen.length);
    return seen;
  };
  const all = Array.from({ length: 20 }, (_, i) => i);
  expect((await walk("sort=duration&order=desc", 3)).map((r) => r.id)).toEqual(ids(...[...all].reverse()));
  expect((await walk("sort=duration&order=asc", 7)).map((r) => r.id)).toEqual(ids(...all));
  // cost = 0.01 * i
  expect((await walk("sort=cost&order=asc", 4)).map((r) => r.id)).toEqual(ids(...all));
  // search latency = 50 + 10 * (i % 4): ties ordered by id
  const byTool = await walk("tool=search&sort=toolLatency&order=desc", 3);
  expect(byTool.map((r) => r.id)).toEqual(ids(3, 7, 11, 15, 19, 2, 6, 10, 14, 18, 1, 5, 9, 13, 17, 0, 4, 8, 12, 16));
  expect(byTool.map((r) => r.toolLatencyMs)).toEqual([...Array(5).fill(80), ...Array(5).fill(70), ...Array(5).fill(60), ...Array(5).fill(50)]);
});

test("bad sort, order and filter values answer 400 naming the parameter", async ({ request }) => {
  const bad = async (q: string, path: string) => {
    const res = await request.get(`/api/v1/runs?${q}`, { headers: key(fixtures.keys.readOnly) });
    expect(res.status(), q).toBe(400);
    const body = await res.json();
    expect(body.issues.map((i: { path: string }) => i.path), q).toEqual([path]);
  };
  await bad("sort=latency", "sort");
  await bad("order=up", "order");
  await bad("toolStatus=failed", "toolStatus");
  await bad("critical=yes", "critical");
  await bad("retried=1", "retried");
  await bad("sort=toolLatency", "sort");
  await bad("sort=toolLatency&order=desc&critical=true", "sort");
  // A cursor of another sort (or order) is not this list's cursor.
  const first = await request.get(`/api/v1/runs?${mine}&sort=duration&limit=2`, { headers: key(fixtures.keys.readOnly) });
  const { nextCursor } = await first.json();
  expect(typeof nextCursor).toBe("string");
  await bad(`${mine}&cursor=${nextCursor}`, "cursor");
  await bad(`${mine}&sort=duration&order=asc&cursor=${nextCursor}`, "cursor");
  await bad(`${mine}&sort=cost&cursor=${nextCursor}`, "cursor");
  const same = await request.get(`/api/v1/runs?${mine}&sort=duration&limit=2&cursor=${nextCursor}`, { headers: key(fixtures.keys.readOnly) });
  expect(same.status()).toBe(200);
  expect((await same.json()).runs.map((r: { id: string }) => r.id)).toEqual(ids(17, 16));
});

test("walking cursors returns each run once while runs are ingested between pages", async ({ request }) => {
  const seen: string[] = [];
  let cursor: string | null = null;
  let n = 0;
  do {
    const q: string = `/api/v1/runs?release=${encodeURIComponent(`${tag}@v1`)}&limit=3${cursor ? `&cursor=${cursor}` : ""}`;
    const res = await request.get(q, { headers: key(fixtures.keys.ingestRead) });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { runs: { id: string }[]; nextCursor: string | null };
    seen.push(...body.runs.map((r) => r.id));
    cursor = body.nextCursor;
    await ingest(request, [run(100 + n, { id: `${tag}-late-${n}`, startedAt: new Date(T0 + 3600_000 + n).toISOString(), endedAt: new Date(T0 + 3600_000 + n + 10).toISOString() })]);
    n++;
  } while (cursor);
  expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `${tag}-${String(19 - i).padStart(3, "0")}`));
});

test("a signed-in sre lists with ?project; a viewer may not", async () => {
  const sre = await apiAs(playwrightRequest, fixtures.users.sre);
  const res = await sre.get(`/api/v1/runs?project=${slug}&q=${tag}-s1&limit=2`);
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.runs.map((r: { sessionId: string }) => r.sessionId)).toEqual([`${tag}-s1`, `${tag}-s1`]);
  expect(typeof body.nextCursor).toBe("string");
  await sre.dispose();
  const viewer = await apiAs(playwrightRequest, fixtures.users.viewer);
  expect((await viewer.get(`/api/v1/runs?project=${slug}`)).status()).toBe(403);
  await viewer.dispose();
});

test("bad filters answer 400 naming the field", async ({ request }) => {
  const res = await request.get(`/api/v1/runs?outcome=meh&limit=0`, { headers: key(fixtures.keys.readOnly) });
  expect(res.status()).toBe(400);
  const body = await res.json();
  expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["limit", "outcome"]);
  const cur = await request.get(`/api/v1/runs?cursor=zzz`, { headers: key(fixtures.keys.readOnly) });
  expect(cur.status()).toBe(400);
  expect(await cur.json()).toMatchObject({ issues: [{ path: "cursor" }] });
});

test("another project's run is 404 for key and session, and never listed", async ({ request }) => {
  const id = `${tag}-other-only`;
  expect((await request.get(`/api/v1/runs/${id}`, { headers: key(fixtures.keys.ingestRead) })).status()).toBe(404);
  const listed = await request.get(`/api/v1/runs?q=${id}`, { headers: key(fixtures.keys.ingestRead) });
  expect((await listed.json()).runs).toEqual([]);
  const sre = await apiAs(playwrightRequest, fixtures.users.sre);
  expect((await sre.get(`/api/v1/runs/${id}?project=${slug}`)).status()).toBe(404);
  await sre.dispose();
});

test("incidents: a person opens, links, mitigates and resolves; keys cannot write", async ({ request }) => {
  const denied = await request.post(`/api/v1/incidents`, { headers: key(fixtures.keys.ingestRead), data: { title: "x", severity: "SEV3" } });
  expect(denied.status()).toBe(403);
  const sre = await apiAs(playwrightRequest, fixtures.users.sre);
  const created = await sre.post(`/api/v1/incidents?project=${slug}`, {
    data: { title: `${tag} timeouts`, severity: "SEV2", ownerEmail: fixtures.users.dana.email, runIds: [`${tag}-001`] },
  });
  expect(created.status()).toBe(201);
  const inc = await created.json();
  expect(inc).toMatchObject({ title: `${tag} timeouts`, severity: "SEV2", status: "open", owner: { email: fixtures.users.dana.email }, runCount: 1 });
  const bad = await sre.post(`/api/v1/incidents/${inc.number}/runs?project=${slug}`, { data: { runIds: [`${tag}-other-only`] } });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ issues: [{ path: "runIds.0", message: "no run with this id in the project" }] });
  const linked = await sre.post(`/api/v1/incidents/${inc.number}/runs?project=${slug}`, { data: { runIds: [`${tag}-003`, `${tag}-001`] } });
  expect((await linked.json()).runs.map((r: { id: string }) => r.id)).toEqual([`${tag}-001`, `${tag}-003`]);
  const mitigated = await (await sre.patch(`/api/v1/incidents/${inc.number}?project=${slug}`, { data: { status: "mitigated" } })).json();
  expect(mitigated).toMatchObject({ status: "mitigated", resolvedAt: null });
  const resolved = await (await sre.patch(`/api/v1/incidents/${inc.number}?project=${slug}`, { data: { status: "resolved" } })).json();
  expect(resolved).toMatchObject({ status: "resolved", mitigatedAt: mitigated.mitigatedAt });
  const back = await sre.patch(`/api/v1/incidents/${inc.number}?project=${slug}`, { data: { status: "open" } });
  expect(back.status()).toBe(409);
  const list = await request.get(`/api/v1/incidents?status=resolved`, { headers: key(fixtures.keys.readOnly) });
  expect((await list.json()).incidents.some((i: { number: number }) => i.number === inc.number)).toBe(true);
  await sre.dispose();
});
