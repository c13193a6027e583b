// POST /api/v1/runs and GET /api/v1/runs/{id} over real HTTP (CONTRACT §2, §4, §5): field rules,
// mixed batches, duplicates, concurrency, the outer limits (JSON, size, count), keys and scopes,
// other projects, and hostile strings returned literally.
import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { FIELD_CASES, validRun, type RunJson } from "../../test/integration/ingest-cases";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";

const { keys, users } = fixtures;
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const prefix = () => `ingest-${randomBytes(5).toString("hex")}`;
const runUrl = (id: string) => `/api/v1/runs/${encodeURIComponent(id)}`;

interface IngestBody {
  accepted: number;
  duplicates: number;
  rejected: { index: number; id: string | null; errors: { path: string; message: string }[] }[];
}

async function ingest(request: APIRequestContext, body: unknown, key = keys.ingestRead): Promise<IngestBody> {
  const res = await request.post("/api/v1/runs", { headers: bearer(key), data: body });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as IngestBody;
}

async function expectError(res: APIResponse, status: number, error: string, issuePath?: string) {
  expect(res.status(), await res.text()).toBe(status);
  const body = (await res.json()) as { error: string; message: string; issues?: { path: string }[] };
  expect(body.error).toBe(error);
  expect(body.message.length).toBeGreaterThan(0);
  if (issuePath !== undefined) expect(body.issues?.map((i) => i.path)).toEqual([issuePath]);
  return body;
}

async function expectAbsent(request: APIRequestContext, id: string) {
  await expectError(await request.get(runUrl(id), { headers: bearer(keys.readOnly) }), 404, "not_found");
}

test("every field rule of §2 in one mixed batch: valid runs stored, the others reported by index and path", async ({ request }) => {
  const p = prefix();
  const runs = FIELD_CASES.map((c, i) => c.run(`${p}-${i}`));
  const result = await ingest(request, { runs });
  const expected = FIELD_CASES.flatMap((c, i) => (c.errorPath === null ? [] : [{ index: i, path: c.errorPath, name: c.name }]));
  expect(result.rejected.map((r) => r.index)).toEqual(expected.map((e) => e.index));
  for (const [k, r] of result.rejected.entries()) expect(r.errors.map((e) => e.path), expected[k].name).toContain(expected[k].path);
  expect(result.accepted).toBe(FIELD_CASES.length - expected.length);
  expect(result.duplicates).toBe(0);
  // A rejected run is not stored; a valid one is.
  expect(result.rejected.find((r) => r.id === `${p}-1`)).toBeUndefined(); // "id missing" has no id
  await expectAbsent(request, `${p}-${FIELD_CASES.findIndex((c) => c.name === "costUsd negative")}`);
  const valid = FIELD_CASES.findIndex((c) => c.name === "timestamps with offsets");
  const res = await request.get(runUrl(`${p}-${valid}`), { headers: bearer(keys.readOnly) });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ startedAt: "2026-10-14T09:30:00.000Z", endedAt: "2026-10-14T09:30:01.000Z", durationMs: 1000 });
});

test("a single run as the body is accepted and read back as sent, tool calls in order", async ({ request }) => {
  const id = `${prefix()}-single`;
  const sent = validRun(id, { environment: "staging", metadata: { ticket: "T-9", tags: ["vip"] } });
  expect(await ingest(request, sent)).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  const res = await request.get(runUrl(id), { headers: bearer(keys.readOnly) });
  expect(res.status()).toBe(200);
  const run = await res.json();
  expect(run).toMatchObject({
    id,
    traceId: id,
    environment: "staging",
    release: "gpt-4.1@v12",
    durationMs: 2500,
    failure: null,
    metadata: { ticket: "T-9", tags: ["vip"] },
  });
  expect(run.toolCalls.map((c: { name: string; latencyMs: number; input: unknown }) => [c.name, c.latencyMs, c.input])).toEqual([
    ["ticketing.lookup", 250, { ticket: "T-1" }],
    ["ticketing.create", 1000, null],
  ]);
});

test("duplicates within a batch and across batches are stored once and counted", async ({ request }) => {
  const p = prefix();
  expect(await ingest(request, { runs: [validRun(`${p}-a`), validRun(`${p}-a`, { workflow: "second" }), validRun(`${p}-b`)] })).toEqual({
    accepted: 2,
    duplicates: 1,
    rejected: [],
  });
  expect(await ingest(request, { runs: [validRun(`${p}-b`), validRun(`${p}-c`)] })).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
  const a = await (await request.get(runUrl(`${p}-a`), { headers: bearer(keys.readOnly) })).json();
  expect(a.workflow).toBe("refund-request");
});

test("four concurrent copies of one batch land once", async ({ request }) => {
  const p = prefix();
  const runs = Array.from({ length: 200 }, (_, i) => validRun(`${p}-${i}`));
  const results = await Promise.all([0, 1, 2, 3].map(() => ingest(request, { runs })));
  expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(200);
  expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(600);
  expect(await ingest(request, { runs })).toEqual({ accepted: 0, duplicates: 200, rejected: [] });
});

test("malformed JSON, a non-object body, an empty batch and 1,001 runs are refused with 400, storing nothing", async ({ request }) => {
  // A Buffer goes out byte for byte (Playwright would JSON-encode a string).
  const post = (text: string) =>
    request.post("/api/v1/runs", { headers: { ...bearer(keys.ingestRead), "content-type": "application/json" }, data: Buffer.from(text) });
  await expectError(await post('{"runs": [{"id": "x",'), 400, "invalid_json");
  await expectError(await post(""), 400, "invalid_json");
  await expectError(await post("[]"), 400, "invalid_request", "");
  await expectError(await post('{"runs": {}}'), 400, "invalid_request", "runs");
  const empty = await expectError(await post('{"runs": []}'), 400, "invalid_request", "runs");
  expect(empty.message).toContain("empty");

  const p = prefix();
  const tooMany = Array.from({ length: 1001 }, (_, i) => validRun(`${p}-${i}`, { toolCalls: [] }));
  const res = await expectError(await post(JSON.stringify({ runs: tooMany })), 400, "invalid_request", "runs");
  expect(res.message).toContain("1001");
  await expectAbsent(request, `${p}-0`);
  // 1,000 is the limit, not over it.
  expect(await ingest(request, { runs: tooMany.slice(0, 1000) })).toMatchObject({ accepted: 1000, rejected: [] });
});

test("a body just under 5 MB is accepted", async ({ request }) => {
  const p = prefix();
  const input = "y".repeat(4700);
  const runs = Array.from({ length: 1000 }, (_, i) =>
    validRun(`${p}-${i}`, { toolCalls: [{ name: "t", startedAt: "2026-10-14T09:30:00Z", endedAt: "2026-10-14T09:30:01Z", status: "ok", input }] }),
  );
  const body = JSON.stringify({ runs });
  expect(body.length).toBeGreaterThan(4_900_000);
  expect(body.length).toBeLessThanOrEqual(5 * 1024 * 1024);
  const res = await request.post("/api/v1/runs", {
    headers: { ...bearer(keys.ingestRead), "content-type": "application/json" },
    data: Buffer.from(body),
  });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toEqual({ accepted: 1000, duplicates: 0, rejected: [] });
});

test("a 6 MB body is refused with 413 and nothing is stored", async ({ request }) => {
  const p = prefix();
  const padding = "x".repeat(8000);
  // About 6 MB of otherwise valid runs.
  const runs = Array.from({ length: 750 }, (_, i) =>
    validRun(`${p}-${i}`, { toolCalls: [{ name: "t", startedAt: "2026-10-14T09:30:00Z", endedAt: "2026-10-14T09:30:01Z", status: "ok", input: padding }] }),
  );
  const body = JSON.stringify({ runs });
  expect(body.length).toBeGreaterThan(6_000_000);
  const res = await request.post("/api/v1/runs", {
    headers: { ...bearer(keys.ingestRead), "content-type": "application/json" },
    data: Buffer.from(body),
  });
  const err = await expectError(res, 413, "payload_too_large");
  expect(err.message).toContain("5 MB");
  await expectAbsent(request, `${p}-0`);
});

test("no key, a wrong key or a revoked key get 401; a key or a person without ingest get 403", async ({ request }) => {
  const id = `${prefix()}-auth`;
  const body = { runs: [validRun(id)] };
  await expectError(await request.post("/api/v1/runs", { data: body }), 401, "unauthorized");
  await expectError(await request.post("/api/v1/runs", { headers: bearer(`keel_${randomBytes(24).toString("hex")}`), data: body }), 401, "unauthorized");
  await expectError(await request.post("/api/v1/runs", { headers: bearer(keys.revoked), data: body }), 401, "unauthorized");
  await expectError(await request.post("/api/v1/runs", { headers: bearer(keys.readOnly), data: body }), 403, "forbidden");
  const admin = await apiAs(playwrightRequest, users.admin);
  try {
    await expectError(await admin.post(`/api/v1/runs?project=${fixtures.projects.main.slug}`, { data: body }), 403, "forbidden");
  } finally {
    await admin.dispose();
  }
  await expectAbsent(request, id);
  // The ingest-only key may send but not read back.
  expect(await ingest(request, body, keys.ingestOnly)).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  await expectError(await request.get(runUrl(id), { headers: bearer(keys.ingestOnly) }), 403, "forbidden");
});

test("another project's run id reads as 404, and the same id there is a separate run", async ({ request }) => {
  const id = `${prefix()}-mine`;
  expect(await ingest(request, { runs: [validRun(id, { workflow: "main-project" })] })).toMatchObject({ accepted: 1 });
  await expectError(await request.get(runUrl(id), { headers: bearer(keys.other) }), 404, "not_found");
  await expectError(await request.get(runUrl(`${id}-unknown`), { headers: bearer(keys.readOnly) }), 404, "not_found");
  expect(await ingest(request, { runs: [validRun(id, { workflow: "other-project" })] }, keys.other)).toMatchObject({ accepted: 1, duplicates: 0 });
  const other = await (await request.get(runUrl(id), { headers: bearer(keys.other) })).json();
  expect(other.workflow).toBe("other-project");
});

test("hostile strings are stored and returned literally", async ({ request }) => {
  const p = prefix();
  const hostile = ["'; DROP TABLE runs; --", '<script>alert("x")</script>', "NULL", "\\N", 'a"b\\c{d},e', "emoji 😀 / ?#%"];
  const runs: RunJson[] = hostile.map((s, i) =>
    validRun(`${p}-${i}-${s}`, {
      workflow: s,
      outcome: "failure",
      failure: { category: "tool_error", reason: s },
      metadata: { note: s },
      toolCalls: [{ name: s, startedAt: "2026-10-14T09:30:00Z", endedAt: "2026-10-14T09:30:01Z", status: "ok", input: { q: s }, output: s }],
    }),
  );
  expect(await ingest(request, { runs })).toEqual({ accepted: hostile.length, duplicates: 0, rejected: [] });
  for (const [i, s] of hostile.entries()) {
    const res = await request.get(runUrl(`${p}-${i}-${s}`), { headers: bearer(keys.readOnly) });
    expect(res.status(), s).toBe(200);
    expect(res.headers()["content-type"]).toContain("application/json");
    const run = await res.json();
    expect(run).toMatchObject({ id: `${p}-${i}-${s}`, workflow: s, failure: { reason: s }, metadata: { note: s } });
    expect(run.toolCalls[0]).toMatchObject({ name: s, input: { q: s }, output: s });
  }
});

test("the ingest docs page is served to a signed-in person", async () => {
  const viewer = await apiAs(playwrightRequest, users.viewer);
  try {
    const res = await viewer.get("/docs/ingest");
    expect(res.status()).toBe(200);
    const html = await res.text();
    for (const text of ["Sending runs", "/api/v1/runs", "payload_too_large", "rate_limited", "Retry-After", "sendRuns"]) expect(html).toContain(text);
  } finally {
    await viewer.dispose();
  }
});
