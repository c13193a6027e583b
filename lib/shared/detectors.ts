// Retry storms, loops, failure streaks and duplicate side effects in one run's tool calls (issue 17),
// as pure functions: ingest runs them once per run and stores what they find with the run
// (lib/server/ingest/store.ts), so pages and filters read detections instead of recomputing them.
//
// "The same input" = the same canonical JSON of the stored input: the JSON text Keel keeps (the
// value as sent, serialised), parsed and written again with object keys sorted (arrays keep their
// order, numbers and strings as JSON.stringify writes them). So `{"a":1,"b":2}` and `{"b":2,"a":1}`
// are the same input; `[1,2]` and `[2,1]` are not. A call without input (absent or null) has the
// empty input, the same for every such call of that tool. An input cut at 8 KB is compared by its
// stored text (two cut inputs with the same first 8 KB are the same input).
//
// What each detector reports (one detection per occurrence; a call may belong to several kinds):
// - repeated_call: the same tool with the same input at least `repeatedCallThreshold` times anywhere
//   in the run; count = those calls, wasted = the cost of all but the first.
// - cycle: the same sequence of at least two different calls (tool + input), repeated back to back at
//   least `cycleRoundsThreshold` times (A→B→A→B is 2 rounds); tool = the sequence's tools joined
//   with " → ", count = rounds, wasted = the cost of every round after the first. Steps compare tool
//   AND input, so an agent that pages through results (A(p1)→B→A(p2)→B) is not looping.
// - failure_streak: at least `failureStreakThreshold` calls of one tool in a row with status other
//   than ok (calls of other tools in between do not break it; an ok call of that tool does);
//   count = the streak's calls, wasted = the cost of all but the first.
// - duplicate_side_effect: a side-effecting call (sideEffect true, or its tool in the project's
//   `sideEffectTools`) with the same input made as two or more separate effects: calls without an
//   idempotency key are one effect each, calls sharing a key are one effect (a retry with the same
//   key is safe), so "repeated without a key" and "two different keys for one input" both count.
//   Blocked calls never reached the tool and are left out. count = the effects, wasted = the cost
//   of the calls of every effect after the first.

export const DETECTION_KINDS = ["repeated_call", "cycle", "failure_streak", "duplicate_side_effect"] as const;
export type DetectionKind = (typeof DETECTION_KINDS)[number];

/** The kinds the runs list filters with `detection=` (duplicate side effects have their own flag). */
export const LOOP_DETECTION_KINDS = ["repeated_call", "cycle", "failure_streak"] as const;

export interface DetectorSettings {
  repeatedCallThreshold: number;
  cycleRoundsThreshold: number;
  failureStreakThreshold: number;
  /** Tools whose every call changes the world (e.g. `payments.refund`), whatever the call says. */
  sideEffectTools: readonly string[];
}

/** Issue 17's defaults (and the columns' defaults in project_settings). */
export const DEFAULT_DETECTOR_SETTINGS: DetectorSettings = {
  repeatedCallThreshold: 3,
  cycleRoundsThreshold: 2,
  failureStreakThreshold: 3,
  sideEffectTools: [],
};

/** A tool call as stored (lib/server/ingest/normalize.ts): what the detectors read. */
export interface DetectorCall {
  name: string;
  status: string;
  costUsd: number;
  /** The stored input: JSON.stringify's text of what was sent, null when absent; cut at 8 KB when inputTruncated. */
  input: string | null;
  inputTruncated: boolean;
  idempotencyKey: string | null;
  sideEffect: boolean | null;
}

export interface Detection {
  kind: DetectionKind;
  tool: string;
  count: number;
  wastedCostUsd: number;
  /** The positions (seq) of the calls involved, in order. */
  calls: number[];
}

/** Every detection of one run's calls (in call order): by kind as DETECTION_KINDS lists them, then first call. */
export function detectRun(calls: readonly DetectorCall[], settings: DetectorSettings): Detection[] {
  // Every kind needs one tool called twice: most runs stop here.
  const names = new Set<string>();
  for (const c of calls) names.add(c.name);
  if (names.size === calls.length) return [];
  const inputs = inputComparer(calls);
  return [
    ...repeatedCalls(calls, inputs, settings.repeatedCallThreshold),
    ...cycles(calls, inputs, settings.cycleRoundsThreshold),
    ...failureStreaks(calls, settings.failureStreakThreshold),
    ...duplicateSideEffects(calls, inputs, new Set(settings.sideEffectTools)),
  ];
}

/** Canonical JSON of a JSON value: object keys sorted (code-unit order), no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The comparable form of a stored input ("" = no input; "~" + text = a cut or unparsable input). */
export function inputKey(input: string | null, truncated: boolean): string {
  if (input === null) return "";
  if (truncated) return `~${input}`;
  // Stored text is JSON.stringify's: without an object in it, it is canonical already.
  if (!input.includes("{")) return input;
  try {
    return canonicalJson(JSON.parse(input));
  } catch {
    return `~${input}`;
  }
}

interface InputComparer {
  same(i: number, j: number): boolean;
  /** Splits call indices (in order) into groups of the same input, each in order. */
  groups(indices: readonly number[]): number[][];
}

/**
 * Compares stored inputs, parsing as little as it can (ingest runs this on every run): the stored
 * text is JSON.stringify's, so equal texts are the same input, and texts of different lengths are
 * different inputs (sorting keys keeps the length); only texts of equal length are canonicalised.
 */
function inputComparer(calls: readonly DetectorCall[]): InputComparer {
  const keys: (string | undefined)[] = new Array(calls.length);
  const keyOf = (i: number) => (keys[i] ??= inputKey(calls[i].input, calls[i].inputTruncated));
  const texts: (string | undefined)[] = new Array(calls.length);
  const raw = (i: number) => (texts[i] ??= calls[i].input === null ? "" : `${calls[i].inputTruncated ? "~" : "="}${calls[i].input}`);
  return {
    same(i, j) {
      const a = raw(i);
      const b = raw(j);
      if (a === b) return true;
      if (a.length !== b.length || !a.startsWith("=") || !b.startsWith("=")) return false;
      return keyOf(i) === keyOf(j);
    },
    groups(indices) {
      const byText = new Map<string, number[]>();
      for (const i of indices) push(byText, raw(i), i);
      if (byText.size === 1) return [...byText.values()];
      const perLength = new Map<number, number>();
      for (const t of byText.keys()) perLength.set(t.length, (perLength.get(t.length) ?? 0) + 1);
      const out = new Map<string, number[]>();
      for (const [t, g] of byText) {
        // "\0" keeps a raw text apart from a canonical key (equal strings would have equal lengths anyway).
        const k = t.startsWith("=") && perLength.get(t.length)! > 1 ? `=${keyOf(g[0])}` : `\0${t}`;
        for (const i of g) push(out, k, i);
      }
      return [...out.values()].map((g) => g.sort((a, b) => a - b));
    },
  };
}

function push<K>(map: Map<K, number[]>, key: K, i: number) {
  const g = map.get(key);
  if (g) g.push(i);
  else map.set(key, [i]);
}

const costOf = (calls: readonly DetectorCall[], indices: readonly number[]) => indices.reduce((sum, i) => sum + calls[i].costUsd, 0);

/** Indices of each tool's calls, for the tools called at least `min` times. */
function byTool(calls: readonly DetectorCall[], min: number, keep: (c: DetectorCall) => boolean = () => true): number[][] {
  const groups = new Map<string, number[]>();
  calls.forEach((c, i) => {
    if (keep(c)) push(groups, c.name, i);
  });
  return [...groups.values()].filter((g) => g.length >= min);
}

const byFirstCall = (a: Detection, b: Detection) => a.calls[0] - b.calls[0];

function repeatedCalls(calls: readonly DetectorCall[], inputs: InputComparer, threshold: number): Detection[] {
  const out: Detection[] = [];
  for (const tool of byTool(calls, threshold))
    for (const same of inputs.groups(tool))
      if (same.length >= threshold)
        out.push({ kind: "repeated_call", tool: calls[same[0]].name, count: same.length, wastedCostUsd: costOf(calls, same.slice(1)), calls: same });
  return out.sort(byFirstCall);
}

function cycles(calls: readonly DetectorCall[], inputs: InputComparer, rounds: number): Detection[] {
  const n = calls.length;
  const same = (i: number, j: number) => calls[i].name === calls[j].name && inputs.same(i, j);
  const out: Detection[] = [];
  let i = 0;
  scan: while (i < n) {
    for (let p = 2; i + p * rounds <= n; p++) {
      let matched = 0; // calls after the first round that repeat the call p earlier
      while (i + p + matched < n && same(i + matched, i + p + matched)) matched++;
      const r = 1 + Math.floor(matched / p);
      if (r < rounds || !isPrimitive(i, p, same)) continue;
      const involved = Array.from({ length: r * p }, (_, k) => i + k);
      const tool = involved.slice(0, p).map((k) => calls[k].name).join(" → ");
      out.push({ kind: "cycle", tool, count: r, wastedCostUsd: costOf(calls, involved.slice(p)), calls: involved });
      i += r * p;
      continue scan;
    }
    i++;
  }
  return out;
}

/** The block [i, i+p) is not itself a shorter block repeated (A→A is a repeat, not a cycle). */
function isPrimitive(i: number, p: number, same: (a: number, b: number) => boolean): boolean {
  for (let d = 1; d < p; d++) {
    if (p % d !== 0) continue;
    let periodic = true;
    for (let k = d; k < p && periodic; k++) periodic = same(i + k, i + k - d);
    if (periodic) return false;
  }
  return true;
}

function failureStreaks(calls: readonly DetectorCall[], threshold: number): Detection[] {
  const out: Detection[] = [];
  for (const tool of byTool(calls, threshold, (c) => c.status !== "ok")) {
    // Re-walk this tool's calls (ok ones included): a streak ends at an ok call.
    const name = calls[tool[0]].name;
    let streak: number[] = [];
    const close = () => {
      if (streak.length >= threshold)
        out.push({ kind: "failure_streak", tool: name, count: streak.length, wastedCostUsd: costOf(calls, streak.slice(1)), calls: streak });
      streak = [];
    };
    calls.forEach((c, i) => {
      if (c.name !== name) return;
      if (c.status === "ok") close();
      else streak.push(i);
    });
    close();
  }
  return out.sort(byFirstCall);
}

function duplicateSideEffects(calls: readonly DetectorCall[], inputs: InputComparer, tools: ReadonlySet<string>): Detection[] {
  const out: Detection[] = [];
  const sideEffecting = (c: DetectorCall) => c.status !== "blocked" && (c.sideEffect === true || tools.has(c.name));
  for (const tool of byTool(calls, 2, sideEffecting))
    for (const same of inputs.groups(tool)) {
      if (same.length < 2) continue;
      // One effect per idempotency key, one per call without a key; in order of first call.
      const effects = new Map<string, number[]>();
      for (const i of same) {
        const key = calls[i].idempotencyKey;
        const id = key === null ? `#${i}` : `k${key}`;
        const e = effects.get(id);
        if (e) e.push(i);
        else effects.set(id, [i]);
      }
      if (effects.size < 2) continue;
      const later = [...effects.values()].slice(1).flat();
      out.push({ kind: "duplicate_side_effect", tool: calls[same[0]].name, count: effects.size, wastedCostUsd: costOf(calls, later.sort((a, b) => a - b)), calls: same });
    }
  return out.sort(byFirstCall);
}
