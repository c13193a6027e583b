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
});
