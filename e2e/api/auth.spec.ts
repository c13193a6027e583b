// Who may call the API (CONTRACT §1, §4): no credentials → 401; wrong, malformed or revoked key
// → 401; missing scope → 403; a wrong password gives no session; a person sees nothing of a
// project they are not a member of (404); a key never reaches another project's runs (404).
import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { apiAs, hasSessionCookie, signInWithCredentials } from "../support/auth";
import { fixtures } from "../support/fixtures";

const { keys, users, projects } = fixtures;
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

async function expectError(res: APIResponse, status: number, error: string) {
  expect(res.status(), await res.text()).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/json");
  const body = (await res.json()) as { error: string; message: string };
  expect(body.error).toBe(error);
  expect(body.message.length).toBeGreaterThan(0);
}

function aRun(id: string) {
  return {
    id,
    sessionId: `${id}-session`,
    workflow: "auth-spec",
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: "2026-03-02T10:00:00.000Z",
    endedAt: "2026-03-02T10:00:02.500Z",
    outcome: "success",
    costUsd: 0.01,
    toolCalls: [],
  };
}

test("GET /api/health answers 200 without credentials", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
});

test("without a session or a key, the API answers 401 JSON", async ({ request }) => {
  await expectError(await request.get("/api/v1/metrics/overview"), 401, "unauthorized");
  await expectError(await request.get(`/api/v1/metrics/overview?project=${projects.main.slug}`), 401, "unauthorized");
  await expectError(await request.get("/api/v1/runs/anything"), 401, "unauthorized");
  await expectError(await request.post("/api/v1/runs", { data: aRun("x") }), 401, "unauthorized");
});

test("a malformed, unknown or revoked key gets 401", async ({ request }) => {
  const url = "/api/v1/metrics/overview";
  await expectError(await request.get(url, { headers: { Authorization: keys.ingestRead } }), 401, "unauthorized");
  await expectError(await request.get(url, { headers: { Authorization: `Basic ${keys.ingestRead}` } }), 401, "unauthorized");
  await expectError(await request.get(url, { headers: bearer(`keel_${randomBytes(32).toString("base64url")}`) }), 401, "unauthorized");
  await expectError(await request.get(url, { headers: bearer(keys.revoked) }), 401, "unauthorized");
  await expectError(await request.post("/api/v1/runs", { headers: bearer(keys.revoked), data: aRun("r") }), 401, "unauthorized");
  // The same route with a good key works, so the 401s above are about the key.
  expect((await request.get(url, { headers: bearer(keys.readOnly) })).status()).toBe(200);
});

test("a key without the needed scope gets 403", async ({ request }) => {
  await expectError(await request.get("/api/v1/metrics/overview", { headers: bearer(keys.ingestOnly) }), 403, "forbidden");
  const id = `auth-${randomBytes(6).toString("hex")}`;
  await expectError(await request.post("/api/v1/runs", { headers: bearer(keys.readOnly), data: aRun(id) }), 403, "forbidden");
  // Nothing was stored by the refused request.
  await expectError(await request.get(`/api/v1/runs/${id}`, { headers: bearer(keys.readOnly) }), 404, "not_found");
});

test("a wrong password gives no session; the right one does", async ({ request }) => {
  expect(await signInWithCredentials(request, { email: users.viewer.email, password: "not-the-password" })).toBe(false);
  expect(await signInWithCredentials(request, { email: "nobody@keel.local", password: users.viewer.password })).toBe(false);
  expect(await hasSessionCookie(request)).toBe(false);
  expect(await (await request.get("/api/auth/session")).json()).toEqual({});
  await expectError(await request.get(`/api/v1/metrics/overview?project=${projects.main.slug}`), 401, "unauthorized");

  expect(await signInWithCredentials(request, users.viewer)).toBe(true);
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(users.viewer.email);
});

test.describe("a signed-in viewer", () => {
  let viewer: APIRequestContext;
  test.beforeAll(async () => {
    viewer = await apiAs(playwrightRequest, users.viewer);
  });
  test.afterAll(async () => {
    await viewer.dispose();
  });

  test("reads their project, and gets 404 for one that does not exist or that they are not a member of", async () => {
    const mine = await viewer.get(`/api/v1/metrics/overview?project=${projects.main.slug}`);
    expect(mine.status(), await mine.text()).toBe(200);
    await expectError(await viewer.get("/api/v1/metrics/overview?project=nope"), 404, "not_found");
    const other = await viewer.get(`/api/v1/metrics/overview?project=${projects.other.slug}`);
    await expectError(other, 404, "not_found");
    // Same answer as for a project that does not exist: its name is not revealed.
    expect(JSON.stringify(await other.json())).not.toContain(projects.other.name);
  });

  test("must name the project (400) and may not read traces (403)", async () => {
    const res = await viewer.get("/api/v1/metrics/overview");
    await expectError(res, 400, "invalid_request");
    expect((await res.json()).issues).toEqual([{ path: "project", message: "required" }]);
    await expectError(await viewer.get(`/api/v1/runs/anything?project=${projects.main.slug}`), 403, "forbidden");
  });
});

test("a key of another project gets 404 for this project's run", async ({ request }) => {
  const id = `auth-${randomBytes(6).toString("hex")}`;
  const ingest = await request.post("/api/v1/runs", { headers: bearer(keys.ingestRead), data: { runs: [aRun(id)] } });
  expect(ingest.status(), await ingest.text()).toBe(200);
  expect(await ingest.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });

  const own = await request.get(`/api/v1/runs/${id}`, { headers: bearer(keys.readOnly) });
  expect(own.status()).toBe(200);
  expect((await own.json()).id).toBe(id);

  await expectError(await request.get(`/api/v1/runs/${id}`, { headers: bearer(keys.other) }), 404, "not_found");
  // A key's project is its own: naming another project in the query changes nothing.
  await expectError(
    await request.get(`/api/v1/runs/${id}?project=${projects.main.slug}`, { headers: bearer(keys.other) }),
    404,
    "not_found",
  );
});

test("a page without a session redirects to sign-in with the page as callbackUrl, and shows no data", async ({ request }) => {
  const res = await request.get(`/${projects.main.slug}/traces?outcome=failure`, { maxRedirects: 0 });
  expect(res.status()).toBe(307);
  const location = new URL(res.headers()["location"], fixtures.baseURL);
  expect(location.pathname).toBe("/signin");
  expect(location.searchParams.get("callbackUrl")).toBe(`/${projects.main.slug}/traces?outcome=failure`);
  expect(await res.text()).not.toContain("ticketing");
});

test("a forged session cookie gets no data either", async () => {
  const ctx = await playwrightRequest.newContext({
    baseURL: fixtures.baseURL,
    extraHTTPHeaders: { cookie: "next-auth.session-token=forged" },
  });
  try {
    const page = await ctx.get(`/${projects.main.slug}`, { maxRedirects: 0 });
    expect([200, 307]).toContain(page.status());
    expect(await page.text()).not.toContain("Success rate");
    const api = await ctx.get(`/api/v1/metrics/overview?project=${projects.main.slug}`);
    await expectError(api, 401, "unauthorized");
  } finally {
    await ctx.dispose();
  }
});
