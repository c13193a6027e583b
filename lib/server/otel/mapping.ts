import "server-only";
// A trace's spans → one run of the run log (CONTRACT §2, §7), as a plain object that then goes
// through the same validation as POST /api/v1/runs. The full table is in docs/otel.md.
// Attributes are looked up on the root span first, then on the other spans in start order,
// so an agent may set e.g. `keel.outcome` on whichever span knows it.
import {
  ENVIRONMENTS,
  FAILURE_CATEGORIES,
  jsonDepthIssue,
  MAX_JSON_DEPTH,
  MAX_TOOL_CALLS,
  OUTCOMES,
  TOOL_CALL_STATUSES,
} from "@/lib/shared/run-schema";
import { STATUS_ERROR, type Attributes, type AttrValue } from "./types";

/** A span event as stored (otel_spans.events): time as nanoseconds since the epoch, in decimal. */
export interface TraceEvent {
  name: string;
  timeUnixNano: string;
  attributes: Attributes;
}

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
  events?: TraceEvent[];
}

// CONTRACT §7, in its order: the first key present wins.
const TOOL_NAME = ["gen_ai.tool.name", "tool.name", "ai.toolCall.name", "traceloop.entity.name"];
const TOOL_INPUT = ["gen_ai.tool.call.arguments", "input.value", "ai.toolCall.args", "traceloop.entity.input"];
const TOOL_OUTPUT = ["gen_ai.tool.call.result", "output.value", "ai.toolCall.result", "traceloop.entity.output"];
const WORKFLOW = ["keel.workflow", "gen_ai.agent.name", "ai.telemetry.functionId", "traceloop.workflow.name"];
const SESSION = ["gen_ai.conversation.id", "session.id", "ai.telemetry.metadata.sessionId", "traceloop.association.properties.session_id"];
const MODEL = ["gen_ai.request.model", "gen_ai.response.model", "llm.model_name", "ai.model.id"];
const INPUT_TOKENS = ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt", "ai.usage.promptTokens", "ai.usage.inputTokens"];
const OUTPUT_TOKENS = ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.token_count.completion", "ai.usage.completionTokens", "ai.usage.outputTokens"];

/** A tool call's span: GenAI `execute_tool`, OpenInference TOOL, the AI SDK's `ai.toolCall`, OpenLLMetry `tool`. */
export function isToolSpan(s: TraceSpan): boolean {
  const a = s.attributes;
  return (
    a["gen_ai.operation.name"] === "execute_tool" ||
    a["openinference.span.kind"] === "TOOL" ||
    a["ai.operationId"] === "ai.toolCall" ||
    a["traceloop.span.kind"] === "tool"
  );
}

/** The root span (no parent; the earliest if a broken exporter sent several), or null. */
export function rootOf(spans: TraceSpan[]): TraceSpan | null {
  const roots = spans.filter((s) => s.parentSpanId === null).sort(byStart);
  return roots[0] ?? null;
}

/** The tool spans in the order their calls happened (start, then span id), at most MAX_TOOL_CALLS. */
export function orderedToolSpans(spans: TraceSpan[]): TraceSpan[] {
  return spans.filter(isToolSpan).sort(byStart).slice(0, MAX_TOOL_CALLS);
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
const present = (v: AttrValue | undefined): v is AttrValue => v !== undefined && v !== null && v !== "";

/** The value of the first key that one span carries. */
function firstOf(a: Attributes, keys: string[]): AttrValue | undefined {
  for (const key of keys) if (present(a[key])) return a[key];
  return undefined;
}

/** The first line of a message, trimmed: stack traces and file paths stay out of failure reasons. */
export function firstLine(message: string | null | undefined): string | null {
  if (!message) return null;
  const line = message.split(/\r?\n/, 1)[0].trim();
  return line === "" ? null : line;
}

/** The span's first `exception` event (OTel semantic conventions), if any. */
function exceptionOf(s: TraceSpan): Attributes | null {
  return s.events?.find((e) => e.name === "exception")?.attributes ?? null;
}

/** Builds the run for a trace; null when its root span has not arrived yet. */
export function traceToRun(traceId: string, spans: TraceSpan[]): Record<string, unknown> | null {
  const root = rootOf(spans);
  if (!root) return null;
  const ordered = [root, ...spans.filter((s) => s !== root).sort(byStart)];
  /** For each key in order, the root's value, else the first span's in start order. */
  const first = (...keys: string[]): AttrValue | undefined => {
    for (const key of keys)
      for (const s of ordered) {
        const v = s.attributes[key];
        if (present(v)) return v;
      }
    return undefined;
  };
  const tools = orderedToolSpans(spans);
  const toolCalls = tools.map(toToolCall);

  const environment =
    oneOf(ENVIRONMENTS, first("keel.environment")) ??
    oneOf(ENVIRONMENTS, root.resourceAttributes?.["deployment.environment.name"]) ??
    oneOf(ENVIRONMENTS, root.resourceAttributes?.["deployment.environment"]) ??
    "production";

  const run: Record<string, unknown> = {
    id: traceId,
    traceId,
    sessionId: cut(str(first(...SESSION)) ?? traceId, 256),
    workflow: cut(str(first(...WORKFLOW)) ?? (root.name || "unknown"), 100),
    environment,
    model: cut(str(first(...MODEL)) ?? "unknown", 256),
    promptVersion: cut(str(first("keel.prompt_version")) ?? "unknown", 256),
    // A loop, not Math.min(...spans): a trace collects spans over many requests, and spreading
    // ~120k of them as arguments overflows the stack.
    startedAt: new Date(spans.reduce((min, s) => Math.min(min, s.startMs), Infinity)).toISOString(),
    endedAt: new Date(spans.reduce((max, s) => Math.max(max, s.startMs, s.endMs), -Infinity)).toISOString(),
    costUsd: spans.reduce((sum, s) => sum + Math.max(0, num(s.attributes["keel.cost_usd"]) ?? 0), 0),
    toolCalls,
    metadata: { source: "otel", rootSpanId: root.spanId, spanCount: spans.length, toolSpanCount: spans.filter(isToolSpan).length },
  };
  const release = str(first("keel.release"));
  if (release) run.release = cut(release, 256);
  const quality = num(first("keel.quality_score"));
  if (quality !== null) run.qualityScore = quality;
  const usage = sumUsage(spans);
  if (usage) run.usage = usage;

  const outcome = oneOf(OUTCOMES, first("keel.outcome")) ?? (root.statusCode === STATUS_ERROR ? "failure" : "success");
  run.outcome = outcome;
  if (outcome === "failure") {
    const toolFailed = tools.some((t) => t.statusCode === STATUS_ERROR);
    // error.type, else the first line of the root's status message; with neither (an exporter
    // that only recorded the exception), the exception event's type, then its message's first line.
    const rootException = exceptionOf(root);
    const reason =
      str(first("keel.failure.reason")) ??
      str(root.attributes["error.type"]) ??
      firstLine(root.statusMessage) ??
      str(rootException?.["exception.type"]) ??
      firstLine(str(rootException?.["exception.message"])) ??
      "error";
    run.failure = {
      category: oneOf(FAILURE_CATEGORIES, first("keel.failure.category")) ?? (toolFailed ? "tool_error" : "model_failure"),
      reason: cut(reason, 200),
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
  const failed = s.statusCode === STATUS_ERROR;
  const errorType = str(a["error.type"]) ?? (failed ? str(exceptionOf(s)?.["exception.type"]) : null);
  let status: string = failed ? (errorType?.toLowerCase().includes("timeout") ? "timeout" : "error") : "ok";
  status = oneOf(TOOL_CALL_STATUSES, a["keel.tool.status"]) ?? status;
  const call: Record<string, unknown> = {
    name: cut(str(firstOf(a, TOOL_NAME)) ?? (s.name || "unknown"), 100),
    startedAt: new Date(s.startMs).toISOString(),
    endedAt: new Date(Math.max(s.startMs, s.endMs)).toISOString(),
    status,
    retry: bool(a["keel.tool.retry"]) ?? false,
    costUsd: Math.max(0, num(a["keel.cost_usd"]) ?? 0),
  };
  if (errorType) call.errorType = cut(errorType, 256);
  // CONTRACT §2's optional fields: no semantic convention names them, so Keel's own attributes.
  const idempotencyKey = str(a["keel.tool.idempotency_key"]);
  if (idempotencyKey) call.idempotencyKey = cut(idempotencyKey, 256);
  const sideEffect = bool(a["keel.tool.side_effect"]);
  if (sideEffect !== null) call.sideEffect = sideEffect;
  const input = firstOf(a, TOOL_INPUT);
  const output = firstOf(a, TOOL_OUTPUT);
  if (input !== undefined) call.input = parseMaybeJson(input);
  if (output !== undefined) call.output = parseMaybeJson(output);
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

/**
 * Tokens summed over the spans that report usage and have no descendant that does (CONTRACT §7):
 * an agent span's total (the AI SDK's `ai.generateText`, an OpenInference chain) is not added to
 * the model calls it already sums. A span whose parent has not arrived counts as a subtree root.
 */
function sumUsage(spans: TraceSpan[]): { inputTokens: number; outputTokens: number } | null {
  const reports = new Map<string, { input: number | null; output: number | null }>();
  for (const s of spans) {
    const input = num(firstOf(s.attributes, INPUT_TOKENS));
    const output = num(firstOf(s.attributes, OUTPUT_TOKENS));
    if (input !== null || output !== null) reports.set(s.spanId, { input, output });
  }
  if (reports.size === 0) return null;
  // Mark every ancestor of a reporting span: those are the ones not counted.
  const parentOf = new Map(spans.map((s) => [s.spanId, s.parentSpanId]));
  const hasReportingDescendant = new Set<string>();
  for (const spanId of reports.keys()) {
    let parent = parentOf.get(spanId) ?? null;
    // A bounded walk: a broken exporter may send a parent cycle.
    for (let steps = 0; parent !== null && steps < spans.length && !hasReportingDescendant.has(parent); steps++) {
      hasReportingDescendant.add(parent);
      parent = parentOf.get(parent) ?? null;
    }
  }
  let inputTokens = 0;
  let outputTokens = 0;
  for (const [spanId, r] of reports) {
    if (hasReportingDescendant.has(spanId)) continue;
    inputTokens += Math.max(0, Math.trunc(r.input ?? 0));
    outputTokens += Math.max(0, Math.trunc(r.output ?? 0));
  }
  return { inputTokens, outputTokens };
}
