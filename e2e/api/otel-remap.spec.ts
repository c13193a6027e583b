// OpenTelemetry over real HTTP, issue 12: a trace never overwrites a run sent natively under the
// same id (it says so in partialSuccess), a span with 1,000 attributes is kept, and the remap API
// (Settings → OpenTelemetry) — admins only, 202 then progress to done, bad input named.
import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { toOtlpJson, toOtlpProtobuf } from "../../test/helpers/otlp";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";

const { keys } = fixtures;
const slug = fixtures.projects.main.slug;
const OTLP = "/api/otel/v1/traces";
const bearer = { Authorization: `Bearer ${keys.ingestRead}` };
const T0 = Date.now() - 60_000;
const hex = (n: number) => randomBytes(n).toString("hex");

async function as<T>(user: keyof typeof fixtures.users, fn: (ctx: APIRequestContext) => Promise<T>): Promise<T> {
  const ctx = await apiAs(playwrightRequest, fixtures.users[user]);
  try {
    return await fn(ctx);
  } finally {
    await ctx.dispose();
  }
}

test("a trace with the id of a native run keeps its spans, leaves the run as sent, and says so", async ({ request }) => {
  const traceId = hex(16);
  const native = {
    id: traceId,
    sessionId: "native-s",
    workflow: "native-otel-clash",
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: new Date(T0).toISOString(),
    endedAt: new Date(T0 + 1000).toISOString(),
    outcome: "success",
    costUsd: 0.01,
  };
  const sent = await request.post("/api/v1/runs", { headers: bearer, data: native });
  expect(await sent.json()).toMatchObject({ accepted: 1 });
  const res = await request.post(OTLP, {
    headers: { ...bearer, "Content-Type": "application/json" },
    data: Buffer.from(JSON.stringify(toOtlpJson({ spans: [{ traceId, spanId: hex(8), name: "invoke_agent", startMs: T0, endMs: T0 + 500, attributes: { "gen_ai.agent.name": "from-otel" } }] }))),
  });
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({
    partialSuccess: {
      rejectedSpans: 0,
      errorMessage: `trace ${traceId}: a run with this id was sent through POST /api/v1/runs; the spans are kept and that run is left as sent`,
    },
  });
  const run = await request.get(`/api/v1/runs/${traceId}`, { headers: bearer });
  expect(await run.json()).toMatchObject({ id: traceId, workflow: "native-otel-clash", sessionId: "native-s" });
});

test("a span with 1,000 attributes is kept and its run built", async ({ request }) => {
  const traceId = hex(16);
  const attributes: Record<string, string | number> = {};
  for (let i = 0; i < 999; i++) attributes[`custom.attr_${i}`] = `v${i}`;
  attributes["keel.workflow"] = "thousand-attributes";
  const res = await request.post(OTLP, {
    headers: { ...bearer, "Content-Type": "application/x-protobuf" },
    data: Buffer.from(toOtlpProtobuf({ spans: [{ traceId, spanId: hex(8), name: "agent", startMs: T0, endMs: T0 + 10, attributes }] })),
  });
  expect(res.status()).toBe(200);
  expect((await res.body()).length).toBe(0);
  const run = await request.get(`/api/v1/runs/${traceId}`, { headers: bearer });
  expect(await run.json()).toMatchObject({ workflow: "thousand-attributes", metadata: { source: "otel", spanCount: 1 } });
});

test("remap: an admin starts it (202), it runs to done; others get 403; a bad date is named", async ({ request }) => {
  // A trace of this project, so there is something to rebuild.
  const traceId = hex(16);
  await request.post(OTLP, {
    headers: { ...bearer, "Content-Type": "application/json" },
    data: Buffer.from(JSON.stringify(toOtlpJson({ spans: [{ traceId, spanId: hex(8), name: "agent", startMs: T0, endMs: T0 + 10, attributes: { "ai.telemetry.functionId": "remap-e2e" } }] }))),
  });
  const url = `/api/v1/otel/remap?project=${slug}`;
  await as("admin", async (admin) => {
    const started = await admin.post(url, { data: { since: new Date(T0).toISOString().slice(0, 10) } });
    expect(started.status(), await started.text()).toBe(202);
    const { job, resumed } = await started.json();
    expect(resumed).toBe(false);
    expect(job).toMatchObject({ status: "running", doneTraces: 0, actorType: "user" });
    expect(job.totalTraces).toBeGreaterThanOrEqual(1);
    await expect
      .poll(async () => ((await (await admin.get(url)).json()).jobs as { id: string; status: string }[]).find((j) => j.id === job.id)?.status, { timeout: 30_000 })
      .toBe("done");
    const { jobs } = await (await admin.get(url)).json();
    const done = jobs.find((j: { id: string }) => j.id === job.id);
    expect(done.doneTraces).toBe(done.totalTraces);
    expect(done.runsWritten + done.runsKept + done.tracesWithoutRun).toBe(done.doneTraces);
    expect(done.finishedAt).not.toBeNull();

    const bad = await admin.post(url, { data: { since: "last week" } });
    expect(bad.status()).toBe(400);
    const body = await bad.json();
    expect(body.issues).toEqual([{ path: "since", message: "must be a date YYYY-MM-DD" }]);
  });
  const run = await request.get(`/api/v1/runs/${traceId}`, { headers: bearer });
  expect(await run.json()).toMatchObject({ workflow: "remap-e2e" });
  for (const user of ["owner", "sre"] as const)
    await as(user, async (ctx) => {
      expect((await ctx.post(url, { data: {} })).status()).toBe(403);
      expect((await ctx.get(url)).status()).toBe(403);
    });
  expect((await request.post(url, { headers: bearer, data: {} })).status()).toBe(403);
});
