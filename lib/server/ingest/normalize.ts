import "server-only";
// A validated run → the row values Keel stores: defaults applied (CONTRACT §2), timestamps in
// UTC at the database's millisecond precision, durations computed, tool-call payloads serialised
// and cut to 8 KB.
import { MAX_TOOL_PAYLOAD_BYTES, type RunInput, type ValidationError } from "@/lib/shared/run-schema";

export interface ToolCallRow {
  seq: number;
  name: string;
  startedAt: string;
  endedAt: string;
  latencyMs: number;
  status: string;
  errorType: string | null;
  retry: boolean;
  costUsd: number;
  input: string | null;
  inputTruncated: boolean;
  output: string | null;
  outputTruncated: boolean;
  idempotencyKey: string | null;
  /** As sent: null when the call did not say. */
  sideEffect: boolean | null;
  /** The OTel span the call was mapped from (runs built from traces only). */
  spanId?: string | null;
}

export interface RunRow {
  id: string;
  traceId: string;
  sessionId: string;
  workflow: string;
  environment: string;
  model: string;
  promptVersion: string;
  release: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  outcome: string;
  failureCategory: string | null;
  failureReason: string | null;
  failureCritical: boolean;
  escalationReason: string | null;
  reviewCostUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number;
  qualityScore: number | null;
  /** JSON text (stored as jsonb). */
  metadata: string | null;
  toolCalls: ToolCallRow[];
  /** `api` (the default) or `otel` for a run built from a trace's spans. */
  source?: "api" | "otel";
}

export type NormalizeResult = { ok: true; row: RunRow } | { ok: false; errors: ValidationError[] };

export function normalizeRun(run: RunInput): NormalizeResult {
  const errors: ValidationError[] = [];
  const startedMs = Date.parse(run.startedAt);
  const endedMs = Date.parse(run.endedAt);
  const toolCalls: ToolCallRow[] = (run.toolCalls ?? []).map((call, seq) => {
    const callStarted = Date.parse(call.startedAt);
    const callEnded = Date.parse(call.endedAt);
    const input = serializePayload(call.input, `toolCalls.${seq}.input`, errors);
    const output = serializePayload(call.output, `toolCalls.${seq}.output`, errors);
    return {
      seq,
      name: call.name,
      startedAt: utcMillis(call.startedAt, callStarted),
      endedAt: utcMillis(call.endedAt, callEnded),
      latencyMs: callEnded - callStarted,
      status: call.status,
      errorType: call.errorType ?? null,
      retry: call.retry ?? false,
      costUsd: call.costUsd ?? 0,
      input: input.text,
      inputTruncated: input.truncated,
      output: output.text,
      outputTruncated: output.truncated,
      idempotencyKey: call.idempotencyKey ?? null,
      sideEffect: call.sideEffect ?? null,
    };
  });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    row: {
      id: run.id,
      traceId: run.traceId ?? run.id,
      sessionId: run.sessionId,
      workflow: run.workflow,
      environment: run.environment ?? "production",
      model: run.model,
      promptVersion: run.promptVersion,
      release: run.release ?? `${run.model}@${run.promptVersion}`,
      startedAt: utcMillis(run.startedAt, startedMs),
      endedAt: utcMillis(run.endedAt, endedMs),
      durationMs: endedMs - startedMs,
      outcome: run.outcome,
      failureCategory: run.failure?.category ?? null,
      failureReason: run.failure?.reason ?? null,
      failureCritical: run.failure?.critical ?? false,
      escalationReason: run.escalation?.reason ?? null,
      reviewCostUsd: run.escalation?.reviewCostUsd ?? null,
      inputTokens: run.usage?.inputTokens ?? null,
      outputTokens: run.usage?.outputTokens ?? null,
      costUsd: run.costUsd,
      qualityScore: run.qualityScore ?? null,
      metadata: run.metadata == null ? null : JSON.stringify(run.metadata),
      toolCalls,
    },
  };
}

const CANONICAL_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The instant as `YYYY-MM-DDTHH:mm:ss.sssZ` (what most clients already send: then as is). */
function utcMillis(text: string, ms: number): string {
  return CANONICAL_UTC.test(text) ? text : new Date(ms).toISOString();
}

/** null/absent → NULL; anything else → its JSON text, cut to 8 KB on a character boundary. */
function serializePayload(
  value: unknown,
  path: string,
  errors: ValidationError[],
): { text: string | null; truncated: boolean } {
  if (value === undefined || value === null) return { text: null, truncated: false };
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) {
    // Only reachable from in-process callers (JSON bodies always serialise).
    errors.push({ path, message: "must be a JSON value" });
    return { text: null, truncated: false };
  }
  return truncateUtf8(json, MAX_TOOL_PAYLOAD_BYTES);
}

export function truncateUtf8(text: string, maxBytes: number): { text: string; truncated: boolean } {
  // Fast path: even at 3 bytes per UTF-16 unit it fits.
  if (text.length * 3 <= maxBytes) return { text, truncated: false };
  const buf = Buffer.from(text, "utf8");
  if (buf.length <= maxBytes) return { text, truncated: false };
  let end = maxBytes;
  // Back off to the first byte of the character that would be split.
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  return { text: buf.subarray(0, end).toString("utf8"), truncated: true };
}
