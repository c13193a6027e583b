// An unknown /api path answers a JSON 404 in the API's error shape ({"error", "message"}) for
// every method, with or without credentials, instead of the app's HTML page; the real routes
// around it (v1, auth, otel, health) still answer themselves.
import { expect, test, type APIResponse } from "@playwright/test";
import { fixtures } from "../support/fixtures";

const bearer = { Authorization: `Bearer ${fixtures.keys.ingestRead}` };
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const UNKNOWN = ["/api/nope", "/api/v1", "/api/v1/nope", "/api/v2/runs", "/api/v1/metrics/nope", "/api/v1/runs/x/y/z", "/api/otel/v1/logs"];

async function expectJson404(res: APIResponse, what: string) {
  expect(res.status(), what).toBe(404);
  expect(res.headers()["content-type"], what).toMatch(/^application\/json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort(), what).toEqual(["error", "message"]);
  expect(body.error, what).toBe("not_found");
  return body;
}

test("every method on an unknown API path answers JSON 404", async ({ request }) => {
  for (const path of UNKNOWN) {
    for (const method of METHODS) {
      const res = await request.fetch(path, { method, headers: bearer, data: method === "GET" || method === "OPTIONS" ? undefined : { x: 1 } });
      await expectJson404(res, `${method} ${path}`);
    }
  }
  // Without credentials too: an unknown path is unknown to everyone (no 401 that would hint at it).
  const anonymous = await request.fetch("/api/v1/nope", { method: "GET" });
  const body = await expectJson404(anonymous, "GET /api/v1/nope (no credentials)");
  expect(body.message).toBe("no API endpoint GET /api/v1/nope");
  // HEAD carries the status and the type, no body.
  const head = await request.fetch("/api/v1/nope", { method: "HEAD" });
  expect(head.status()).toBe(404);
  expect(head.headers()["content-type"]).toMatch(/^application\/json/);
});

test("the real routes are not shadowed by the catch-all", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });

  const runs = await request.get("/api/v1/runs?limit=1", { headers: bearer });
  expect(runs.status()).toBe(200);
  expect(Object.keys((await runs.json()) as object)).toContain("runs");

  const overview = await request.get("/api/v1/metrics/overview", { headers: bearer });
  expect(overview.status()).toBe(200);

  // A real route's own 404 (an unknown run) and 401 (no key) are its own answers.
  const unknownRun = await request.get("/api/v1/runs/no-such-run-anywhere", { headers: bearer });
  expect(unknownRun.status()).toBe(404);
  expect(((await unknownRun.json()) as { error: string }).error).toBe("not_found");
  expect((await request.get("/api/v1/runs")).status()).toBe(401);

  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.status()).toBe(200);
  expect(Object.keys((await csrf.json()) as object)).toEqual(["csrfToken"]);

  // OTLP endpoint: exists, asks for a key.
  expect((await request.post("/api/otel/v1/traces", { data: {} })).status()).toBe(401);
});
