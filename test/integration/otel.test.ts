// OpenTelemetry ingest (CONTRACT §7) on a real database: spans stored as sent, one run per trace
// rebuilt from all its spans whenever the root is there, whatever order the requests come in.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestOtelSpans } from "@/lib/server/otel";
import { decode } from "@/lib/server/otel/body";
import { toOtlpJson, toOtlpProtobuf, type FixtureRequest, type FixtureSpan } from "@/test/helpers/otlp";
import { getRunAsSent } from "@/lib/server/queries/runs-read";
import { createTestProject, testDatabases } from "../helpers/db";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);

function trace() {
  const traceId = hex(16);
  const rootId = hex(8);
  const root = (over: Partial<FixtureSpan> = {}): FixtureSpan => ({ traceId, spanId: rootId, name: "invoke_agent support", startMs: T0, endMs: T0 + 9000, ...over });
  const tool = (name: string, startS: number, over: Partial<FixtureSpan> = {}): FixtureSpan => ({
    traceId,
    spanId: hex(8),
    parentSpanId: rootId,
    name: `execute_tool ${name}`,
    startMs: T0 + startS * 1000,
    endMs: T0 + startS * 1000 + 250,
    ...over,
    attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": name, ...over.attributes },
  });
  return { traceId, root, tool };
}

describe.each(testDatabases())("OpenTelemetry ingest on $name", (target) => {
  let db: Database;
  let projectId: string;
  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "otel")).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  const sendJson = (req: FixtureRequest) => ingestOtelSpans(db, projectId, decode(Buffer.from(JSON.stringify(toOtlpJson(req))), "json"));
  const sendProtobuf = (req: FixtureRequest) => ingestOtelSpans(db, projectId, decode(toOtlpProtobuf(req), "protobuf"));
  const run = (id: string) => getRunAsSent(db, projectId, id);

  it("tool spans first, root later: one run with every tool call; a late tool span rebuilds it", async () => {
    const t = trace();
    const first = await sendJson({ spans: [t.tool("search", 2), t.tool("crm.lookup", 1)] });
    expect(first).toEqual({ rejectedSpans: 0, runs: 0, errorMessage: "" });
    expect(await run(t.traceId)).toBeNull();

    const second = await sendProtobuf({
      resource: { "deployment.environment.name": "canary" },
      spans: [t.root({ attributes: { "gen_ai.agent.name": "support", "gen_ai.conversation.id": "conv-1", "gen_ai.request.model": "gpt-4.1", "keel.cost_usd": 0.5 } })],
    });
    expect(second).toEqual({ rejectedSpans: 0, runs: 1, errorMessage: "" });
    expect(await run(t.traceId)).toMatchObject({
      id: t.traceId,
      traceId: t.traceId,
      workflow: "support",
      sessionId: "conv-1",
      model: "gpt-4.1",
      promptVersion: "unknown",
      release: "gpt-4.1@unknown",
      environment: "canary",
      outcome: "success",
      costUsd: 0.5,
      startedAt: "2026-11-20T09:00:00.000Z",
      endedAt: "2026-11-20T09:00:09.000Z",
      toolCalls: [
        { name: "crm.lookup", startedAt: "2026-11-20T09:00:01.000Z", latencyMs: 250, status: "ok" },
        { name: "search", startedAt: "2026-11-20T09:00:02.000Z", status: "ok" },
      ],
    });

    await sendJson({ spans: [t.tool("refund", 5, { status: { code: 2 }, attributes: { "keel.cost_usd": 0.25, "keel.tool.retry": true } })] });
    const rebuilt = await run(t.traceId);
    expect(rebuilt?.toolCalls.map((c) => [c.name, c.status, c.retry, c.costUsd])).toEqual([
      ["crm.lookup", "ok", false, 0],
      ["search", "ok", false, 0],
      ["refund", "error", true, 0.25],
    ]);
    expect(rebuilt?.costUsd).toBe(0.75);
    const [{ n }] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "runs" WHERE "projectId" = $1 AND "id" = $2`, [projectId, t.traceId]);
    expect(n).toBe(1);
  });

  it("two concurrent requests with the root and the tool spans of one trace make one run with every tool call", async () => {
    const t = trace();
    await Promise.all([
      sendProtobuf({ spans: [t.root(), t.tool("a", 1)] }),
      sendJson({ spans: [t.tool("b", 2), t.tool("c", 3)] }),
    ]);
    expect((await run(t.traceId))?.toolCalls.map((c) => c.name)).toEqual(["a", "b", "c"]);
  });

  it("keeps every span with its unknown attributes; a resent span changes nothing", async () => {
    const t = trace();
    const root = t.root({ attributes: { "vendor.custom": { nested: [1, "two"] }, "x.flag": false } });
    await sendJson({ resource: { "service.name": "agent-svc" }, spans: [root] });
    await sendProtobuf({ spans: [root] });
    const rows = await db.sql.query<{ attributes: unknown; resourceAttributes: unknown; name: string; statusCode: number }>(
      `SELECT "attributes", "resourceAttributes", "name", "statusCode" FROM "otel_spans" WHERE "projectId" = $1 AND "traceId" = $2`,
      [projectId, t.traceId],
    );
    expect(rows).toEqual([
      { attributes: { "vendor.custom": { nested: [1, "two"] }, "x.flag": false }, resourceAttributes: { "service.name": "agent-svc" }, name: "invoke_agent support", statusCode: 0 },
    ]);
    expect((await run(t.traceId))?.workflow).toBe("invoke_agent support");
  });

  it("OpenInference TOOL spans are tool calls, with input/output; an ERROR root is a failure with reason", async () => {
    const t = trace();
    await sendJson({
      spans: [
        t.root({ status: { code: 2, message: "gave up" }, attributes: { "error.type": "ticketing API timeout", "session.id": "ticket-42" } }),
        { traceId: t.traceId, spanId: hex(8), parentSpanId: t.root().spanId, name: "lookup", startMs: T0 + 1000, endMs: T0 + 4000, status: { code: 2 },
          attributes: { "openinference.span.kind": "TOOL", "tool.name": "ticketing.get", "input.value": '{"ticket":42}', "output.value": "timeout", "error.type": "ReadTimeout" } },
        { traceId: t.traceId, spanId: hex(8), parentSpanId: t.root().spanId, name: "llm", startMs: T0, endMs: T0 + 500,
          attributes: { "openinference.span.kind": "LLM", "llm.model_name": "claude-x", "llm.token_count.prompt": 30, "llm.token_count.completion": 5 } },
      ],
    });
    expect(await run(t.traceId)).toMatchObject({
      sessionId: "ticket-42",
      model: "claude-x",
      outcome: "failure",
      failure: { category: "tool_error", reason: "ticketing API timeout", critical: false },
      usage: { inputTokens: 30, outputTokens: 5 },
      toolCalls: [{ name: "ticketing.get", status: "timeout", errorType: "ReadTimeout", input: { ticket: 42 }, output: "timeout", latencyMs: 3000 }],
    });
  });

  it("keel.* attributes carry outcome and escalation; a span with bad ids is counted as rejected", async () => {
    const t = trace();
    const result = await sendJson({
      spans: [
        t.root({ attributes: { "keel.outcome": "escalated", "keel.escalation.reason": "high-impact action", "keel.escalation.review_cost_usd": 2, "keel.workflow": "refund-request", "keel.release": "r-12", "keel.prompt_version": "v12", "keel.environment": "staging" } }),
        { traceId: t.traceId, spanId: "zz", name: "bad", startMs: T0, endMs: T0 },
      ],
    });
    expect(result).toEqual({ rejectedSpans: 1, runs: 1, errorMessage: "span zz: spanId must be 8 non-zero bytes" });
    expect(await run(t.traceId)).toMatchObject({
      workflow: "refund-request",
      release: "r-12",
      promptVersion: "v12",
      environment: "staging",
      outcome: "escalated",
      escalation: { reason: "high-impact action", reviewCostUsd: 2 },
      failure: null,
    });
  });
  it("a span with kind 1e308 or 2^63 (OTLP/JSON) is a rejected span, the rest of the request is stored", async () => {
    // Before: the out-of-range kind reached the INTEGER column and the whole request failed (500).
    const t = trace();
    const result = await sendJson({
      spans: [t.root({ attributes: { "keel.workflow": "kinds" } }), t.tool("search", 1, { kind: 1e308 }), t.tool("crm", 2, { kind: 2 ** 63 }), t.tool("mail", 3)],
    });
    expect(result.rejectedSpans).toBe(2);
    expect(result.runs).toBe(1);
    expect(result.errorMessage).toContain("kind must be a SpanKind (an integer enum value)");
    expect((await run(t.traceId))?.toolCalls.map((c) => c.name)).toEqual(["mail"]);
  });
});
