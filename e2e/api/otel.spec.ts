// POST /api/otel/v1/traces over real HTTP (CONTRACT §7): OTLP/JSON and protobuf, gzip, the
// ExportTraceServiceResponse in the request's encoding, keys and scopes; the run is then read
// back through GET /api/v1/runs/{traceId}.
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { toOtlpJson, toOtlpProtobuf, type FixtureRequest } from "../../test/helpers/otlp";
import { fixtures } from "../support/fixtures";

const { keys } = fixtures;
const URL = "/api/otel/v1/traces";
const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

function traceFixture(workflow: string): { traceId: string; req: FixtureRequest } {
  const traceId = randomBytes(16).toString("hex");
  const rootId = randomBytes(8).toString("hex");
  return {
    traceId,
    req: {
      resource: { "service.name": "e2e-agent" },
      spans: [
        { traceId, spanId: rootId, name: "invoke_agent", startMs: T0, endMs: T0 + 2000,
          attributes: { "keel.workflow": workflow, "gen_ai.request.model": "gpt-4.1", "keel.cost_usd": 0.125, "unknown.attr": "kept" } },
        { traceId, spanId: randomBytes(8).toString("hex"), parentSpanId: rootId, name: "execute_tool kb.search", startMs: T0 + 100, endMs: T0 + 600,
          attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "kb.search" } },
      ],
    },
  };
}

async function expectRun(request: APIRequestContext, traceId: string, workflow: string) {
  const res = await request.get(`/api/v1/runs/${traceId}`, { headers: { Authorization: `Bearer ${keys.ingestRead}` } });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toMatchObject({
    id: traceId,
    traceId,
    workflow,
    model: "gpt-4.1",
    outcome: "success",
    costUsd: 0.125,
    durationMs: 2000,
    toolCalls: [{ name: "kb.search", status: "ok", latencyMs: 500 }],
  });
}

test("OTLP/JSON: answers {} as JSON and the trace is a run", async ({ request }) => {
  const { traceId, req } = traceFixture("otel-json");
  const res = await request.post(URL, {
    headers: { Authorization: `Bearer ${keys.ingestRead}`, "Content-Type": "application/json" },
    data: Buffer.from(JSON.stringify(toOtlpJson(req))),
  });
  expect(res.status(), await res.text()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/json");
  expect(await res.json()).toEqual({});
  await expectRun(request, traceId, "otel-json");
});

test("OTLP protobuf, plain and gzip: answers an empty protobuf body", async ({ request }) => {
  for (const gzip of [false, true]) {
    const { traceId, req } = traceFixture(gzip ? "otel-protobuf-gzip" : "otel-protobuf");
    const body = Buffer.from(toOtlpProtobuf(req));
    const res = await request.post(URL, {
      headers: {
        Authorization: `Bearer ${keys.ingestRead}`,
        "Content-Type": "application/x-protobuf",
        ...(gzip ? { "Content-Encoding": "gzip" } : {}),
      },
      data: gzip ? gzipSync(body) : body,
    });
    expect(res.status(), await res.text()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/x-protobuf");
    expect((await res.body()).length).toBe(0);
    await expectRun(request, traceId, gzip ? "otel-protobuf-gzip" : "otel-protobuf");
  }
});

test("gzip JSON with a bad span answers partialSuccess; a bad body is a JSON 400", async ({ request }) => {
  const { traceId, req } = traceFixture("otel-partial");
  req.spans.push({ traceId, spanId: "nothex", name: "bad", startMs: T0, endMs: T0 });
  const res = await request.post(URL, {
    headers: { Authorization: `Bearer ${keys.ingestRead}`, "Content-Type": "application/json", "Content-Encoding": "gzip" },
    data: gzipSync(JSON.stringify(toOtlpJson(req))),
  });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage: "span nothex: spanId must be 8 non-zero bytes" } });
  await expectRun(request, traceId, "otel-partial");

  const bad = await request.post(URL, {
    headers: { Authorization: `Bearer ${keys.ingestRead}`, "Content-Type": "application/x-protobuf" },
    data: Buffer.from([0x0a, 0x05, 0x01]),
  });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ error: "invalid_protobuf" });
  const notJson = await request.post(URL, {
    headers: { Authorization: `Bearer ${keys.ingestRead}`, "Content-Type": "application/json" },
    data: Buffer.from("{nope"),
  });
  expect(notJson.status()).toBe(400);
  expect(await notJson.json()).toMatchObject({ error: "invalid_json" });
});

test("a gzip body over 5 MB once inflated is refused with 413", async ({ request }) => {
  const bomb = gzipSync(Buffer.alloc(6 * 1024 * 1024, 0x20));
  const res = await request.post(URL, {
    headers: { Authorization: `Bearer ${keys.ingestRead}`, "Content-Type": "application/json", "Content-Encoding": "gzip" },
    data: bomb,
  });
  expect(res.status(), await res.text()).toBe(413);
  expect(await res.json()).toMatchObject({ error: "payload_too_large" });
});

test("401 without a key, 403 with a read-only key; nothing stored", async ({ request }) => {
  const { traceId, req } = traceFixture("otel-denied");
  const data = Buffer.from(JSON.stringify(toOtlpJson(req)));
  const none = await request.post(URL, { headers: { "Content-Type": "application/json" }, data });
  expect(none.status()).toBe(401);
  expect(await none.json()).toMatchObject({ error: "unauthorized" });
  const readOnly = await request.post(URL, { headers: { Authorization: `Bearer ${keys.readOnly}`, "Content-Type": "application/json" }, data });
  expect(readOnly.status()).toBe(403);
  expect(await readOnly.json()).toMatchObject({ error: "forbidden" });
  const res = await request.get(`/api/v1/runs/${traceId}`, { headers: { Authorization: `Bearer ${keys.ingestRead}` } });
  expect(res.status()).toBe(404);
});
