// The run log an agent sends (CONTRACT §2), as zod schemas shared by the ingest path, the docs
// and clients. One run is validated on its own, so a bad run costs only itself (CONTRACT §4).
//
// Limits beyond the contract, each because the storage would otherwise fail for the whole batch:
// - text never holds U+0000 or a lone surrogate (PostgreSQL text cannot store them);
// - identifiers the database indexes (sessionId, traceId, model, promptVersion, release,
//   errorType) are at most 256 characters (a btree entry must fit in a page);
// - a run or a tool call lasts at most 2^31-1 ms (~24.8 days: durations are 32-bit integers);
// - token counts are at most 2^31-1;
// - money (costUsd of a run or a call, reviewCostUsd) is at most 1,000,000 USD: no real run costs
//   that, and sums over any number of runs stay finite (two runs of 1e308 overflowed every metric);
// - JSON nests at most 64 levels anywhere in a run (metadata, tool inputs and outputs): deeper
//   values would exhaust the stack of the code that measures and stores them.
//
// Time: a run's startedAt may be at most 24 h after the time Keel receives it (CONTRACT §2), so a
// sender's wrong clock or a unit slip (seconds read as milliseconds) cannot park runs in the future of
// every window. Only the run's startedAt is pinned: windows, metrics and objectives count calls and
// runs on the run's startedAt, and a run's endedAt and its calls' times are already tied to it by the
// duration limit. The check needs "now", so it is not in RunSchema but in validateRun (receivedAt).
import { z } from "zod";

import { formatCount } from "./format";
import { ENVIRONMENTS, FAILURE_CATEGORIES, OUTCOMES, TOOL_CALL_STATUSES } from "./contract-enums";
import type { runAsSentSchema, toolCallAsSentSchema } from "./api/runs";
export { ENVIRONMENTS, FAILURE_CATEGORIES, OUTCOMES, TOOL_CALL_STATUSES };

import type { Environment, FailureCategory, Outcome, ToolCallStatus } from "./contract-enums";
export type { Environment, FailureCategory, Outcome, ToolCallStatus };

export const MAX_RUNS_PER_BATCH = 1000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_TOOL_CALLS = 500;
/** Tool-call input/output are stored cut to this many bytes of UTF-8 JSON. */
export const MAX_TOOL_PAYLOAD_BYTES = 8 * 1024;
export const MAX_METADATA_BYTES = 16 * 1024;
export const MAX_DURATION_MS = 2_147_483_647;
/** How far after the time Keel receives a run its startedAt may be (CONTRACT §2): 24 h. */
export const MAX_START_AHEAD_MS = 24 * 3_600_000;
const MAX_INT = 2_147_483_647;
/** The most a run, a tool call or a human review may cost, in USD (see above). */
export const MAX_COST_USD = 1_000_000;
/** How deep JSON may nest inside a run (the run object itself is level 1). */
export const MAX_JSON_DEPTH = 64;

/** Length in characters (code points), as PostgreSQL's varchar(n) counts them. */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** UTF-8 size of a string (lone surrogates count as U+FFFD, 3 bytes), in browsers too. */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function storableIssue(s: string): string | null {
  if (s.includes("\u0000")) return "must not contain the NUL character (U+0000)";
  if (!s.isWellFormed()) return "must be valid Unicode (it contains a lone surrogate)";
  return null;
}

/** A string of min–max characters that PostgreSQL can store as sent. */
function text(min: number, max: number) {
  return z.string().check((ctx) => {
    const problem = storableIssue(ctx.value);
    if (problem) {
      ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
      return;
    }
    // UTF-16 length ≥ characters, so only a long string needs counting.
    const n = ctx.value.length > max ? charLength(ctx.value) : ctx.value.length;
    if (n < min)
      ctx.issues.push({ code: "custom", message: min === 1 ? "must not be empty" : `must have at least ${min} characters`, input: ctx.value });
    else if (n > max)
      ctx.issues.push({ code: "custom", message: `must have at most ${max} characters (has ${n})`, input: ctx.value });
  });
}

const MIN_TIME_MS = Date.UTC(1970, 0, 1);
const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** RFC 3339 with a `Z` or an explicit offset: a timestamp without a zone is ambiguous. */
const timestamp = z
  .iso.datetime({
    offset: true,
    error: (iss) =>
      iss.input === undefined ? "required" : "must be an RFC 3339 timestamp with a zone, e.g. 2026-10-14T09:30:00.000Z",
  })
  .refine((s) => {
    const ms = Date.parse(s);
    return ms >= MIN_TIME_MS && ms <= MAX_TIME_MS;
  }, "must be between 1970-01-01 and 9999-12-31 (UTC)");

const nonNegative = (what: string) =>
  z.number({ error: (iss) => (iss.input === undefined ? "required" : `${what} must be a number`) }).min(0, "must be >= 0");
const money = (what: string) =>
  nonNegative(what).max(MAX_COST_USD, `must be at most ${formatCount(MAX_COST_USD)} USD`);

export const FailureSchema = z.object({
  category: z.enum(FAILURE_CATEGORIES),
  reason: text(1, 200),
  critical: z.boolean().default(false),
});

export const EscalationSchema = z.object({
  reason: text(1, 200),
  reviewCostUsd: money("reviewCostUsd").nullish(),
});

export const UsageSchema = z.object({
  inputTokens: z.int().min(0, "must be >= 0").max(MAX_INT, `must be at most ${MAX_INT}`),
  outputTokens: z.int().min(0, "must be >= 0").max(MAX_INT, `must be at most ${MAX_INT}`),
});

/** Any JSON value; null counts as absent. */
const payload = z.unknown().optional();

export const ToolCallSchema = z
  .object({
    name: text(1, 100),
    startedAt: timestamp,
    endedAt: timestamp,
    status: z.enum(TOOL_CALL_STATUSES),
    errorType: text(1, 256).nullish(),
    retry: z.boolean().nullish(),
    costUsd: money("costUsd").nullish(),
    input: payload,
    output: payload,
    /** The request id the agent sent to a side-effecting tool (CONTRACT §2). */
    idempotencyKey: text(1, 256).nullish(),
    /** The call changes the world (a refund, a ticket); absent = not said. */
    sideEffect: z.boolean().nullish(),
  })
  .superRefine((call, ctx) => checkSpan(call.startedAt, call.endedAt, ctx));

export const RunSchema = z
  .object({
    id: text(1, 128),
    traceId: text(1, 256).nullish(),
    sessionId: text(1, 256),
    workflow: text(1, 100),
    environment: z.enum(ENVIRONMENTS).nullish(),
    model: text(1, 256),
    promptVersion: text(1, 256),
    release: text(1, 256).nullish(),
    startedAt: timestamp,
    endedAt: timestamp,
    outcome: z.enum(OUTCOMES),
    failure: FailureSchema.nullish(),
    escalation: EscalationSchema.nullish(),
    usage: UsageSchema.nullish(),
    costUsd: money("costUsd"),
    qualityScore: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").nullish(),
    toolCalls: z.array(ToolCallSchema).max(MAX_TOOL_CALLS, `at most ${MAX_TOOL_CALLS} tool calls per run`).nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
  })
  .superRefine((run, ctx) => {
    checkSpan(run.startedAt, run.endedAt, ctx);
    if (run.outcome === "failure" && run.failure == null)
      ctx.addIssue({ code: "custom", path: ["failure"], message: "required when outcome is 'failure'" });
    if (run.outcome !== "failure" && run.failure != null)
      ctx.addIssue({ code: "custom", path: ["failure"], message: `only allowed when outcome is 'failure' (outcome is '${run.outcome}')` });
    if (run.outcome === "escalated" && run.escalation == null)
      ctx.addIssue({ code: "custom", path: ["escalation"], message: "required when outcome is 'escalated'" });
    if (run.outcome !== "escalated" && run.escalation != null)
      ctx.addIssue({ code: "custom", path: ["escalation"], message: `only allowed when outcome is 'escalated' (outcome is '${run.outcome}')` });
    if (run.metadata != null) {
      const problem = metadataIssue(run.metadata);
      if (problem) ctx.addIssue({ code: "custom", path: ["metadata"], message: problem });
    }
  });

function checkSpan(startedAt: string, endedAt: string, ctx: z.RefinementCtx) {
  const ms = Date.parse(endedAt) - Date.parse(startedAt);
  if (Number.isNaN(ms)) return;
  if (ms < 0) ctx.addIssue({ code: "custom", path: ["endedAt"], message: "must not be before startedAt" });
  else if (ms > MAX_DURATION_MS)
    ctx.addIssue({ code: "custom", path: ["endedAt"], message: `must be at most ${MAX_DURATION_MS} ms after startedAt` });
}

function metadataIssue(metadata: Record<string, unknown>): string | null {
  const serialized = JSON.stringify(metadata);
  const bytes = utf8Bytes(serialized);
  if (bytes > MAX_METADATA_BYTES)
    return `must be at most 16 KB (${MAX_METADATA_BYTES} bytes) serialized; it is ${bytes} bytes`;
  // JSONB refuses \u0000 and lone surrogates anywhere in keys or strings.
  let problem: string | null = null;
  JSON.stringify(metadata, (key, value) => {
    problem ??= storableIssue(key) ?? (typeof value === "string" ? storableIssue(value) : null);
    return value;
  });
  return problem ? `strings and keys ${problem}` : null;
}

/** A run as validated (defaults not yet applied: see lib/server/ingest/normalize.ts). */
export type RunInput = z.infer<typeof RunSchema>;
export type ToolCallInput = z.infer<typeof ToolCallSchema>;

export interface ValidationError {
  path: string;
  message: string;
}

export interface ValidateRunOptions {
  /** When Keel received the run (default: now); startedAt may be at most 24 h after it. */
  receivedAt?: Date | number;
}

/** Validates one run; errors carry the field path inside the run, e.g. `toolCalls.2.name`. */
export function validateRun(value: unknown, options: ValidateRunOptions = {}): { ok: true; run: RunInput } | { ok: false; errors: ValidationError[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, errors: [{ path: "", message: "a run must be a JSON object" }] };
  // Before anything walks the value recursively (zod, JSON.stringify): depth first, iteratively.
  const tooDeep = jsonDepthIssue(value, MAX_JSON_DEPTH);
  if (tooDeep) return { ok: false, errors: [tooDeep] };
  const parsed = RunSchema.safeParse(value, {
    error: (iss) => (iss.input === undefined && iss.code !== "custom" ? "required" : undefined),
  });
  const errors: ValidationError[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  // A startedAt that is itself malformed already has its error; only a valid one is placed in time.
  const startedAt = (value as { startedAt?: unknown }).startedAt;
  if (typeof startedAt === "string" && !errors.some((e) => e.path === "startedAt")) {
    const problem = startAheadIssue(startedAt, options.receivedAt ?? Date.now());
    if (problem) errors.push({ path: "startedAt", message: problem });
  }
  if (parsed.success && errors.length === 0) {
    // z.record copies metadata into a fresh object, where a "__proto__" key sets the prototype
    // instead of a property and silently vanishes: keep the object as JSON.parse made it (its
    // values are z.unknown, so the copy is otherwise identical).
    const metadata = (value as { metadata?: unknown }).metadata;
    if (parsed.data.metadata != null && metadata && typeof metadata === "object") parsed.data.metadata = metadata as Record<string, unknown>;
    return { ok: true, run: parsed.data };
  }
  return { ok: false, errors };
}

/**
 * The first place where `value` nests deeper than `maxDepth` levels (the value itself is level 1),
 * named by its field: `metadata`, `toolCalls.2.input`, … Iterative, so any depth is safe to check.
 */
export function jsonDepthIssue(value: unknown, maxDepth: number): ValidationError | null {
  const stack: { v: unknown; depth: number; path: string[] }[] = [{ v: value, depth: 1, path: [] }];
  while (stack.length) {
    const { v, depth, path } = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth > maxDepth) {
      // Name the run's field (toolCalls.N.field, or a top-level field), not 64 segments of it.
      const field = path[0] === "toolCalls" ? path.slice(0, 3) : path.slice(0, 1);
      return { path: field.join("."), message: `nests JSON deeper than ${maxDepth} levels; flatten it` };
    }
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    for (const [k, x] of entries) if (typeof x === "object" && x !== null) stack.push({ v: x, depth: depth + 1, path: [...path, k] });
  }
  return null;
}

/** Why a run starting at `startedAt` is too far in the future of `receivedAt`, or null. */
export function startAheadIssue(startedAt: string, receivedAt: Date | number): string | null {
  const received = typeof receivedAt === "number" ? receivedAt : receivedAt.getTime();
  const ahead = Date.parse(startedAt) - received;
  if (!(ahead > MAX_START_AHEAD_MS)) return null;
  const hours = ahead / 3_600_000;
  // TODO(format): "24.0 h" is not a formatDurationMs format ("24 h 00 m"), but lib/shared/run-schema.test.ts
  // and test/integration/ingest-future.test.ts assert "24.0 h later" / "25.0 h later" as is.
  const howFar = hours < 48 ? `${hours.toFixed(1)} h` : `${formatCount(Math.floor(hours / 24))} days`;
  return `must be at most 24 h after the time Keel received the run (${new Date(received).toISOString()}); it is ${howFar} later: check the sender's clock`;
}

/** A run as Keel returns it (GET /api/v1/runs/{id}); the shape is the response schema's (lib/shared/api/runs.ts). */
export type Run = z.infer<typeof runAsSentSchema>;
export type ToolCall = z.infer<typeof toolCallAsSentSchema>;
