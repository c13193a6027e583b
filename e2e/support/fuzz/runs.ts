// Generators of the fuzz suite (e2e/api/fuzz.spec.ts) for POST /api/v1/runs: valid runs per
// CONTRACT §2 (lib/shared/run-schema.ts), each maybe given one hostile mutation whose verdict is
// known (the run must be accepted, or must be rejected), gathered in batches of 1–50 with
// duplicate ids within and across batches. Values JSON cannot spell (-0, 1e400, nesting deeper
// than JSON.stringify can walk) travel as raw literals spliced into the body text (`raw`).
import fc from "fast-check";

const ENVIRONMENTS = ["production", "canary", "staging", "sandbox"] as const;
const CATEGORIES = ["tool_error", "policy_violation", "context_failure", "model_failure"] as const;
const STATUSES = ["ok", "error", "timeout", "blocked"] as const;
const HOUR = 3_600_000;
const MAX_INT = 2_147_483_647;

/** A JSON literal written into the body as is (see serializeBody). */
export const raw = (text: string) => `\u0001RAW:${text}\u0001`;

/** JSON text of `value`, with every raw(...) string replaced by its literal. */
export function serializeBody(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001RAW:((?:[^"\\]|\\.)*?)\\u0001"/g, (_, text: string) => JSON.parse(`"${text}"`) as string);
}

export type Verdict = "valid" | "invalid";

export interface GenRun {
  /** What is sent (raw literals not yet spliced). */
  run: unknown;
  verdict: Verdict;
  /** What was done to the valid run ("none" when nothing). */
  mutation: string;
}

export interface GenBatch {
  runs: GenRun[];
  /** Sent as the body itself rather than {"runs": [...]} (only for one run). */
  single: boolean;
}

/** One code point, never U+0000 and never half a surrogate pair: PostgreSQL stores it as sent. */
const codePoint = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
).filter((c) => c !== "\u0000");
const text = (minLength: number, maxLength: number) => fc.string({ unit: codePoint, minLength, maxLength });
const storableJson = fc.jsonValue({ maxDepth: 4, stringUnit: codePoint });
/** Tool payloads are stored as JSON text: any string, NUL and lone surrogates included, is fine there. */
const anyJson = fc.jsonValue({ maxDepth: 4, stringUnit: "binary" });

const id = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => `dup-${n}`) },
  { weight: 4, arbitrary: fc.uuid() },
  { weight: 3, arbitrary: fc.tuple(text(1, 24), fc.uuid()).map(([a, u]) => `${a}-${u}`) },
  // 128 characters exactly, astral ones included (4 bytes, 2 UTF-16 units each).
  { weight: 1, arbitrary: fc.uuid().map((u) => (u + "🦀".repeat(128)).slice(0, 36 + 92 * 2)) },
);

const iso = (ms: number) => new Date(ms).toISOString();
/** Same instant, other RFC 3339 spellings. */
const spell = (ms: number) =>
  fc.constantFrom(
    (t: number) => new Date(t).toISOString(),
    (t: number) => new Date(t).toISOString().replace(".000Z", "Z"),
    (t: number) => new Date(t + 5.5 * HOUR).toISOString().replace("Z", "+05:30"),
    (t: number) => new Date(t).toISOString().replace("Z", "999999Z"),
  ).map((f) => f(ms));

const startMs = (now: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: now - 30 * 24 * HOUR, max: now + 23 * HOUR }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: now - 30 * 24 * HOUR }) },
    { weight: 1, arbitrary: fc.constantFrom(0, Date.UTC(2000, 1, 29), now + 23 * HOUR) },
  );
const durationMs = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 120_000 }) }, { weight: 1, arbitrary: fc.constantFrom(0, MAX_INT) });
const money = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 50, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 1_000_000, 5e-324, raw("-0"), raw("1E-400"), raw("0.0e+0")) },
);

function toolCall(runStart: number, lean = false) {
  return fc
    .record(
      {
        name: fc.oneof(fc.constantFrom("ticketing.create", "search", "crm.lookup"), text(1, 100)),
        offset: fc.integer({ min: -HOUR, max: HOUR }),
        latency: durationMs,
        status: fc.constantFrom(...STATUSES),
        errorType: fc.option(text(1, 40), { nil: undefined }),
        retry: fc.option(fc.boolean(), { nil: undefined }),
        costUsd: fc.option(money, { nil: undefined }),
        input: lean ? fc.constant(undefined) : fc.option(fc.oneof({ weight: 40, arbitrary: anyJson }, { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 9000, maxLength: 9000 }) }), { nil: undefined }),
        output: lean ? fc.constant(undefined) : fc.option(anyJson, { nil: undefined }),
      },
      { requiredKeys: ["name", "offset", "latency", "status"] },
    )
    .map(({ offset, latency, ...c }) => {
      const start = Math.max(0, runStart + offset);
      return { ...c, startedAt: iso(start), endedAt: iso(start + latency) };
    });
}

const REQUIRED = ["id", "sessionId", "workflow", "model", "promptVersion", "startedAt", "endedAt", "outcome", "costUsd"];

function validRun(now: number) {
  return fc
    .record({ start: startMs(now), duration: durationMs, outcome: fc.constantFrom("success", "failure", "escalated") })
    .chain(({ start, duration, outcome }) =>
      fc.record(
        {
          id,
          traceId: text(1, 64),
          sessionId: text(1, 64),
          workflow: fc.oneof(fc.constantFrom("refund-request", "triage", "search"), text(1, 100)),
          environment: fc.constantFrom(...ENVIRONMENTS),
          model: text(1, 40),
          promptVersion: text(1, 20),
          release: text(1, 60),
          startedAt: spell(start),
          endedAt: spell(start + duration),
          outcome: fc.constant(outcome),
          ...(outcome === "failure"
            ? { failure: fc.record({ category: fc.constantFrom(...CATEGORIES), reason: text(1, 200), critical: fc.boolean() }, { requiredKeys: ["category", "reason"] }) }
            : {}),
          ...(outcome === "escalated" ? { escalation: fc.record({ reason: text(1, 200), reviewCostUsd: money }, { requiredKeys: ["reason"] }) } : {}),
          usage: fc.record({ inputTokens: fc.integer({ min: 0, max: MAX_INT }), outputTokens: fc.integer({ min: 0, max: MAX_INT }) }),
          costUsd: money,
          qualityScore: fc.double({ min: 0, max: 1, noNaN: true }),
          toolCalls: fc.oneof(
            { weight: 60, arbitrary: fc.array(toolCall(start), { maxLength: 6 }) },
            { weight: 1, arbitrary: fc.array(toolCall(start, true), { minLength: 480, maxLength: 500 }) },
          ),
          metadata: fc.oneof(
            fc.dictionary(text(0, 12), storableJson, { maxKeys: 6 }),
            fc.constant({ ["__proto__"]: { polluted: true }, constructor: "x" }),
          ),
        },
        { requiredKeys: [...REQUIRED, ...(outcome === "failure" ? ["failure"] : outcome === "escalated" ? ["escalation"] : [])] as never },
      ),
    );
}

type Run = Record<string, unknown>;
type Mutation = [name: string, verdict: Verdict, apply: (run: Run) => unknown];

const deep = (levels: number, open = "[", close = "]") => raw(open.repeat(levels) + close.repeat(levels));
const TEXT_FIELDS = ["id", "sessionId", "workflow", "model", "promptVersion", "release", "traceId"];

function mutations(now: number): fc.Arbitrary<Mutation> {
  const set = (name: string, verdict: Verdict, field: string, value: unknown): Mutation => [name, verdict, (r) => ({ ...r, [field]: value })];
  const field = fc.constantFrom(...REQUIRED);
  const textField = fc.constantFrom(...TEXT_FIELDS);
  return fc.oneof(
    field.map((f): Mutation => [`${f} missing`, "invalid", (r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== f))]),
    fc.tuple(field, fc.constantFrom<unknown>(123, true, [], {}, [1], { a: 1 })).map(([f, v]) => set(`${f} wrong type ${JSON.stringify(v)}`, "invalid", f, f === "costUsd" && typeof v === "number" ? "123" : v)),
    fc.constantFrom<unknown>("1", "NaN", "Infinity", "-0", true, null, 1e308, -1, 1_000_000.01, -5e-324, raw("1e400"), raw("-1e400"), raw("1e308")).map((v) =>
      set(`costUsd ${typeof v === "string" ? v : JSON.stringify(v)}`, "invalid", "costUsd", v),
    ),
    fc.constantFrom(2 ** 31, -1, 1.5, 1e308, "5").map((v): Mutation => [`usage.inputTokens ${v}`, "invalid", (r) => ({ ...r, usage: { inputTokens: v, outputTokens: 0 } })]),
    fc.constantFrom(1.0000001, -0.1, 1e308, "0.5").map((v) => set(`qualityScore ${v}`, "invalid", "qualityScore", v)),
    fc.constantFrom(1e308, -1, 1_000_001).map((v): Mutation => [`reviewCostUsd ${v}`, "invalid", (r) => ({ ...r, outcome: "escalated", failure: undefined, escalation: { reason: "r", reviewCostUsd: v } })]),
    fc.constantFrom(1e308, -0.5).map((v): Mutation => [`toolCalls.0.costUsd ${v}`, "invalid", (r) => ({ ...r, toolCalls: [{ name: "t", startedAt: r.startedAt, endedAt: r.endedAt, status: "ok", costUsd: v }] })]),
    fc.tuple(fc.constantFrom("metadata", "input", "output"), fc.integer({ min: 100, max: 6000 }), fc.boolean()).map(([where, levels, objects]): Mutation => {
      const value = objects ? raw('{"a":'.repeat(levels) + "1" + "}".repeat(levels)) : deep(levels);
      if (where === "metadata") return [`metadata nests ${levels} levels`, "invalid", (r) => ({ ...r, metadata: { x: value } })];
      return [`toolCalls.0.${where} nests ${levels} levels`, "invalid", (r) => ({ ...r, toolCalls: [{ name: "t", startedAt: r.startedAt, endedAt: r.endedAt, status: "ok", [where]: value }] })];
    }),
    fc.tuple(textField, fc.constantFrom("\u0000", "\ud800", "\udfff", "a\u0000b")).map(([f, bad]) => set(`${f} holds ${JSON.stringify(bad)}`, "invalid", f, `x${bad}`)),
    fc.constantFrom("\u0000", "\ud800").map((bad): Mutation => [`metadata key holds ${JSON.stringify(bad)}`, "invalid", (r) => ({ ...r, metadata: { [`k${bad}`]: 1 } })]),
    fc.constantFrom("\u0000", "\ud800").map((bad): Mutation => [`tool input holds ${JSON.stringify(bad)} (stored as JSON text)`, "valid", (r) => ({ ...r, toolCalls: [{ name: "t", startedAt: r.startedAt, endedAt: r.endedAt, status: "ok", input: { s: `a${bad}b` } }] })]),
    fc
      .constantFrom("0000-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2026-02-30T00:00:00Z", "2026-01-01T00:00:00", "not a date", "", "275760-09-13T00:00:00Z")
      .map((v) => set(`startedAt ${JSON.stringify(v)}`, "invalid", "startedAt", v)),
    fc.integer({ min: now + 25 * HOUR, max: Date.UTC(9999, 11, 30) }).map((ms): Mutation => ["startedAt 24 h+ ahead", "invalid", (r) => ({ ...r, startedAt: iso(ms), endedAt: iso(ms + 1000) })]),
    fc.constant<Mutation>(["endedAt before startedAt", "invalid", (r) => ({ ...r, endedAt: iso(Date.parse(String(r.startedAt)) - 1) })]),
    fc.constant<Mutation>(["lasts 2^31 ms", "invalid", (r) => ({ ...r, endedAt: iso(Date.parse(String(r.startedAt)) + 2 ** 31) })]),
    fc.constantFrom<[string, number]>(["workflow", 101], ["id", 129], ["sessionId", 257], ["model", 257]).map(([f, n]) => set(`${f} of ${n} characters`, "invalid", f, "é".repeat(n))),
    fc.constant<Mutation>(["metadata over 16 KB", "invalid", (r) => ({ ...r, metadata: { big: "x".repeat(17_000) } })]),
    fc.constant<Mutation>(["501 tool calls", "invalid", (r) => ({ ...r, toolCalls: Array.from({ length: 501 }, () => ({ name: "t", startedAt: r.startedAt, endedAt: r.endedAt, status: "ok" })) })]),
    fc.constant<Mutation>(["failure on a success", "invalid", (r) => ({ ...r, outcome: "success", escalation: undefined, failure: { category: "tool_error", reason: "x" } })]),
    fc.constant<Mutation>(["failure missing", "invalid", (r) => ({ ...r, outcome: "failure", escalation: undefined, failure: undefined })]),
    fc.constantFrom("prod", "PRODUCTION", "").map((v) => set(`environment ${JSON.stringify(v)}`, "invalid", "environment", v)),
    fc.constantFrom<unknown>(42, "run", null, [], [{}]).map((v): Mutation => [`run is ${JSON.stringify(v)}`, "invalid", () => v]),
    fc.constant<Mutation>(["unknown fields", "valid", (r) => ({ ...r, extra: { nested: [1, 2] }, "": 1 })]),
    fc.constant<Mutation>(["workflow of 100 astral characters", "valid", (r) => ({ ...r, workflow: "𝔘".repeat(100) })]),
    fc.constant<Mutation>(["metadata nests 40 levels", "valid", (r) => ({ ...r, metadata: { x: deep(40) } })]),
    fc.constant<Mutation>(["startedAt 1970-01-01", "valid", (r) => ({ ...r, startedAt: "1970-01-01T00:00:00Z", endedAt: "1970-01-01T00:00:01.5Z", toolCalls: [] })]),
  );
}

export function genRun(now: number): fc.Arbitrary<GenRun> {
  return fc.oneof(
    { weight: 3, arbitrary: validRun(now).map((run): GenRun => ({ run, verdict: "valid", mutation: "none" })) },
    {
      weight: 2,
      arbitrary: fc.tuple(validRun(now), mutations(now)).map(([run, [mutation, verdict, apply]]): GenRun => ({ run: apply(run), verdict, mutation })),
    },
  );
}

export function genBatch(now: number): fc.Arbitrary<GenBatch> {
  return fc
    .tuple(fc.array(genRun(now), { minLength: 1, maxLength: 50 }), fc.array(fc.nat(), { maxLength: 3 }), fc.boolean())
    .map(([runs, copies, single]) => {
      // Duplicates within the batch: copies of earlier runs (same id), with another workflow.
      const withCopies = [...runs];
      for (const n of copies) {
        const source = runs[n % runs.length];
        if (source.verdict === "valid" && typeof source.run === "object" && source.run !== null && !Array.isArray(source.run))
          withCopies.push({ ...source, run: { ...source.run, workflow: "copy" }, mutation: `copy of ${source.mutation}` });
      }
      return { runs: withCopies, single: single && withCopies.length === 1 };
    });
}
