import { describe, expect, it } from "vitest";
import { canonicalJson, DEFAULT_DETECTOR_SETTINGS, detectRun, inputKey, type DetectorCall, type DetectorSettings } from "./detectors";

/** A call as stored: input is the JSON text JSON.stringify made of what was sent. */
function call(name: string, input?: unknown, over: Partial<DetectorCall> = {}): DetectorCall {
  return {
    name,
    status: "ok",
    costUsd: 0.25,
    input: input === undefined ? null : JSON.stringify(input),
    inputTruncated: false,
    idempotencyKey: null,
    sideEffect: null,
    ...over,
  };
}
const failing = (name: string, input?: unknown, over: Partial<DetectorCall> = {}) => call(name, input, { status: "error", ...over });
const settings = (over: Partial<DetectorSettings> = {}): DetectorSettings => ({ ...DEFAULT_DETECTOR_SETTINGS, ...over });
const detect = (calls: DetectorCall[], over: Partial<DetectorSettings> = {}) => detectRun(calls, settings(over));
const kinds = (calls: DetectorCall[], over: Partial<DetectorSettings> = {}) => detect(calls, over).map((d) => d.kind);

describe("same input: canonical JSON of the stored input", () => {
  it("sorts object keys at every level, keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(inputKey('{"b":2,"a":1}', false)).toBe(inputKey('{"a":1,"b":2}', false));
    expect(inputKey("[1,2]", false)).not.toBe(inputKey("[2,1]", false));
  });
  it("no input is its own key; a cut input compares by its text", () => {
    expect(inputKey(null, false)).toBe("");
    expect(inputKey('{"a":', true)).toBe('~{"a":');
    expect(inputKey('"x"', false)).toBe('"x"');
  });
});

describe("repeated_call: the same tool with the same input 3+ times", () => {
  it("finds a storm and its wasted cost (the calls beyond the first)", () => {
    const calls = [call("kb.search", { q: "refund" }), call("crm.customer", { id: 1 }), call("kb.search", { q: "refund" }), call("kb.search", { q: "refund" }, { costUsd: 0.5 })];
    expect(detect(calls)).toEqual([{ kind: "repeated_call", tool: "kb.search", count: 3, wastedCostUsd: 0.75, calls: [0, 2, 3] }]);
  });
  it("key order in the input does not matter", () => {
    const calls = [call("orders.get", { id: 7, full: true }), call("orders.get", { full: true, id: 7 }), call("orders.get", { id: 7, full: true })];
    expect(kinds(calls)).toEqual(["repeated_call"]);
  });
  it("groups equal texts, reordered keys and tells apart inputs of another length or value", () => {
    const calls = [call("t", { a: 1, b: 2 }), call("t", { a: 1, b: 22 }), call("t", { b: 2, a: 1 }), call("t", { a: 1, b: 3 }), call("t", { a: 1, b: 2 })];
    expect(detect(calls)).toEqual([{ kind: "repeated_call", tool: "t", count: 3, wastedCostUsd: 0.5, calls: [0, 2, 4] }]);
  });
  it("near miss: 2 repeats", () => {
    expect(detect([call("kb.search", { q: "a" }), call("kb.search", { q: "a" })])).toEqual([]);
  });
  it("near miss: the same tool with different inputs", () => {
    expect(detect([call("kb.search", { q: "a" }), call("kb.search", { q: "b" }), call("kb.search", { q: "c" })])).toEqual([]);
  });
  it("calls without input repeat each other; each input gets its own detection", () => {
    const calls = [call("clock.now"), call("clock.now"), call("clock.now"), call("kb.search", 1), call("kb.search", 1), call("kb.search", 1)];
    expect(detect(calls).map((d) => [d.tool, d.count])).toEqual([
      ["clock.now", 3],
      ["kb.search", 3],
    ]);
  });
  it("the threshold is a setting", () => {
    const calls = [call("kb.search", 1), call("kb.search", 1), call("kb.search", 1)];
    expect(kinds(calls, { repeatedCallThreshold: 4 })).toEqual([]);
    expect(kinds(calls.slice(0, 2), { repeatedCallThreshold: 2 })).toEqual(["repeated_call"]);
  });
});

describe("cycle: A→B→A→B, 2+ rounds", () => {
  it("finds two rounds; wasted = the second round", () => {
    const calls = [call("kb.search", 1), call("crm.customer", 2, { costUsd: 0.5 }), call("kb.search", 1), call("crm.customer", 2, { costUsd: 0.5 })];
    expect(detect(calls)).toEqual([{ kind: "cycle", tool: "kb.search → crm.customer", count: 2, wastedCostUsd: 0.75, calls: [0, 1, 2, 3] }]);
  });
  it("counts whole rounds after a lead-in; a partial last round is not one", () => {
    const calls = [call("auth"), call("a", 1), call("b", 2), call("c", 3), call("a", 1), call("b", 2), call("c", 3), call("a", 1), call("b", 2), call("c", 3), call("a", 1)];
    const [cycle] = detect(calls).filter((d) => d.kind === "cycle");
    expect(cycle).toEqual({ kind: "cycle", tool: "a → b → c", count: 3, wastedCostUsd: 1.5, calls: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
  });
  it("near miss: one round and a half", () => {
    expect(kinds([call("a", 1), call("b", 2), call("a", 1)])).toEqual([]);
  });
  it("near miss: the same tools with new inputs (paging) is progress, not a loop", () => {
    expect(kinds([call("search", { page: 1 }), call("fetch", 1), call("search", { page: 2 }), call("fetch", 2)])).toEqual([]);
  });
  it("near miss: one call repeated back to back is a repeat, not a cycle", () => {
    expect(kinds([call("a", 1), call("a", 1), call("a", 1), call("a", 1)])).toEqual(["repeated_call"]);
  });
  it("the rounds are a setting", () => {
    const calls = [call("a", 1), call("b", 2), call("a", 1), call("b", 2)];
    expect(kinds(calls, { cycleRoundsThreshold: 3 })).toEqual([]);
    // Three rounds are also three calls of a and of b with the same input: kinds are independent.
    expect(kinds([...calls, call("a", 1), call("b", 2)], { cycleRoundsThreshold: 3 })).toEqual(["repeated_call", "repeated_call", "cycle"]);
  });
});

describe("failure_streak: 3+ failing calls of one tool in a row", () => {
  it("counts error, timeout and blocked; other tools in between do not break it", () => {
    const calls = [failing("ticketing.create", 1), call("kb.search", 9), failing("ticketing.create", 2, { status: "timeout" }), failing("ticketing.create", 3, { status: "blocked", costUsd: 0 })];
    expect(detect(calls)).toEqual([{ kind: "failure_streak", tool: "ticketing.create", count: 3, wastedCostUsd: 0.25, calls: [0, 2, 3] }]);
  });
  it("near miss: an ok call of the tool ends the streak", () => {
    expect(kinds([failing("t", 1), failing("t", 2), call("t", 3), failing("t", 4), failing("t", 5)])).toEqual([]);
  });
  it("near miss: 3 failures of 3 different tools", () => {
    expect(kinds([failing("a"), failing("b"), failing("c")])).toEqual([]);
  });
  it("two streaks of one tool are two detections", () => {
    const calls = [failing("t", 1), failing("t", 2), failing("t", 3), call("t", 4), failing("t", 5), failing("t", 6), failing("t", 7), failing("t", 8)];
    expect(detect(calls).map((d) => [d.kind, d.count, d.calls[0]])).toEqual([
      ["failure_streak", 3, 0],
      ["failure_streak", 4, 4],
    ]);
  });
});

describe("duplicate_side_effect: a side effect made twice", () => {
  const refund = { order: "A-1", amountUsd: 40 };
  it("repeated without an idempotency key (sideEffect true)", () => {
    const calls = [call("payments.refund", refund, { sideEffect: true }), call("payments.refund", refund, { sideEffect: true, costUsd: 0.5 })];
    expect(detect(calls)).toEqual([{ kind: "duplicate_side_effect", tool: "payments.refund", count: 2, wastedCostUsd: 0.5, calls: [0, 1] }]);
  });
  it("two different keys for the same input", () => {
    const calls = [call("payments.refund", refund, { sideEffect: true, idempotencyKey: "k1" }), call("payments.refund", refund, { sideEffect: true, idempotencyKey: "k2" })];
    expect(kinds(calls)).toEqual(["duplicate_side_effect"]);
  });
  it("a tool in the project's list is side-effecting whatever its calls say", () => {
    const calls = [call("ticketing.create", { title: "x" }), call("ticketing.create", { title: "x" })];
    expect(kinds(calls)).toEqual([]);
    expect(kinds(calls, { sideEffectTools: ["ticketing.create"] })).toEqual(["duplicate_side_effect"]);
  });
  it("near miss: a retry with the same key is fine (even a timeout first)", () => {
    const calls = [
      call("payments.refund", refund, { sideEffect: true, idempotencyKey: "k1", status: "timeout" }),
      call("payments.refund", refund, { sideEffect: true, idempotencyKey: "k1" }),
    ];
    expect(kinds(calls)).toEqual([]);
  });
  it("near miss: different inputs, a call that is not side-effecting, a blocked call", () => {
    expect(kinds([call("payments.refund", refund, { sideEffect: true }), call("payments.refund", { ...refund, order: "A-2" }, { sideEffect: true })])).toEqual([]);
    expect(kinds([call("payments.refund", refund, { sideEffect: true }), call("payments.refund", refund)])).toEqual([]);
    expect(kinds([call("payments.refund", refund, { sideEffect: true }), call("payments.refund", refund, { sideEffect: true, status: "blocked" })])).toEqual([]);
  });
  it("counts effects, not calls: key k1 retried, then a call without a key", () => {
    const calls = [
      call("payments.refund", refund, { sideEffect: true, idempotencyKey: "k1" }),
      call("payments.refund", refund, { sideEffect: true, idempotencyKey: "k1" }),
      call("payments.refund", refund, { sideEffect: true, costUsd: 0.5 }),
    ];
    expect(detect(calls).filter((d) => d.kind === "duplicate_side_effect")).toEqual([
      { kind: "duplicate_side_effect", tool: "payments.refund", count: 2, wastedCostUsd: 0.5, calls: [0, 1, 2] },
    ]);
  });
});

describe("detectRun", () => {
  it("reports every kind a sequence shows, in kind order", () => {
    const calls = [
      failing("payments.refund", 1, { sideEffect: true }),
      failing("payments.refund", 1, { sideEffect: true }),
      failing("payments.refund", 1, { sideEffect: true }),
    ];
    expect(kinds(calls)).toEqual(["repeated_call", "failure_streak", "duplicate_side_effect"]);
    expect(detect(calls).find((d) => d.kind === "duplicate_side_effect")).toMatchObject({ count: 3, wastedCostUsd: 0.5 });
  });
  it("a run with fewer than two calls has nothing", () => {
    expect(detect([])).toEqual([]);
    expect(detect([failing("a")], { failureStreakThreshold: 2 })).toEqual([]);
  });
});
