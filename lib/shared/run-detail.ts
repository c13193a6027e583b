// What the run-detail page shows: the run, its tool calls on a time axis, its incidents.
import type { RunListItem } from "./runs-query";
import type { Detection } from "./detectors";
import type { BudgetBreach } from "./budgets";

/** An OpenTelemetry span event (an exception, a retry, a log line), as kept with its span. */
export interface SpanEventView {
  name: string;
  /** RFC 3339, ms precision. */
  at: string;
  /** ms from the run's start. */
  offsetMs: number;
  attributes: Record<string, unknown>;
}

export interface ToolCallView {
  seq: number;
  name: string;
  startedAt: string;
  endedAt: string;
  /** ms from the run's start to the call's start (may be < 0 if the agent's clocks disagree). */
  offsetMs: number;
  latencyMs: number;
  status: "ok" | "error" | "timeout" | "blocked";
  errorType: string | null;
  retry: boolean;
  costUsd: number;
  input: string | null;
  inputTruncated: boolean;
  output: string | null;
  outputTruncated: boolean;
  idempotencyKey: string | null;
  /** As sent: null when the call did not say whether it changes the world. */
  sideEffect: boolean | null;
  /** The span the call was mapped from (runs built from OpenTelemetry traces), else null. */
  spanId: string | null;
  /** That span's events, in time order; empty for native runs. */
  events: SpanEventView[];
}

export interface RunDetail extends RunListItem {
  usage: { inputTokens: number; outputTokens: number } | null;
  metadata: unknown;
  receivedAt: string;
  /** `api`: sent to POST /api/v1/runs; `otel`: built from an OpenTelemetry trace. */
  source: "api" | "otel";
  toolCalls: ToolCallView[];
  /** What the guardrail detectors found at ingest, in the order they were stored; `calls` are tool-call seqs. */
  detections: Detection[];
  /** The workflow-budget limits the run went over, in the order tool_calls, duration, tokens, cost. */
  budgetBreaches: BudgetBreach[];
  /** Events of the trace's other spans (the agent's, the model calls'), for OTel runs. */
  spanEvents: { spanId: string; spanName: string; events: SpanEventView[] }[];
}
