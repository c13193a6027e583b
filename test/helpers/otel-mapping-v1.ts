// Keel's trace → run mapping before CONTRACT §7 named the Vercel AI SDK, OpenLLMetry, the usage
// rule and exception events (as of commit 410cb04), kept for tests only: it makes the runs "sent
// before this change" that `keel otel remap` must then rebuild right.
import {
  ENVIRONMENTS,
  FAILURE_CATEGORIES,
  jsonDepthIssue,
  MAX_JSON_DEPTH,
  MAX_TOOL_CALLS,
  OUTCOMES,
  TOOL_CALL_STATUSES,
} from "@/lib/shared/run-schema";
import { STATUS_ERROR, type Attributes, type AttrValue } from "@/lib/server/otel/types";

/** A stored span, as the mapping needs it (times in ms since the epoch). */
export interface TraceSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  startMs: number;
  endMs: number;
  statusCode: number;
  statusMessage: string | null;
  attributes: Attributes;
  resourceAttributes: Attributes | null;
}

export function isToolSpan(s: TraceSpan): boolean {
  return s.attributes["gen_ai.operation.name"] === "execute_tool" || s.attributes["openinference.span.kind"] === "TOOL";
}

/** The root span (no parent; the earliest if a broken exporter sent several), or null. */
export function rootOf(spans: TraceSpan[]): TraceSpan | null {
  const roots = spans.filter((s) => s.parentSpanId === null).sort(byStart);
  return roots[0] ?? null;
}

function byStart(a: TraceSpan, b: TraceSpan): number {
  return a.startMs - b.startMs || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
}

const str = (v: AttrValue | undefined): string | null => (typeof v === "string" && v.trim() !== "" ? v : typeof v === "number" ? String(v) : null);
const num = (v: AttrValue | undefined): number | null => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};
const bool = (v: AttrValue | undefined): boolean | null =>
  typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : null;
const oneOf = <T extends string>(values: readonly T[], v: AttrValue | undefined): T | null =>
  typeof v === "string" && (values as readonly string[]).includes(v) ? (v as T) : null;
const cut = (s: string, max: number) => [...s].slice(0, max).join("");

/** Builds the run for a trace; null when its root span has not arrived yet. */
export function traceToRun(traceId: string, spans: TraceSpan[]): Record<string, unknown> | null {
  const root = rootOf(spans);
  if (!root) return null;
  const ordered = [root, ...spans.filter((s) => s !== root).sort(byStart)];
  const first = (...keys: string[]): AttrValue | undefined => {
    for (const key of keys)
      for (const s of ordered) {
        const v = s.attributes[key];
        if (v !== undefined && v !== null && v !== "") return v;
      }
    return undefined;
  };
  const tools = spans.filter(isToolSpan).sort(byStart);
  const toolCalls = tools.slice(0, MAX_TOOL_CALLS).map(toToolCall);

  const model = str(first("gen_ai.request.model")) ?? str(first("gen_ai.response.model", "llm.model_name")) ?? "unknown";
  const promptVersion = str(first("keel.prompt_version")) ?? "unknown";
  const environment =
    oneOf(ENVIRONMENTS, first("keel.environment")) ??
    oneOf(ENVIRONMENTS, root.resourceAttributes?.["deployment.environment.name"]) ??
    oneOf(ENVIRONMENTS, root.resourceAttributes?.["deployment.environment"]) ??
    "production";

  const run: Record<string, unknown> = {
    id: traceId,
    traceId,
    sessionId: cut(str(first("gen_ai.conversation.id")) ?? str(first("session.id")) ?? traceId, 256),
    workflow: cut(str(first("keel.workflow")) ?? str(first("gen_ai.agent.name")) ?? (root.name || "unknown"), 100),
    environment,
    model: cut(model, 256),
    promptVersion: cut(promptVersion, 256),
    // A loop, not Math.min(...spans): a trace collects spans over many requests, and spreading
    // ~120k of them as arguments overflows the stack.
    startedAt: new Date(spans.reduce((min, s) => Math.min(min, s.startMs), Infinity)).toISOString(),
    endedAt: new Date(spans.reduce((max, s) => Math.max(max, s.startMs, s.endMs), -Infinity)).toISOString(),
    costUsd: spans.reduce((sum, s) => sum + Math.max(0, num(s.attributes["keel.cost_usd"]) ?? 0), 0),
    toolCalls,
    metadata: { source: "otel", rootSpanId: root.spanId, spanCount: spans.length, toolSpanCount: tools.length },
  };
  const release = str(first("keel.release"));
  if (release) run.release = cut(release, 256);
  const quality = num(first("keel.quality_score"));
  if (quality !== null) run.qualityScore = quality;
  const usage = sumUsage(spans);
  if (usage) run.usage = usage;

  const toolFailed = tools.some((t) => t.statusCode === STATUS_ERROR);
  const rootReason = str(root.attributes["error.type"]) ?? root.statusMessage ?? "error";
  const outcome = oneOf(OUTCOMES, first("keel.outcome")) ?? (root.statusCode === STATUS_ERROR ? "failure" : "success");
  run.outcome = outcome;
  if (outcome === "failure") {
    run.failure = {
      category: oneOf(FAILURE_CATEGORIES, first("keel.failure.category")) ?? (toolFailed ? "tool_error" : "model_failure"),
      reason: cut(str(first("keel.failure.reason")) ?? rootReason, 200),
      critical: bool(first("keel.failure.critical")) ?? false,
    };
  } else if (outcome === "escalated") {
    const reviewCostUsd = num(first("keel.escalation.review_cost_usd"));
    run.escalation = {
      reason: cut(str(first("keel.escalation.reason")) ?? "escalated", 200),
      ...(reviewCostUsd !== null && reviewCostUsd >= 0 ? { reviewCostUsd } : {}),
    };
  }
  return run;
}

function toToolCall(s: TraceSpan): Record<string, unknown> {
  const a = s.attributes;
  const errorType = str(a["error.type"]);
  let status: string = s.statusCode === STATUS_ERROR ? (errorType?.toLowerCase().includes("timeout") ? "timeout" : "error") : "ok";
  status = oneOf(TOOL_CALL_STATUSES, a["keel.tool.status"]) ?? status;
  const call: Record<string, unknown> = {
    name: cut(str(a["gen_ai.tool.name"]) ?? str(a["tool.name"]) ?? (s.name || "unknown"), 100),
    startedAt: new Date(s.startMs).toISOString(),
    endedAt: new Date(Math.max(s.startMs, s.endMs)).toISOString(),
    status,
    retry: bool(a["keel.tool.retry"]) ?? false,
    costUsd: Math.max(0, num(a["keel.cost_usd"]) ?? 0),
  };
  if (errorType) call.errorType = cut(errorType, 256);
  const input = a["gen_ai.tool.call.arguments"] ?? a["input.value"];
  const output = a["gen_ai.tool.call.result"] ?? a["output.value"];
  if (input !== undefined && input !== null) call.input = parseMaybeJson(input);
  if (output !== undefined && output !== null) call.output = parseMaybeJson(output);
  return call;
}

/**
 * Tool arguments usually arrive as JSON text: store the value, not a string of it. JSON text that
 * nests deeper than a run may (MAX_JSON_DEPTH) stays text, so it cannot cost the trace its run.
 */
function parseMaybeJson(v: AttrValue): unknown {
  if (typeof v !== "string") return v;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    return v;
  }
  // The run is level 1, toolCalls 2, the call 3: its input may add MAX_JSON_DEPTH - 3 levels.
  return jsonDepthIssue(parsed, MAX_JSON_DEPTH - 3) ? v : parsed;
}

function sumUsage(spans: TraceSpan[]): { inputTokens: number; outputTokens: number } | null {
  let seen = false;
  let inputTokens = 0;
  let outputTokens = 0;
  for (const { attributes: a } of spans) {
    const input = num(a["gen_ai.usage.input_tokens"] ?? a["gen_ai.usage.prompt_tokens"] ?? a["llm.token_count.prompt"]);
    const output = num(a["gen_ai.usage.output_tokens"] ?? a["gen_ai.usage.completion_tokens"] ?? a["llm.token_count.completion"]);
    if (input !== null || output !== null) seen = true;
    inputTokens += Math.max(0, Math.trunc(input ?? 0));
    outputTokens += Math.max(0, Math.trunc(output ?? 0));
  }
  return seen ? { inputTokens, outputTokens } : null;
}
