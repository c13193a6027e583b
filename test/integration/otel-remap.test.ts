// OpenTelemetry: span events kept and shown with their calls, native runs never overwritten by a
// trace of the same id, and `keel otel remap` (lib/server/otel/remap.ts) rebuilding stored traces
// with the current mapping — in batches, resumable, idempotent, incident links kept.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestOtelSpans } from "@/lib/server/otel";
import { decode } from "@/lib/server/otel/body";
import { getRemapJob, listRemapJobs, RemapBusyError, runRemap, startRemap } from "@/lib/server/otel/remap";
import { ingestRuns } from "@/lib/server/ingest";
import { getRunDetail } from "@/lib/server/queries/run-detail";
import { getRunAsSent } from "@/lib/server/queries/runs-read";
import { toOtlpJson, toOtlpProtobuf, type FixtureRequest, type FixtureSpan } from "@/test/helpers/otlp";
import { createTestProject, testDatabases } from "../helpers/db";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const CLI = { type: "cli", label: "keel otel remap" } as const;

/** A Vercel AI SDK trace as the SDK sends it: ai.generateText → doGenerate, ai.toolCall ×2. */
function aiSdkTrace(failing: boolean) {
  const traceId = hex(16);
  const root = hex(8);
  const span = (name: string, startS: number, endS: number, attributes: FixtureSpan["attributes"], over: Partial<FixtureSpan> = {}): FixtureSpan => ({
    traceId,
    spanId: hex(8),
    parentSpanId: root,
    name,
    startMs: T0 + startS * 1000,
    endMs: T0 + endS * 1000,
    attributes: { "ai.operationId": name, "ai.telemetry.functionId": "refund-request", "ai.telemetry.metadata.sessionId": "ticket-7", ...attributes },
    ...over,
  });
  const spans: FixtureSpan[] = [
    { ...span("ai.generateText", 0, 9, { "ai.model.id": "mock-model", "ai.usage.inputTokens": 30, "ai.usage.outputTokens": 12 }), spanId: root, parentSpanId: undefined },
    span("ai.generateText.doGenerate", 0, 1, { "ai.usage.inputTokens": 10, "ai.usage.outputTokens": 5, "gen_ai.request.model": "mock-model" }),
    span("ai.toolCall", 2, 3, { "ai.toolCall.name": "lookupOrder", "ai.toolCall.args": '{"orderId":"o-1"}', "ai.toolCall.result": '"shipped"' }),
    span(
      "ai.toolCall",
      4,
      5,
      { "ai.toolCall.name": "issueRefund", "ai.toolCall.args": '{"amount":5}' },
      failing
        ? {
            status: { code: 2, message: "refund API down" },
            events: [{ name: "exception", timeMs: T0 + 5000, attributes: { "exception.type": "RefundError", "exception.message": "refund API down", "exception.stacktrace": "RefundError: refund API down\n    at issueRefund (/srv/agent/tools.ts:40:11)" } }],
          }
        : {},
    ),
    span("ai.generateText.doGenerate", 6, 8, { "ai.usage.inputTokens": 20, "ai.usage.outputTokens": 7 }),
  ];
  return { traceId, req: { resource: { "service.name": "refund-agent" }, spans } satisfies FixtureRequest };
}

describe.each(testDatabases())("OpenTelemetry events, native runs and remap on $name", (target) => {
  let db: Database;
  let projectId: string;
  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "otel-remap")).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  const send = (req: FixtureRequest, pid = projectId) => ingestOtelSpans(db, pid, decode(toOtlpProtobuf(req), "protobuf"));

  it("an AI SDK trace reads back right; its exception event is kept and shown on the failed call", async () => {
    const { traceId, req } = aiSdkTrace(true);
    expect(await send(req)).toEqual({ rejectedSpans: 0, runs: 1, errorMessage: "" });
    expect(await getRunAsSent(db, projectId, traceId)).toMatchObject({
      workflow: "refund-request",
      sessionId: "ticket-7",
      model: "mock-model",
      outcome: "success",
      usage: { inputTokens: 30, outputTokens: 12 },
      toolCalls: [
        { name: "lookupOrder", status: "ok", errorType: null, input: { orderId: "o-1" }, output: "shipped" },
        { name: "issueRefund", status: "error", errorType: "RefundError", input: { amount: 5 } },
      ],
    });
    const detail = (await getRunDetail(db, projectId, traceId))!;
    expect(detail.source).toBe("otel");
    expect(detail.toolCalls[0].events).toEqual([]);
    expect(detail.toolCalls[1].spanId).toBe(req.spans[3].spanId);
    expect(detail.toolCalls[1].events).toEqual([
      {
        name: "exception",
        at: "2026-11-20T09:00:05.000Z",
        offsetMs: 5000,
        attributes: { "exception.type": "RefundError", "exception.message": "refund API down", "exception.stacktrace": "RefundError: refund API down\n    at issueRefund (/srv/agent/tools.ts:40:11)" },
      },
    ]);
    expect(detail.spanEvents).toEqual([]);
  });

  it("a trace whose id is a run sent through POST /api/v1/runs keeps its spans and leaves that run as sent", async () => {
    const { traceId, req } = aiSdkTrace(false);
    const native = {
      id: traceId,
      sessionId: "native-session",
      workflow: "native-flow",
      model: "gpt-4.1",
      promptVersion: "v1",
      startedAt: "2026-11-20T08:00:00.000Z",
      endedAt: "2026-11-20T08:00:01.000Z",
      outcome: "success",
      costUsd: 0.1,
      toolCalls: [],
    };
    expect((await ingestRuns(db, projectId, [native])).accepted).toBe(1);
    const result = await send(req);
    expect(result).toEqual({
      rejectedSpans: 0,
      runs: 0,
      errorMessage: `trace ${traceId}: a run with this id was sent through POST /api/v1/runs; the spans are kept and that run is left as sent`,
    });
    expect(await getRunAsSent(db, projectId, traceId)).toMatchObject({ workflow: "native-flow", sessionId: "native-session", toolCalls: [] });
    const [{ n }] = await db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM "otel_spans" WHERE "projectId" = $1 AND "traceId" = $2`, [projectId, traceId]);
    expect(n).toBe("5");
    // And the other way round: the run sent again natively is a duplicate, not a second run.
    expect(await ingestRuns(db, projectId, [native])).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it("remap rebuilds runs that an older mapping got wrong, keeps incident links, resumes after a stop, and changes nothing the second time", async () => {
    const project = await createTestProject(db, "remap-scope");
    const traces = [aiSdkTrace(false), aiSdkTrace(true), aiSdkTrace(false)];
    for (const t of traces) await send(t.req, project.id);
    // What the mapping before CONTRACT §7's AI SDK rules made of these traces: one workflow named
    // after the root span, no tool calls, tokens counted twice.
    await db.sql.query(
      `UPDATE "runs" SET "workflow" = 'ai.generateText', "sessionId" = "traceId", "inputTokens" = 60, "outputTokens" = 24, "toolCallCount" = 0
        WHERE "projectId" = $1`,
      [project.id],
    );
    await db.sql.query(`DELETE FROM "tool_calls" WHERE "projectId" = $1`, [project.id]);
    const linked = traces[1].traceId;
    const incident = await db.prisma.incident.create({ data: { projectId: project.id, number: 1, title: "refunds failing", severity: "SEV2" } });
    const [{ pk }] = await db.sql.query<{ pk: string }>(`SELECT "pk"::text AS pk FROM "runs" WHERE "projectId" = $1 AND "id" = $2`, [project.id, linked]);
    await db.prisma.incidentRun.create({ data: { incidentId: incident.id, runPk: BigInt(pk), projectId: project.id } });

    // A remap stopped after its first batch (of 2 traces), as a killed CLI would be.
    const { job } = await startRemap(db, { projectId: project.id, since: null }, CLI);
    expect(job).toMatchObject({ status: "running", totalTraces: 3, doneTraces: 0 });
    const progress: number[] = [];
    await expect(
      runRemap(db, job.id, {
        batch: 2,
        onProgress: (j) => {
          progress.push(j.doneTraces);
          if (j.doneTraces === 2) throw new Error("stopped");
        },
      }),
    ).rejects.toThrow("stopped");
    expect(await getRemapJob(db, job.id)).toMatchObject({ status: "failed", doneTraces: 2, runsWritten: 2, lastError: "stopped" });
    const sorted = traces.map((t) => t.traceId).sort();
    expect((await getRunAsSent(db, project.id, sorted[2]))?.workflow).toBe("ai.generateText"); // not reached yet

    // Started again with the same scope: it resumes at the third trace.
    const resumed = await startRemap(db, { projectId: project.id, since: null }, CLI);
    expect(resumed).toMatchObject({ resumed: true, job: { id: job.id, doneTraces: 2 } });
    const done = await runRemap(db, job.id, { batch: 2, onProgress: (j) => progress.push(j.doneTraces) });
    expect(progress).toEqual([2, 3, 3]);
    expect(done).toMatchObject({ status: "done", totalTraces: 3, doneTraces: 3, runsWritten: 3, runsKept: 0, tracesWithoutRun: 0 });
    for (const t of traces)
      expect(await getRunAsSent(db, project.id, t.traceId)).toMatchObject({
        workflow: "refund-request",
        sessionId: "ticket-7",
        usage: { inputTokens: 30, outputTokens: 12 },
        toolCalls: [{ name: "lookupOrder" }, { name: "issueRefund" }],
      });
    expect(await db.prisma.incidentRun.count({ where: { incidentId: incident.id, runPk: BigInt(pk) } })).toBe(1);

    // Idempotent: a second remap writes the same runs again, and nothing changes.
    const before = await db.sql.query(`SELECT * FROM "runs" WHERE "projectId" = $1 ORDER BY "id"`, [project.id]);
    const calls = await db.sql.query(`SELECT * FROM "tool_calls" WHERE "projectId" = $1 ORDER BY "runPk", "seq"`, [project.id]);
    const again = await startRemap(db, { projectId: project.id, since: null }, CLI);
    expect(again.resumed).toBe(false);
    expect(await runRemap(db, again.job.id)).toMatchObject({ status: "done", doneTraces: 3, runsWritten: 3 });
    expect(await db.sql.query(`SELECT * FROM "runs" WHERE "projectId" = $1 ORDER BY "id"`, [project.id])).toEqual(before);
    expect(await db.sql.query(`SELECT * FROM "tool_calls" WHERE "projectId" = $1 ORDER BY "runPk", "seq"`, [project.id])).toEqual(calls);

    // --since after every span: nothing to do. The audit trail names each remap.
    const none = await startRemap(db, { projectId: project.id, since: new Date(T0 + 3_600_000) }, CLI);
    expect(none.job.totalTraces).toBe(0);
    expect(await runRemap(db, none.job.id)).toMatchObject({ status: "done", doneTraces: 0 });
    expect((await listRemapJobs(db, project.id)).map((j) => j.status)).toEqual(["done", "done", "done"]);
    expect(await db.prisma.auditLog.count({ where: { projectId: project.id, action: "otel.remap", actorType: "cli" } })).toBe(3);
  });

  it("refuses a second remap of a scope while one runs in this process", async () => {
    const project = await createTestProject(db, "remap-busy");
    await send(aiSdkTrace(false).req, project.id);
    const { job } = await startRemap(db, { projectId: project.id, since: null }, CLI);
    let busy: unknown = null;
    await runRemap(db, job.id, {
      batch: 1,
      onProgress: () => {
        busy ??= startRemap(db, { projectId: project.id, since: null }, CLI).catch((e) => e);
      },
    });
    expect(await busy).toBeInstanceOf(RemapBusyError);
  });

  it("the JSON encoding keeps events too", async () => {
    const { traceId, req } = aiSdkTrace(true);
    await ingestOtelSpans(db, projectId, decode(Buffer.from(JSON.stringify(toOtlpJson(req))), "json"));
    const detail = (await getRunDetail(db, projectId, traceId))!;
    expect(detail.toolCalls[1].events.map((e) => [e.name, e.attributes["exception.type"]])).toEqual([["exception", "RefundError"]]);
  });
});
