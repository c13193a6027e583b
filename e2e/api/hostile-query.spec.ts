// Hostile query values get a 400 naming the parameter, never a 500: NUL bytes, invalid UTF-8,
// the ends of time, windows too wide to read, and misspelt parameters (which must not silently
// widen a query). Nanosecond fractions are valid RFC 3339 and are accepted.
import { expect, test } from "@playwright/test";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";

const auth = { Authorization: `Bearer ${fixtures.keys.ingestRead}` };

async function expect400(path: string, param: string) {
  const res = await fetch(`${fixtures.baseURL}${path}`, { headers: auth });
  const body = (await res.json()) as { error: string; issues?: { path: string }[] };
  expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(400);
  expect(body.error).toBe("invalid_request");
  expect(body.issues?.map((i) => i.path), path).toContain(param);
}

test("NUL bytes and invalid UTF-8 in a filter or a path id → 400 naming it", async () => {
  await expect400("/api/v1/metrics/overview?workflow=%00", "workflow");
  await expect400("/api/v1/metrics/workflows?release=a%00b", "release");
  await expect400("/api/v1/runs?workflow=%00", "workflow");
  await expect400("/api/v1/metrics/tools?workflow=%ED%A0%80", "workflow");
  await expect400("/api/v1/runs/%00", "id");
  // A lone "%" in a path segment: Next itself would answer a plain-text 500.
  for (const path of ["/api/v1/releases/%2/gates", "/api/v1/fix-items/%", "/api/v1/runs/%E0%A4%A"]) await expect400(path, "path");
});

test("a signed-in person's project slug with a NUL byte → 400 naming project", async ({ request }) => {
  const admin = await apiAs(request, fixtures.users.admin);
  const res = await admin.get("/api/v1/metrics/overview?project=%00");
  expect(res.status()).toBe(400);
  expect(((await res.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["project"]);
});

test("the ends of time and over-wide windows → 400 naming from/to", async () => {
  await expect400("/api/v1/metrics/overview?to=0001-01-01T00:00:00Z", "to");
  await expect400("/api/v1/metrics/overview?from=0000-01-01T00:00:00Z", "from");
  await expect400("/api/v1/metrics/timeseries?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from");
  await expect400("/api/v1/runs?to=0001-01-01T00:00:00Z", "to");
});

test("a misspelt parameter is refused instead of widening the query", async () => {
  await expect400("/api/v1/metrics/overview?workflw=refund-request", "workflw");
  await expect400("/api/v1/runs?outcom=failure", "outcom");
});

test("nanosecond fractions are accepted", async () => {
  const res = await fetch(
    `${fixtures.baseURL}/api/v1/metrics/overview?from=2026-01-01T00:00:00.123456789Z&to=2026-01-02T00:00:00.000000001Z`,
    { headers: auth },
  );
  expect(res.status).toBe(200);
});
