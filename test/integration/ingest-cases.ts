// Every field rule of CONTRACT §2 as a case: a valid run changed one way, and the error path it
// must produce (or `null` when the change is valid). Shared by the store-level suite
// (test/integration/ingest.test.ts) and the HTTP spec (e2e/api/ingest.spec.ts), which sends
// them all as one mixed batch.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type RunJson = { [key: string]: Json };

export function validRun(id: string, overrides: RunJson = {}): RunJson {
  return {
    id,
    sessionId: "session-1",
    workflow: "refund-request",
    model: "gpt-4.1",
    promptVersion: "v12",
    startedAt: "2026-10-14T09:30:00.000Z",
    endedAt: "2026-10-14T09:30:02.500Z",
    outcome: "success",
    costUsd: 0.0123,
    toolCalls: [
      {
        name: "ticketing.lookup",
        startedAt: "2026-10-14T09:30:00.100Z",
        endedAt: "2026-10-14T09:30:00.350Z",
        status: "ok",
        input: { ticket: "T-1" },
        output: { found: true },
      },
      {
        name: "ticketing.create",
        startedAt: "2026-10-14T09:30:01.000Z",
        endedAt: "2026-10-14T09:30:02.000Z",
        status: "error",
        errorType: "invalid_parameters",
        retry: true,
        costUsd: 0.001,
      },
    ],
    ...overrides,
  };
}

export interface FieldCase {
  name: string;
  /** Builds the run from a valid one (ids are unique per case). */
  run: (id: string) => Json;
  /** The path of the (first) error, or null when the run is valid. */
  errorPath: string | null;
}

const without = (run: RunJson, ...keys: string[]): RunJson => {
  const copy = { ...run };
  for (const k of keys) delete copy[k];
  return copy;
};
const call = (overrides: RunJson): RunJson => ({
  name: "kb.search",
  startedAt: "2026-10-14T09:30:00.000Z",
  endedAt: "2026-10-14T09:30:00.200Z",
  status: "ok",
  ...overrides,
});
const failure = { category: "tool_error", reason: "ticketing API timeout" };
/** An instant `hours` after now (the cases are built just before they are sent, so "now" ≈ the receive time). */
export const hoursFromNow = (hours: number, plusMs = 0): string => new Date(Date.now() + hours * 3_600_000 + plusMs).toISOString();
const escalation = { reason: "high-impact action", reviewCostUsd: 2.5 };

export const FIELD_CASES: FieldCase[] = [
  { name: "not an object", run: () => "a run", errorPath: "" },
  { name: "id missing", run: (id) => without(validRun(id), "id"), errorPath: "id" },
  { name: "id empty", run: () => validRun(""), errorPath: "id" },
  { name: "id 129 chars", run: (id) => validRun(id.padEnd(129, "x")), errorPath: "id" },
  { name: "id 128 chars", run: (id) => validRun(id.padEnd(128, "x")), errorPath: null },
  { name: "id not a string", run: (id) => ({ ...validRun(id), id: 42 }), errorPath: "id" },
  { name: "traceId empty", run: (id) => validRun(id, { traceId: "" }), errorPath: "traceId" },
  { name: "sessionId missing", run: (id) => without(validRun(id), "sessionId"), errorPath: "sessionId" },
  { name: "workflow missing", run: (id) => without(validRun(id), "workflow"), errorPath: "workflow" },
  { name: "workflow empty", run: (id) => validRun(id, { workflow: "" }), errorPath: "workflow" },
  { name: "workflow 101 chars", run: (id) => validRun(id, { workflow: "w".repeat(101) }), errorPath: "workflow" },
  { name: "workflow 100 chars", run: (id) => validRun(id, { workflow: "w".repeat(100) }), errorPath: null },
  { name: "environment unknown", run: (id) => validRun(id, { environment: "prod" }), errorPath: "environment" },
  { name: "environment canary", run: (id) => validRun(id, { environment: "canary" }), errorPath: null },
  { name: "environment staging", run: (id) => validRun(id, { environment: "staging" }), errorPath: null },
  { name: "environment sandbox", run: (id) => validRun(id, { environment: "sandbox" }), errorPath: null },
  { name: "model missing", run: (id) => without(validRun(id), "model"), errorPath: "model" },
  { name: "promptVersion missing", run: (id) => without(validRun(id), "promptVersion"), errorPath: "promptVersion" },
  { name: "release empty", run: (id) => validRun(id, { release: "" }), errorPath: "release" },
  { name: "startedAt missing", run: (id) => without(validRun(id), "startedAt"), errorPath: "startedAt" },
  { name: "startedAt without zone", run: (id) => validRun(id, { startedAt: "2026-10-14T09:30:00" }), errorPath: "startedAt" },
  { name: "startedAt not a date", run: (id) => validRun(id, { startedAt: "yesterday" }), errorPath: "startedAt" },
  { name: "startedAt impossible day", run: (id) => validRun(id, { startedAt: "2026-02-30T09:30:00Z" }), errorPath: "startedAt" },
  { name: "endedAt missing", run: (id) => without(validRun(id), "endedAt"), errorPath: "endedAt" },
  { name: "endedAt before startedAt", run: (id) => validRun(id, { endedAt: "2026-10-14T09:29:59.999Z" }), errorPath: "endedAt" },
  { name: "endedAt equal to startedAt", run: (id) => validRun(id, { endedAt: "2026-10-14T09:30:00Z" }), errorPath: null },
  { name: "startedAt 25 h after receipt", run: (id) => validRun(id, { startedAt: hoursFromNow(25), endedAt: hoursFromNow(25, 2500), toolCalls: [] }), errorPath: "startedAt" },
  { name: "startedAt 10 years after receipt", run: (id) => validRun(id, { startedAt: hoursFromNow(24 * 3653), endedAt: hoursFromNow(24 * 3653, 1000), toolCalls: [] }), errorPath: "startedAt" },
  { name: "startedAt 23 h after receipt", run: (id) => validRun(id, { startedAt: hoursFromNow(23), endedAt: hoursFromNow(23, 2500), toolCalls: [] }), errorPath: null },
  // Only the run's startedAt is pinned to the receive time: a long run's calls may end later.
  { name: "tool call 25 h after receipt in a run started now", run: (id) => validRun(id, { startedAt: hoursFromNow(0), endedAt: hoursFromNow(26), toolCalls: [call({ startedAt: hoursFromNow(25), endedAt: hoursFromNow(25, 200) })] }), errorPath: null },
  { name: "timestamps with offsets", run: (id) => validRun(id, { startedAt: "2026-10-14T11:30:00+02:00", endedAt: "2026-10-14T05:30:01-04:00" }), errorPath: null },
  { name: "outcome missing", run: (id) => without(validRun(id), "outcome"), errorPath: "outcome" },
  { name: "outcome unknown", run: (id) => validRun(id, { outcome: "ok" }), errorPath: "outcome" },
  { name: "failure missing on failure", run: (id) => validRun(id, { outcome: "failure" }), errorPath: "failure" },
  { name: "failure on success", run: (id) => validRun(id, { failure }), errorPath: "failure" },
  { name: "failure on escalated", run: (id) => validRun(id, { outcome: "escalated", escalation, failure }), errorPath: "failure" },
  { name: "failure category unknown", run: (id) => validRun(id, { outcome: "failure", failure: { ...failure, category: "timeout" } }), errorPath: "failure.category" },
  { name: "failure reason empty", run: (id) => validRun(id, { outcome: "failure", failure: { ...failure, reason: "" } }), errorPath: "failure.reason" },
  { name: "failure reason 201 chars", run: (id) => validRun(id, { outcome: "failure", failure: { ...failure, reason: "r".repeat(201) } }), errorPath: "failure.reason" },
  { name: "failure critical not boolean", run: (id) => validRun(id, { outcome: "failure", failure: { ...failure, critical: "yes" } }), errorPath: "failure.critical" },
  { name: "failure valid", run: (id) => validRun(id, { outcome: "failure", failure: { category: "policy_violation", reason: "r".repeat(200), critical: true } }), errorPath: null },
  { name: "escalation missing on escalated", run: (id) => validRun(id, { outcome: "escalated" }), errorPath: "escalation" },
  { name: "escalation on success", run: (id) => validRun(id, { escalation }), errorPath: "escalation" },
  { name: "escalation reason missing", run: (id) => validRun(id, { outcome: "escalated", escalation: { reviewCostUsd: 1 } }), errorPath: "escalation.reason" },
  { name: "escalation reason 201 chars", run: (id) => validRun(id, { outcome: "escalated", escalation: { reason: "r".repeat(201) } }), errorPath: "escalation.reason" },
  { name: "escalation reviewCostUsd negative", run: (id) => validRun(id, { outcome: "escalated", escalation: { ...escalation, reviewCostUsd: -1 } }), errorPath: "escalation.reviewCostUsd" },
  { name: "escalation without reviewCostUsd", run: (id) => validRun(id, { outcome: "escalated", escalation: { reason: "budget cap exceeded" } }), errorPath: null },
  { name: "usage inputTokens negative", run: (id) => validRun(id, { usage: { inputTokens: -1, outputTokens: 5 } }), errorPath: "usage.inputTokens" },
  { name: "usage inputTokens fractional", run: (id) => validRun(id, { usage: { inputTokens: 1.5, outputTokens: 5 } }), errorPath: "usage.inputTokens" },
  { name: "usage outputTokens missing", run: (id) => validRun(id, { usage: { inputTokens: 1 } }), errorPath: "usage.outputTokens" },
  { name: "costUsd missing", run: (id) => without(validRun(id), "costUsd"), errorPath: "costUsd" },
  { name: "costUsd negative", run: (id) => validRun(id, { costUsd: -0.01 }), errorPath: "costUsd" },
  { name: "costUsd a string", run: (id) => validRun(id, { costUsd: "0.5" }), errorPath: "costUsd" },
  { name: "costUsd zero", run: (id) => validRun(id, { costUsd: 0 }), errorPath: null },
  { name: "qualityScore above 1", run: (id) => validRun(id, { qualityScore: 1.01 }), errorPath: "qualityScore" },
  { name: "qualityScore below 0", run: (id) => validRun(id, { qualityScore: -0.1 }), errorPath: "qualityScore" },
  { name: "qualityScore 1", run: (id) => validRun(id, { qualityScore: 1 }), errorPath: null },
  { name: "qualityScore 0", run: (id) => validRun(id, { qualityScore: 0 }), errorPath: null },
  { name: "toolCalls not an array", run: (id) => validRun(id, { toolCalls: { name: "x" } }), errorPath: "toolCalls" },
  { name: "toolCalls 501", run: (id) => validRun(id, { toolCalls: Array.from({ length: 501 }, () => call({})) }), errorPath: "toolCalls" },
  { name: "toolCalls 500", run: (id) => validRun(id, { toolCalls: Array.from({ length: 500 }, () => call({})) }), errorPath: null },
  { name: "toolCalls empty", run: (id) => validRun(id, { toolCalls: [] }), errorPath: null },
  { name: "tool name missing", run: (id) => validRun(id, { toolCalls: [call({}), without(call({}), "name")] }), errorPath: "toolCalls.1.name" },
  { name: "tool name 101 chars", run: (id) => validRun(id, { toolCalls: [call({ name: "n".repeat(101) })] }), errorPath: "toolCalls.0.name" },
  { name: "tool status unknown", run: (id) => validRun(id, { toolCalls: [call({ status: "failed" })] }), errorPath: "toolCalls.0.status" },
  { name: "tool status blocked", run: (id) => validRun(id, { toolCalls: [call({ status: "blocked" }), call({ status: "timeout" })] }), errorPath: null },
  { name: "tool startedAt without zone", run: (id) => validRun(id, { toolCalls: [call({ startedAt: "2026-10-14 09:30:00" })] }), errorPath: "toolCalls.0.startedAt" },
  { name: "tool endedAt before startedAt", run: (id) => validRun(id, { toolCalls: [call({ endedAt: "2026-10-14T09:29:00Z" })] }), errorPath: "toolCalls.0.endedAt" },
  { name: "tool retry not boolean", run: (id) => validRun(id, { toolCalls: [call({ retry: 1 })] }), errorPath: "toolCalls.0.retry" },
  { name: "tool costUsd negative", run: (id) => validRun(id, { toolCalls: [call({ costUsd: -0.5 })] }), errorPath: "toolCalls.0.costUsd" },
  { name: "tool errorType not a string", run: (id) => validRun(id, { toolCalls: [call({ errorType: 500 })] }), errorPath: "toolCalls.0.errorType" },
  { name: "tool idempotencyKey 256 chars", run: (id) => validRun(id, { toolCalls: [call({ idempotencyKey: "k".repeat(256) })] }), errorPath: null },
  { name: "tool idempotencyKey 257 chars", run: (id) => validRun(id, { toolCalls: [call({}), call({ idempotencyKey: "k".repeat(257) })] }), errorPath: "toolCalls.1.idempotencyKey" },
  { name: "tool idempotencyKey empty", run: (id) => validRun(id, { toolCalls: [call({ idempotencyKey: "" })] }), errorPath: "toolCalls.0.idempotencyKey" },
  { name: "tool idempotencyKey not a string", run: (id) => validRun(id, { toolCalls: [call({ idempotencyKey: 42 })] }), errorPath: "toolCalls.0.idempotencyKey" },
  { name: "tool sideEffect true", run: (id) => validRun(id, { toolCalls: [call({ sideEffect: true })] }), errorPath: null },
  { name: "tool sideEffect not boolean", run: (id) => validRun(id, { toolCalls: [call({ sideEffect: "yes" })] }), errorPath: "toolCalls.0.sideEffect" },
  { name: "metadata an array", run: (id) => validRun(id, { metadata: ["a"] }), errorPath: "metadata" },
  { name: "metadata over 16 KB", run: (id) => validRun(id, { metadata: { blob: "x".repeat(16 * 1024) } }), errorPath: "metadata" },
  // {"blob":"…"} is 11 bytes of JSON around the string.
  { name: "metadata exactly 16 KB", run: (id) => validRun(id, { metadata: { blob: "x".repeat(16 * 1024 - 11) } }), errorPath: null },
  { name: "NUL character in text", run: (id) => validRun(id, { workflow: "a\u0000b" }), errorPath: "workflow" },
];
