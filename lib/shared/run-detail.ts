// What the run-detail page shows: the run, its tool calls on a time axis, its incidents.
import type { RunListItem } from "./runs-query";

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
}

export interface RunDetail extends RunListItem {
  usage: { inputTokens: number; outputTokens: number } | null;
  metadata: unknown;
  receivedAt: string;
  toolCalls: ToolCallView[];
}
