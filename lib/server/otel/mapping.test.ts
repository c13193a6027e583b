import { describe, expect, it } from "vitest";
import { validateRun } from "@/lib/shared/run-schema";
import { traceToRun, type TraceSpan } from "./mapping";

const T = "4bf92f3577b34da6a3ce929d0e0e4736";
const base = Date.UTC(2026, 10, 20, 9, 0, 0);

function span(over: Partial<TraceSpan>): TraceSpan {
  return {
    spanId: "a000000000000001",
    parentSpanId: null,
    name: "agent",
    startMs: base,
    endMs: base + 10_000,
    statusCode: 0,
    statusMessage: null,
    attributes: {},
    resourceAttributes: null,
    ...over,
  };
}
const child = (id: string, over: Partial<TraceSpan>) => span({ spanId: id, parentSpanId: "a000000000000001", ...over });

describe("trace → run mapping", () => {
  it("is null until the root span is there", () => {
    expect(traceToRun(T, [child("b000000000000001", {})])).toBeNull();
  });

  it("maps a successful gen_ai trace with defaults for what OTel cannot give", () => {
    const run = traceToRun(T, [
      span({ name: "invoke_agent", attributes: { "gen_ai.agent.name": "refund-request", "session.id": "s-1" }, resourceAttributes: { "deployment.environment": "staging" } }),
      child("b000000000000001", {
        startMs: base + 1000,
        endMs: base + 2000,
        attributes: { "gen_ai.request.model": "gpt-4.1", "gen_ai.usage.prompt_tokens": 100, "gen_ai.usage.completion_tokens": 20, "keel.cost_usd": 0.5 },
      }),
      child("b000000000000002", {
        name: "execute_tool ticketing.create",
        startMs: base + 3000,
        endMs: base + 3500,
        attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "ticketing.create", "gen_ai.tool.call.arguments": '{"id":7}', "keel.cost_usd": 0.25, "keel.tool.retry": true },
      }),
    ]);
    expect(run).toEqual({
      id: T,
      traceId: T,
      sessionId: "s-1",
      workflow: "refund-request",
      environment: "staging",
      model: "gpt-4.1",
      promptVersion: "unknown",
      startedAt: "2026-11-20T09:00:00.000Z",
      endedAt: "2026-11-20T09:00:10.000Z",
      costUsd: 0.75,
      usage: { inputTokens: 100, outputTokens: 20 },
      outcome: "success",
      toolCalls: [
        { name: "ticketing.create", startedAt: "2026-11-20T09:00:03.000Z", endedAt: "2026-11-20T09:00:03.500Z", status: "ok", retry: true, costUsd: 0.25, input: { id: 7 } },
      ],
      metadata: { source: "otel", rootSpanId: "a000000000000001", spanCount: 3, toolSpanCount: 1 },
    });
    expect(validateRun(run).ok).toBe(true);
  });

  it("an ERROR root is a failure: tool_error when a tool failed (timeout from error.type), reason = error.type", () => {
    const run = traceToRun(T, [
      span({ statusCode: 2, statusMessage: "agent gave up", attributes: { "error.type": "ticketing API timeout" } }),
      child("b000000000000001", { statusCode: 2, attributes: { "openinference.span.kind": "TOOL", "tool.name": "ticketing", "error.type": "ReadTimeout", "input.value": "plain text" } }),
    ]);
    expect(run?.outcome).toBe("failure");
    expect(run?.workflow).toBe("agent");
    expect(run?.sessionId).toBe(T);
    expect(run?.failure).toEqual({ category: "tool_error", reason: "ticketing API timeout", critical: false });
    expect(run?.toolCalls).toMatchObject([{ name: "ticketing", status: "timeout", errorType: "ReadTimeout", input: "plain text" }]);
    const noTool = traceToRun(T, [span({ statusCode: 2, statusMessage: "context overflow" })]);
    expect(noTool?.failure).toEqual({ category: "model_failure", reason: "context overflow", critical: false });
  });

  it("keel.* attributes carry outcome, failure, escalation, workflow, release and tool status", () => {
    const failed = traceToRun(T, [
      span({ attributes: { "keel.outcome": "failure", "keel.failure.category": "policy_violation", "keel.failure.reason": "refund over cap", "keel.failure.critical": true, "keel.workflow": "refunds", "gen_ai.agent.name": "ignored", "keel.release": "r-9", "keel.prompt_version": "v12", "keel.environment": "canary" } }),
      child("b000000000000001", { attributes: { "gen_ai.operation.name": "execute_tool", "keel.tool.status": "blocked" } }),
    ]);
    expect(failed).toMatchObject({
      outcome: "failure",
      failure: { category: "policy_violation", reason: "refund over cap", critical: true },
      workflow: "refunds",
      release: "r-9",
      promptVersion: "v12",
      environment: "canary",
      toolCalls: [{ name: "agent", status: "blocked" }],
    });
    const escalated = traceToRun(T, [span({ attributes: { "keel.outcome": "escalated", "keel.escalation.reason": "high-impact action", "keel.escalation.review_cost_usd": "1.5" } })]);
    expect(escalated?.escalation).toEqual({ reason: "high-impact action", reviewCostUsd: 1.5 });
    expect(escalated?.failure).toBeUndefined();
    expect(validateRun(escalated).ok).toBe(true);
  });
  it("keel.tool.idempotency_key and keel.tool.side_effect carry CONTRACT §2's optional tool-call fields", () => {
    const run = traceToRun(T, [
      span({}),
      child("b000000000000001", { attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "payments.refund", "keel.tool.idempotency_key": "req-1", "keel.tool.side_effect": "true" } }),
      child("b000000000000002", { startMs: base + 1, attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "kb.search", "keel.tool.side_effect": false } }),
      child("b000000000000003", { startMs: base + 2, attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "kb.search" } }),
    ]);
    expect(run?.toolCalls).toMatchObject([
      { name: "payments.refund", idempotencyKey: "req-1", sideEffect: true },
      { name: "kb.search", sideEffect: false },
      { name: "kb.search" },
    ]);
    const calls = run?.toolCalls as Record<string, unknown>[];
    expect([calls[1].idempotencyKey, calls[2].idempotencyKey, calls[2].sideEffect]).toEqual([undefined, undefined, undefined]);
    expect(validateRun(run).ok).toBe(true);
  });

  it("a trace of 150,000 spans maps (its times found without spreading the spans as arguments)", () => {
    // Before: Math.min(...spans) overflowed the stack ("Maximum call stack size exceeded") → 500.
    const spans = [span({})];
    for (let i = 1; i <= 150_000; i++)
      spans.push(child(`c${i.toString(16).padStart(15, "0")}`, { startMs: base + i, endMs: base + i + (i === 7 ? 200_000 : 5) }));
    const run = traceToRun(T, spans)!;
    expect([run.startedAt, run.endedAt]).toEqual([new Date(base).toISOString(), new Date(base + 7 + 200_000).toISOString()]);
    expect(validateRun(run, { receivedAt: base }).ok).toBe(true);
  });

  it("tool input given as JSON text nesting deeper than a run may stays text; the run stays valid", () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const shallow = JSON.stringify({ a: [[1]] });
    const tool = (id: string, args: string) =>
      child(id, { attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "t", "gen_ai.tool.call.arguments": args } });
    const run = traceToRun(T, [span({}), tool("b000000000000001", deep), tool("b000000000000002", shallow)])!;
    const calls = run.toolCalls as { input: unknown }[];
    expect(calls.map((c) => c.input)).toEqual([deep, { a: [[1]] }]);
    expect(validateRun(run, { receivedAt: base }).ok).toBe(true);
  });

  it("Vercel AI SDK: ai.toolCall spans are tool calls, functionId is the workflow, metadata.sessionId the session, tokens counted once", () => {
    const AGENT = "a000000000000001";
    const run = traceToRun(T, [
      span({
        name: "ai.generateText",
        // The agent span repeats the total of its model calls: it must not be added to them.
        attributes: { "ai.operationId": "ai.generateText", "ai.telemetry.functionId": "refund-request", "ai.telemetry.metadata.sessionId": "ticket-7", "ai.model.id": "mock-model-id", "ai.usage.inputTokens": 30, "ai.usage.outputTokens": 12 },
      }),
      child("b000000000000001", { name: "ai.generateText.doGenerate", startMs: base + 10, endMs: base + 100, attributes: { "ai.operationId": "ai.generateText.doGenerate", "gen_ai.request.model": "mock-model-id", "ai.usage.inputTokens": 10, "ai.usage.outputTokens": 5, "gen_ai.usage.input_tokens": 10, "gen_ai.usage.output_tokens": 5 } }),
      child("b000000000000002", { name: "ai.toolCall", startMs: base + 200, endMs: base + 300, attributes: { "ai.operationId": "ai.toolCall", "ai.toolCall.name": "lookupOrder", "ai.toolCall.id": "call-1", "ai.toolCall.args": '{"orderId":"o-1"}', "ai.toolCall.result": '{"status":"shipped"}' } }),
      child("b000000000000003", {
        name: "ai.toolCall",
        startMs: base + 400,
        endMs: base + 450,
        statusCode: 2,
        statusMessage: "refund API down\n    at execute (/srv/agent/tools.ts:40:11)",
        attributes: { "ai.operationId": "ai.toolCall", "ai.toolCall.name": "issueRefund", "ai.toolCall.args": '{"amount":5}' },
        events: [{ name: "exception", timeUnixNano: String(BigInt(base + 450) * 1_000_000n), attributes: { "exception.type": "RefundError", "exception.message": "refund API down", "exception.stacktrace": "RefundError: refund API down\n    at …" } }],
      }),
      child("b000000000000004", { name: "ai.generateText.doGenerate", startMs: base + 500, endMs: base + 600, attributes: { "ai.operationId": "ai.generateText.doGenerate", "ai.usage.inputTokens": 20, "ai.usage.outputTokens": 7 } }),
    ].map((s) => (s.spanId === AGENT ? s : { ...s, parentSpanId: AGENT })));
    expect(run).toMatchObject({
      workflow: "refund-request",
      sessionId: "ticket-7",
      model: "mock-model-id",
      outcome: "success",
      usage: { inputTokens: 30, outputTokens: 12 },
      toolCalls: [
        { name: "lookupOrder", status: "ok", input: { orderId: "o-1" }, output: { status: "shipped" } },
        { name: "issueRefund", status: "error", errorType: "RefundError", input: { amount: 5 } },
      ],
    });
    expect((run!.toolCalls as object[])[0]).not.toHaveProperty("errorType");
    expect(validateRun(run, { receivedAt: base }).ok).toBe(true);
  });

  it("OpenLLMetry: traceloop tool spans, workflow name, association session; old gen_ai token names", () => {
    const run = traceToRun(T, [
      span({ name: "refund.workflow", attributes: { "traceloop.span.kind": "workflow", "traceloop.workflow.name": "refund", "traceloop.entity.name": "refund", "traceloop.association.properties.session_id": "conv-9" } }),
      child("b000000000000001", { name: "openai.chat", startMs: base + 1, endMs: base + 2, attributes: { "gen_ai.request.model": "gpt-4.1-mini", "gen_ai.usage.prompt_tokens": 40, "gen_ai.usage.completion_tokens": 8 } }),
      child("b000000000000002", { name: "lookup.tool", startMs: base + 3, endMs: base + 4, attributes: { "traceloop.span.kind": "tool", "traceloop.entity.name": "lookup", "traceloop.entity.input": '{"args":[],"kwargs":{"id":1}}', "traceloop.entity.output": '"found"', "traceloop.workflow.name": "refund" } }),
    ]);
    expect(run).toMatchObject({
      workflow: "refund",
      sessionId: "conv-9",
      model: "gpt-4.1-mini",
      usage: { inputTokens: 40, outputTokens: 8 },
      toolCalls: [{ name: "lookup", status: "ok", input: { args: [], kwargs: { id: 1 } }, output: "found" }],
    });
  });

  it("usage: only spans with no descendant that reports usage count, however deep; a span whose parent is missing counts", () => {
    const a = "a000000000000001";
    const run = traceToRun(T, [
      span({ attributes: { "llm.token_count.prompt": 1000, "llm.token_count.completion": 1000 } }),
      span({ spanId: "b000000000000001", parentSpanId: a, attributes: { "llm.token_count.prompt": 100, "llm.token_count.completion": 10 } }), // a chain: sums its LLM child
      span({ spanId: "c000000000000001", parentSpanId: "b000000000000001", name: "node" }), // reports nothing, between them
      span({ spanId: "d000000000000001", parentSpanId: "c000000000000001", attributes: { "llm.token_count.prompt": 60, "llm.token_count.completion": 6 } }),
      span({ spanId: "d000000000000002", parentSpanId: "c000000000000001", attributes: { "gen_ai.usage.input_tokens": 40, "gen_ai.usage.output_tokens": 4 } }),
      span({ spanId: "e000000000000001", parentSpanId: "f00000000000000f", attributes: { "gen_ai.usage.input_tokens": 7, "gen_ai.usage.output_tokens": 1 } }),
    ]);
    expect(run?.usage).toEqual({ inputTokens: 107, outputTokens: 11 });
  });

  it("failure reason: error.type, else the first line of the root's status message (no stack, no paths); the same error groups as one reason", () => {
    const stack = (file: string) => `Error: model refused to answer\n    at Agent.run (${file}:10:3)\n    at main`;
    const a = traceToRun(T, [span({ statusCode: 2, statusMessage: stack("/srv/a.js") })]);
    const b = traceToRun(T, [span({ statusCode: 2, statusMessage: stack("/srv/b.js") })]);
    expect(a?.failure).toEqual({ category: "model_failure", reason: "Error: model refused to answer", critical: false });
    expect(b?.failure).toEqual(a?.failure);
    // With no message at all, the root's exception event names it.
    const c = traceToRun(T, [span({ statusCode: 2, events: [{ name: "exception", timeUnixNano: "0", attributes: { "exception.type": "ContextOverflow" } }] })]);
    expect(c?.failure).toEqual({ category: "model_failure", reason: "ContextOverflow", critical: false });
    expect(traceToRun(T, [span({ statusCode: 2 })])?.failure).toEqual({ category: "model_failure", reason: "error", critical: false });
  });

  it("the first attribute present wins, in the contract's key order, root first", () => {
    const run = traceToRun(T, [
      span({ attributes: { "traceloop.workflow.name": "tl", "session.id": "s-oi" } }),
      child("b000000000000001", { attributes: { "gen_ai.agent.name": "agent-name", "gen_ai.conversation.id": "conv", "llm.model_name": "oi-model", "gen_ai.response.model": "resp-model" } }),
    ]);
    expect(run).toMatchObject({ workflow: "agent-name", sessionId: "conv", model: "resp-model" });
  });
});
