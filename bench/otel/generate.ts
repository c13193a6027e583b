// Synthetic GenAI agent traces for the OTLP benchmark, and the run each one should map to
// (docs/otel.md), as POST /api/v1/runs JSON, so native ingest stores the same runs.
//
// One trace = 8 spans: a root `invoke_agent` span (gen_ai.agent.name, gen_ai.conversation.id,
// keel.cost_usd, keel.prompt_version), 3 `chat` model spans (request/response model, token usage)
// and 4 `execute_tool` spans (tool name, call id, arguments/result as JSON text), in the order
// model, tool, tool, model, tool, tool, model. About 12% of the traces have one failing tool
// span (status ERROR, error.type, an `exception` event with a stack trace); in half of those the
// agent gives up (root status ERROR → outcome failure, category tool_error). About 3% are
// escalated (keel.outcome). Deterministic for a given seed; trace ids are unique per `salt`.
import type { FixtureSpan, FixtureValue } from "../../test/helpers/otlp";
import { prng } from "../../test/helpers/prng";

export const SPANS_PER_TRACE = 8;
export const TOOL_SPANS_PER_TRACE = 4;

export interface BenchTrace {
  traceId: string;
  spans: FixtureSpan[];
  /** The run this trace maps to (CONTRACT §2 JSON), id = traceId. */
  run: Record<string, unknown> & { id: string; toolCalls: Record<string, unknown>[] };
}

/** The resource every span of the benchmark comes from (one service, as after a Collector's batch). */
export const RESOURCE: Record<string, FixtureValue> = {
  "service.name": "support-agent",
  "service.version": "2.14.0",
  "deployment.environment.name": "production",
  "telemetry.sdk.name": "opentelemetry",
  "telemetry.sdk.language": "python",
  "telemetry.sdk.version": "1.38.0",
};

const WORKFLOWS = ["refund-request", "order-status", "password-reset", "invoice-dispute", "plan-upgrade"];
const TOOLS = ["ticketing.lookup", "ticketing.create", "crm.customer", "kb.search", "payments.refund", "email.send", "orders.get"];
const MODELS = [
  ["openai", "gpt-4.1", "v12"],
  ["openai", "gpt-4.1-mini", "v13"],
  ["anthropic", "claude-sonnet-4", "v7"],
] as const;
const TOOL_ERRORS = [
  ["TimeoutError", "ticketing API timed out after 30 s"],
  ["invalid_parameters", "order id must be numeric"],
  ["rate_limited", "payments API answered 429"],
] as const;

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `count` traces, the first starting at startMs, one every 50 ms. Trace ids are `salt` (16 hex
 * digits) followed by the trace's number (16 hex digits), so runs of one process never collide.
 */
export function generateTraces(count: number, opts: { salt: string; seed: number; first?: number; startMs: number }): BenchTrace[] {
  if (!/^[0-9a-f]{16}$/.test(opts.salt)) throw new Error("salt must be 16 hex digits");
  const rand = prng(opts.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const traces: BenchTrace[] = [];
  for (let i = 0; i < count; i++) {
    const n = (opts.first ?? 0) + i;
    const traceId = opts.salt + hex(n + 1, 16);
    let spanSeq = 0;
    const spanId = () => hex(int(1, 0xfffff), 5) + hex(n, 8) + hex(++spanSeq, 3);
    const workflow = pick(WORKFLOWS);
    const [provider, model, promptVersion] = pick(MODELS);
    const sessionId = `sess-${opts.salt.slice(0, 6)}-${Math.floor(n / 3)}`;
    const rootId = spanId();
    const start = opts.startMs + n * 50;
    const failingTool = rand() < 0.12 ? int(0, 3) : -1;
    const gaveUp = failingTool >= 0 && rand() < 0.5;
    const escalated = !gaveUp && rand() < 0.03;
    const costUsd = int(1, 50_000) / 1e6 + 0.0000001; // never an integer: sent as a double

    const children: FixtureSpan[] = [];
    const toolCalls: Record<string, unknown>[] = [];
    let inputTokens = 0;
    let outputTokens = 0;
    let t = start + 5;
    let toolIndex = 0;
    for (const step of ["model", "tool", "tool", "model", "tool", "tool", "model"] as const) {
      if (step === "model") {
        const dur = int(300, 1500);
        const inTok = int(400, 4000);
        const outTok = int(20, 600);
        inputTokens += inTok;
        outputTokens += outTok;
        const last = children.filter((s) => s.name.startsWith("chat")).length === 2;
        children.push({
          traceId,
          spanId: spanId(),
          parentSpanId: rootId,
          name: `chat ${model}`,
          kind: 3,
          startMs: t,
          endMs: t + dur,
          attributes: {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": provider,
            "gen_ai.request.model": model,
            "gen_ai.response.model": model,
            "gen_ai.request.temperature": 0.2,
            "gen_ai.request.max_tokens": 1024,
            "gen_ai.response.id": `chatcmpl-${hex(int(0, 0xffffff), 6)}${hex(n, 8)}`,
            "gen_ai.response.finish_reasons": [last ? "stop" : "tool_calls"],
            "gen_ai.usage.input_tokens": inTok,
            "gen_ai.usage.output_tokens": outTok,
            "server.address": provider === "openai" ? "api.openai.com" : "api.anthropic.com",
          },
        });
        t += dur + 5;
      } else {
        const dur = int(20, 800);
        const tool = pick(TOOLS);
        const failed = toolIndex === failingTool;
        const [errorType, errorMessage] = failed ? pick(TOOL_ERRORS) : ["", ""];
        const args = { customerId: `c-${int(1, 99_999)}`, orderId: int(100_000, 999_999), query: `order status for ticket ${n}` };
        const result = { ok: true, items: [int(0, 99), int(0, 99)], summary: "found 2 matching records" };
        const attributes: Record<string, FixtureValue> = {
          "gen_ai.operation.name": "execute_tool",
          "gen_ai.tool.name": tool,
          "gen_ai.tool.type": "function",
          "gen_ai.tool.call.id": `call_${hex(n, 8)}${toolIndex}`,
          "gen_ai.tool.call.arguments": JSON.stringify(args),
        };
        if (failed) attributes["error.type"] = errorType;
        else attributes["gen_ai.tool.call.result"] = JSON.stringify(result);
        children.push({
          traceId,
          spanId: spanId(),
          parentSpanId: rootId,
          name: `execute_tool ${tool}`,
          kind: 1,
          startMs: t,
          endMs: t + dur,
          attributes,
          ...(failed
            ? {
                status: { code: 2, message: errorMessage },
                events: [
                  {
                    name: "exception",
                    timeMs: t + dur,
                    attributes: {
                      "exception.type": errorType,
                      "exception.message": errorMessage,
                      "exception.stacktrace": `Traceback (most recent call last):\n  File "agent/tools.py", line 88, in call\n    return client.post(url, json=args)\n${errorType}: ${errorMessage}`,
                    },
                  },
                ],
              }
            : {}),
        });
        toolCalls.push({
          name: tool,
          startedAt: iso(t),
          endedAt: iso(t + dur),
          status: failed ? (errorType.toLowerCase().includes("timeout") ? "timeout" : "error") : "ok",
          ...(failed ? { errorType } : {}),
          retry: false,
          costUsd: 0,
          input: args,
          ...(failed ? {} : { output: result }),
        });
        toolIndex++;
        t += dur + 5;
      }
    }
    const end = t;
    const rootAttributes: Record<string, FixtureValue> = {
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": workflow,
      "gen_ai.agent.id": `agent-${workflow}`,
      "gen_ai.conversation.id": sessionId,
      "keel.prompt_version": promptVersion,
      "keel.cost_usd": costUsd,
    };
    if (gaveUp) rootAttributes["error.type"] = "tool_failed";
    if (escalated) {
      rootAttributes["keel.outcome"] = "escalated";
      rootAttributes["keel.escalation.reason"] = "high-impact action";
    }
    const root: FixtureSpan = {
      traceId,
      spanId: rootId,
      name: `invoke_agent ${workflow}`,
      kind: 1,
      startMs: start,
      endMs: end,
      attributes: rootAttributes,
      ...(gaveUp ? { status: { code: 2, message: "agent stopped after a failed tool call" } } : {}),
    };
    traces.push({
      traceId,
      // Children first, as an SDK's batch processor exports them (the root ends last).
      spans: [...children, root],
      run: {
        id: traceId,
        traceId,
        sessionId,
        workflow,
        environment: "production",
        model,
        promptVersion,
        startedAt: iso(start),
        endedAt: iso(end),
        outcome: gaveUp ? "failure" : escalated ? "escalated" : "success",
        ...(gaveUp ? { failure: { category: "tool_error", reason: "tool_failed", critical: false } } : {}),
        ...(escalated ? { escalation: { reason: "high-impact action" } } : {}),
        usage: { inputTokens, outputTokens },
        costUsd,
        toolCalls,
        metadata: { source: "otel", rootSpanId: rootId, spanCount: SPANS_PER_TRACE, toolSpanCount: TOOL_SPANS_PER_TRACE },
      },
    });
  }
  return traces;
}
