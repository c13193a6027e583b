// /api/v1/metrics/* over real HTTP: exact numbers for runs this spec ingests under its own
// workflow name (project e2e), the [from, to) edges, a read key and a signed-in member seeing
// the same numbers, 401/403/404 and 400s that name the field.
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";

const slug = fixtures.projects.main.slug;
const tag = `met${Math.random().toString(36).slice(2, 8)}`;
const workflow = `${tag}-wf`;
const FROM = "2026-07-01T00:00:00.000Z";
const TO = "2026-07-02T00:00:00.000Z";
const window = `from=${FROM}&to=${TO}&workflow=${workflow}`;
const auth = (k: string) => ({ headers: { Authorization: `Bearer ${k}` } });
const at = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** percentile_cont's float8 interpolation: lower + (upper − lower) × (p(n − 1) − floor(p(n − 1))). */
const lerp = (lower: number, upper: number, p: number, n: number) => lower + (upper - lower) * (p * (n - 1) - Math.floor(p * (n - 1)));

function run(id: string, start: string, durationMs: number, over: Record<string, unknown>) {
  return { id: `${tag}-${id}`, sessionId: `${tag}-s1`, workflow, model: "gpt-4.1", promptVersion: "v1", startedAt: start, endedAt: at(start, durationMs), ...over };
}

// a at `from` (in), b, c inside, d at `to` (out). Costs are exact in binary (0.5, 0.25, …).
const RUNS = [
  run("a", FROM, 1000, {
    outcome: "success", costUsd: 0.5,
    toolCalls: [
      { name: `${tag}.search`, startedAt: FROM, endedAt: at(FROM, 100), status: "ok" },
      { name: `${tag}.search`, startedAt: at(FROM, 100), endedAt: at(FROM, 400), status: "error" },
    ],
  }),
  run("b", "2026-07-01T06:00:00.000Z", 3000, {
    outcome: "failure", failure: { category: "tool_error", reason: `${tag} timeout` }, costUsd: 0.25,
    toolCalls: [{ name: `${tag}.search`, startedAt: "2026-07-01T06:00:00.000Z", endedAt: "2026-07-01T06:00:00.200Z", status: "ok", retry: true, costUsd: 0.125 }],
  }),
  run("c", "2026-07-01T12:00:00.000Z", 2000, {
    sessionId: `${tag}-s2`, environment: "canary", outcome: "escalated", escalation: { reason: "high-impact action", reviewCostUsd: 1 }, costUsd: 0.75,
  }),
  run("d", TO, 50, { outcome: "success", costUsd: 8, toolCalls: [{ name: `${tag}.search`, startedAt: TO, endedAt: at(TO, 9000), status: "ok" }] }),
];

// Runs a, b, c: durations 1000 2000 3000 (pos = p × 2) → p50 2000, p95 2000 + 1000×0.9, p99 2000 + 1000×0.98.
const OVERVIEW = {
  runs: 3, sessions: 2, successRate: 1 / 3, escalationRate: 1 / 3, failureRate: 1 / 3,
  totalCostUsd: 1.5, costPerSuccessUsd: 1.5, costPerEscalationUsd: 1.75, retryCostUsd: 0.125,
  incidentRatePer1kSessions: 0, criticalPolicyViolations: 0,
  runLatencyMs: { p50: 2000, p95: lerp(2000, 3000, 0.95, 3), p99: lerp(2000, 3000, 0.99, 3) },
  successes: 1, escalations: 1, failures: 1, incidentsOpened: 0,
};

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const ctx = await playwrightRequest.newContext({ baseURL: fixtures.baseURL });
  const res = await ctx.post("/api/v1/runs", { ...auth(fixtures.keys.ingestRead), data: { runs: RUNS } });
  expect(await res.json()).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
  await ctx.dispose();
});

test("overview: every field, the window's edges included and excluded", async ({ request }) => {
  const res = await request.get(`/api/v1/metrics/overview?${window}`, auth(fixtures.keys.readOnly));
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual(OVERVIEW);
  expect(OVERVIEW.runLatencyMs.p95).toBeCloseTo(2900, 6);
});

test("workflows, tools, failures: every field", async ({ request }) => {
  const get = async (path: string) => {
    const res = await request.get(path, auth(fixtures.keys.readOnly));
    expect(res.status(), path).toBe(200);
    return res.json();
  };
  expect(await get(`/api/v1/metrics/workflows?${window}`)).toEqual({
    workflows: [
      {
        workflow, runs: 3, successRate: 1 / 3, escalationRate: 1 / 3, failureRate: 1 / 3, totalCostUsd: 1.5, costPerSuccessUsd: 1.5,
        runLatencyMs: OVERVIEW.runLatencyMs, successes: 1, escalations: 1, failures: 1, costPerEscalationUsd: 1.75, retryCostUsd: 0.125,
      },
    ],
  });
  // a: 100 ok, 300 error; b: 200 ok (d's call is outside). Sorted 100 200 300 → p50 200; p95 200 + 100×0.9.
  expect(await get(`/api/v1/metrics/tools?${window}`)).toEqual({
    tools: [{ tool: `${tag}.search`, calls: 3, errors: 1, errorRate: 1 / 3, latencyMs: { p50: 200, p95: lerp(200, 300, 0.95, 3), p99: lerp(200, 300, 0.99, 3) } }],
  });
  expect(await get(`/api/v1/metrics/failures?${window}&limit=1`)).toEqual({
    failures: [{ category: "tool_error", reason: `${tag} timeout`, count: 1, share: 1 }],
  });
  // canary narrows to c alone.
  expect(await get(`/api/v1/metrics/overview?${window}&environment=canary`)).toMatchObject({ runs: 1, successRate: 0, escalationRate: 1, costPerSuccessUsd: null, costPerEscalationUsd: 1.75 });
});

test("timeseries: UTC days and Paris days; empty buckets are gaps", async ({ request }) => {
  const utc = await (await request.get(`/api/v1/metrics/timeseries?${window}&bucket=day`, auth(fixtures.keys.readOnly))).json();
  expect(utc).toMatchObject({ series: "runs", bucket: "day", timeZone: "UTC" });
  expect(utc.points).toHaveLength(1);
  expect(utc.points[0]).toMatchObject({ start: FROM, end: TO, runs: 3, sessions: 2, successRate: 1 / 3, totalCostUsd: 1.5, retryCostUsd: 0.125, runLatencyMs: OVERVIEW.runLatencyMs });
  // 00:00Z is 02:00 in Paris (CEST): the window spans the local 1 and 2 July.
  const paris = await (await request.get(`/api/v1/metrics/timeseries?${window}&bucket=day&tz=Europe/Paris`, auth(fixtures.keys.readOnly))).json();
  expect(paris.points.map((p: { start: string; runs: number; successRate: number | null }) => [p.start, p.runs, p.successRate])).toEqual([
    ["2026-06-30T22:00:00.000Z", 3, 1 / 3],
    ["2026-07-01T22:00:00.000Z", 0, null],
  ]);
  const tool = await (await request.get(`/api/v1/metrics/timeseries?${window}&series=tool&tool=${tag}.search&bucket=hour`, auth(fixtures.keys.readOnly))).json();
  expect(tool.points).toHaveLength(24);
  expect(tool.points[0]).toEqual({ start: FROM, end: "2026-07-01T01:00:00.000Z", calls: 2, errors: 1, errorRate: 0.5, latencyMs: { p50: 200, p95: lerp(100, 300, 0.95, 2), p99: lerp(100, 300, 0.99, 2) } });
  expect(tool.points[1]).toEqual({ start: "2026-07-01T01:00:00.000Z", end: "2026-07-01T02:00:00.000Z", calls: 0, errors: 0, errorRate: null, latencyMs: { p50: null, p95: null, p99: null } });
});

test("a signed-in member sees the same numbers with ?project; others get 404", async () => {
  const viewer = await apiAs(playwrightRequest, fixtures.users.viewer);
  const res = await viewer.get(`/api/v1/metrics/overview?project=${slug}&${window}`);
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual(OVERVIEW);
  const noProject = await viewer.get(`/api/v1/metrics/overview?${window}`);
  expect(noProject.status()).toBe(400);
  expect((await noProject.json()).issues).toEqual([{ path: "project", message: "required" }]);
  // Not a member of e2e-other: as if it did not exist.
  expect((await viewer.get(`/api/v1/metrics/overview?project=${fixtures.projects.other.slug}&${window}`)).status()).toBe(404);
  await viewer.dispose();
});

test("keys: none or revoked 401, ingest-only 403, another project's key sees none of this", async ({ request }) => {
  expect((await request.get(`/api/v1/metrics/overview?${window}`)).status()).toBe(401);
  expect((await request.get(`/api/v1/metrics/tools?${window}`, auth(fixtures.keys.revoked))).status()).toBe(401);
  const ingestOnly = await request.get(`/api/v1/metrics/workflows?${window}`, auth(fixtures.keys.ingestOnly));
  expect(ingestOnly.status()).toBe(403);
  expect(await ingestOnly.json()).toMatchObject({ error: "forbidden" });
  const other = await request.get(`/api/v1/metrics/overview?${window}`, auth(fixtures.keys.other));
  expect(await other.json()).toMatchObject({ runs: 0, sessions: 0, successRate: null, incidentRatePer1kSessions: null, runLatencyMs: { p50: null, p95: null, p99: null } });
});

test("bad input is a 400 naming the field", async ({ request }) => {
  const cases: [string, string][] = [
    [`/api/v1/metrics/overview?from=last-week&to=${TO}`, "from"],
    [`/api/v1/metrics/tools?from=${TO}&to=${FROM}`, "to"],
    [`/api/v1/metrics/workflows?${window}&environment=prod`, "environment"],
    [`/api/v1/metrics/failures?${window}&limit=0`, "limit"],
    [`/api/v1/metrics/failures?${window}&limit=101`, "limit"],
    [`/api/v1/metrics/timeseries?${window}&series=tool`, "tool"],
    [`/api/v1/metrics/timeseries?${window}&tz=Mars/Base`, "tz"],
  ];
  for (const [path, field] of cases) {
    const res = await request.get(path, auth(fixtures.keys.readOnly));
    expect(res.status(), path).toBe(400);
    const body = await res.json();
    expect(body.error, path).toBe("invalid_request");
    expect(body.issues.map((i: { path: string }) => i.path), path).toContain(field);
  }
});

test("without from/to the window is the last 7 days", async ({ request }) => {
  const midnight = (ms: number) => new Date(Math.floor(ms / 86_400_000) * 86_400_000).toISOString();
  const before = Date.now();
  const res = await request.get(`/api/v1/metrics/timeseries?bucket=day&workflow=${workflow}`, auth(fixtures.keys.readOnly));
  const after = Date.now();
  expect(res.status()).toBe(200);
  // Day buckets (UTC) from the day of now − 7 days to today.
  const points = (await res.json()).points as { start: string }[];
  expect([midnight(before - 7 * 86_400_000), midnight(after - 7 * 86_400_000)]).toContain(points[0].start);
  expect([midnight(before), midnight(after)]).toContain(points[points.length - 1].start);
});
