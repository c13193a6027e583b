// The maths of the guardrails metrics (issue 17): the read side (lib/server/queries/metrics/guardrails.ts)
// hands over exact counts grouped by SQL; this turns them into the response — every UTC day of the
// window filled (0 counts), rates from counts (null when nothing to divide by), stable orders
// (counts desc, then names in code-point order). Shared by the API, the page and the weekly review.
import { ratio } from "./metrics";
import { formatCount, formatUsd } from "./format";
import { LOOP_DETECTION_KINDS, type DetectionKind } from "./detectors";
import { GUARDRAIL_BUDGET_LIMITS, type GuardrailsMetrics } from "./api/guardrails";

export type LoopKind = (typeof LOOP_DETECTION_KINDS)[number];
export type BudgetLimitName = (typeof GUARDRAIL_BUDGET_LIMITS)[number];

const DAY_MS = 86_400_000;

/** Every UTC calendar day `YYYY-MM-DD` that [from, to) touches, oldest first. */
export function utcDays(from: Date, to: Date): string[] {
  const out: string[] = [];
  const last = to.getTime() - 1;
  for (let t = Math.floor(from.getTime() / DAY_MS) * DAY_MS; t <= last; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** A UTC day as the instants [from, to) (the traces page's window of a day's runs). */
export function utcDayWindow(day: string): { from: string; to: string } {
  const from = Date.parse(`${day}T00:00:00.000Z`);
  return { from: new Date(from).toISOString(), to: new Date(from + DAY_MS).toISOString() };
}

/** Code-point order (PostgreSQL COLLATE "C"), nulls last. */
export function byName(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

const kindIndex = (k: string) => LOOP_DETECTION_KINDS.indexOf(k as LoopKind);
export const isLoopKind = (k: string): k is LoopKind => kindIndex(k) >= 0;

// ---- rows as the read side groups them ----------------------------------------------------------

export interface BreachRow {
  /** null in the all-runs row; exactly one key is set in a grouped row. */
  workflow: string | null;
  release: string | null;
  day: string | null;
  runs: number;
  breachingRuns: number;
  breachingCostUsd: number;
}

export interface BlockedRow {
  /** "total", "tool" (tool + errorType + workflow), "day" or "outcome". */
  set: "total" | "tool" | "day" | "outcome";
  tool: string | null;
  errorType: string | null;
  workflow: string | null;
  day: string | null;
  outcome: string | null;
  calls: number;
  runs: number;
}

export interface DetectionRow {
  /** "kind" alone, or the kind with one of workflow / tool / day. */
  set: "kind" | "workflow" | "tool" | "day";
  kind: DetectionKind;
  workflow: string | null;
  tool: string | null;
  day: string | null;
  runs: number;
  detections: number;
  wastedCostUsd: number;
  /** Sum of (count − 1): for duplicate side effects, the effects beyond the first. */
  extraEffects: number;
}

export interface GuardrailsRows {
  from: Date;
  to: Date;
  breaches: BreachRow[];
  breachesByLimit: { limit: string; runs: number }[];
  blocked: BlockedRow[];
  detections: DetectionRow[];
}

const breachCounts = (r: Pick<BreachRow, "runs" | "breachingRuns" | "breachingCostUsd"> | undefined) => ({
  runs: r?.runs ?? 0,
  breachingRuns: r?.breachingRuns ?? 0,
  breachRate: ratio(r?.breachingRuns ?? 0, r?.runs ?? 0),
  breachingCostUsd: r?.breachingCostUsd ?? 0,
});

const byBreaches = <T extends { runs: number; breachingRuns: number }>(key: (t: T) => string) => (a: T, b: T) =>
  b.breachingRuns - a.breachingRuns || b.runs - a.runs || byName(key(a), key(b));

const byRunsThenWaste = <T extends { runs: number; wastedCostUsd: number }>(key: (t: T) => string) => (a: T, b: T) =>
  b.runs - a.runs || b.wastedCostUsd - a.wastedCostUsd || byName(key(a), key(b));

export function assembleGuardrails(rows: GuardrailsRows): GuardrailsMetrics {
  const days = utcDays(rows.from, rows.to);
  const total = rows.breaches.find((r) => r.workflow === null && r.release === null && r.day === null);
  const runs = total?.runs ?? 0;

  const breachDay = new Map(rows.breaches.filter((r) => r.day !== null).map((r) => [r.day!, r]));
  const limits = new Map(rows.breachesByLimit.map((l) => [l.limit, l.runs]));
  const budgets: GuardrailsMetrics["budgets"] = {
    breachingRuns: total?.breachingRuns ?? 0,
    breachRate: ratio(total?.breachingRuns ?? 0, runs),
    breachingCostUsd: total?.breachingCostUsd ?? 0,
    byLimit: GUARDRAIL_BUDGET_LIMITS.map((limit) => ({ limit, runs: limits.get(limit) ?? 0 })),
    byWorkflow: rows.breaches
      .filter((r) => r.workflow !== null)
      .map((r) => ({ workflow: r.workflow!, ...breachCounts(r) }))
      .sort(byBreaches((x) => x.workflow)),
    byRelease: rows.breaches
      .filter((r) => r.release !== null)
      .map((r) => ({ release: r.release!, ...breachCounts(r) }))
      .sort(byBreaches((x) => x.release)),
    byDay: days.map((day) => ({ day, ...breachCounts(breachDay.get(day)) })),
  };

  const blockedTotal = rows.blocked.find((r) => r.set === "total");
  const blockedDay = new Map(rows.blocked.filter((r) => r.set === "day").map((r) => [r.day!, r]));
  const outcome = (o: string) => rows.blocked.find((r) => r.set === "outcome" && r.outcome === o)?.runs ?? 0;
  const blocked: GuardrailsMetrics["blocked"] = {
    calls: blockedTotal?.calls ?? 0,
    runs: blockedTotal?.runs ?? 0,
    runShare: ratio(blockedTotal?.runs ?? 0, runs),
    outcomes: { success: outcome("success"), escalated: outcome("escalated"), failure: outcome("failure") },
    byTool: rows.blocked
      .filter((r) => r.set === "tool")
      .map((r) => ({ tool: r.tool!, errorType: r.errorType, workflow: r.workflow!, calls: r.calls, runs: r.runs }))
      .sort((a, b) => b.calls - a.calls || b.runs - a.runs || byName(a.tool, b.tool) || byName(a.errorType, b.errorType) || byName(a.workflow, b.workflow)),
    byDay: days.map((day) => ({ day, calls: blockedDay.get(day)?.calls ?? 0, runs: blockedDay.get(day)?.runs ?? 0 })),
  };

  const loops = rows.detections.filter((r) => isLoopKind(r.kind));
  const kindOrder = (a: { kind: string }, b: { kind: string }) => kindIndex(a.kind) - kindIndex(b.kind);
  const loopOf = (set: DetectionRow["set"]) => loops.filter((r) => r.set === set);
  const loopDay = new Map(loopOf("day").map((r) => [`${r.day}|${r.kind}`, r.runs]));
  const detections: GuardrailsMetrics["detections"] = {
    byKind: LOOP_DETECTION_KINDS.map((kind) => {
      const r = loops.find((x) => x.set === "kind" && x.kind === kind);
      return { kind, runs: r?.runs ?? 0, detections: r?.detections ?? 0, wastedCostUsd: r?.wastedCostUsd ?? 0 };
    }),
    byWorkflow: loopOf("workflow")
      .map((r) => ({ workflow: r.workflow!, kind: r.kind as LoopKind, runs: r.runs, detections: r.detections, wastedCostUsd: r.wastedCostUsd }))
      .sort((a, b) => byRunsThenWaste<typeof a>((x) => x.workflow)(a, b) || kindOrder(a, b)),
    byTool: loopOf("tool")
      .map((r) => ({ tool: r.tool!, kind: r.kind as LoopKind, runs: r.runs, detections: r.detections, wastedCostUsd: r.wastedCostUsd }))
      .sort((a, b) => byRunsThenWaste<typeof a>((x) => x.tool)(a, b) || kindOrder(a, b)),
    byDay: days.flatMap((day) => LOOP_DETECTION_KINDS.map((kind) => ({ day, kind, runs: loopDay.get(`${day}|${kind}`) ?? 0 }))),
  };

  const dup = rows.detections.filter((r) => r.kind === "duplicate_side_effect");
  const dupTotal = dup.find((r) => r.set === "kind");
  const dupOf = (r: DetectionRow) => ({ runs: r.runs, extraEffects: r.extraEffects, wastedCostUsd: r.wastedCostUsd });
  const duplicateSideEffects: GuardrailsMetrics["duplicateSideEffects"] = {
    runs: dupTotal?.runs ?? 0,
    extraEffects: dupTotal?.extraEffects ?? 0,
    wastedCostUsd: dupTotal?.wastedCostUsd ?? 0,
    byTool: dup
      .filter((r) => r.set === "tool")
      .map((r) => ({ tool: r.tool!, ...dupOf(r) }))
      .sort(byRunsThenWaste((x) => x.tool)),
    byWorkflow: dup
      .filter((r) => r.set === "workflow")
      .map((r) => ({ workflow: r.workflow!, ...dupOf(r) }))
      .sort(byRunsThenWaste((x) => x.workflow)),
  };

  return { from: rows.from.toISOString(), to: rows.to.toISOString(), runs, budgets, blocked, detections, duplicateSideEffects };
}

// ---- words ------------------------------------------------------------------------------------

export const DETECTION_LABELS: Record<DetectionKind, { one: string; many: string }> = {
  repeated_call: { one: "Retry storm", many: "Retry storms" },
  cycle: { one: "Loop", many: "Loops" },
  failure_streak: { one: "Failure streak", many: "Failure streaks" },
  duplicate_side_effect: { one: "Duplicate side effect", many: "Duplicate side effects" },
};

/** The short mark on a call of the waterfall: "repeated ×4", "cycle", "streak", "duplicate effect". */
export function detectionBadge(d: { kind: DetectionKind; count: number }): string {
  switch (d.kind) {
    case "repeated_call":
      return `repeated ×${formatCount(d.count)}`;
    case "cycle":
      return "cycle";
    case "failure_streak":
      return "streak";
    case "duplicate_side_effect":
      return "duplicate effect";
  }
}

/** One line about a detection: "Retry storm: crm.lookup repeated 4 times, $0.12 wasted". */
export function detectionSummary(d: { kind: DetectionKind; tool: string; count: number; wastedCostUsd: number }): string {
  const wasted = `${formatUsd(d.wastedCostUsd)} wasted`;
  switch (d.kind) {
    case "repeated_call":
      return `Retry storm: ${d.tool} repeated ${formatCount(d.count)} times with the same input, ${wasted}`;
    case "cycle":
      return `Loop: ${d.tool} went round ${formatCount(d.count)} times, ${wasted}`;
    case "failure_streak":
      return `Failure streak: ${d.tool} failed ${formatCount(d.count)} times in a row, ${wasted}`;
    case "duplicate_side_effect":
      return `Duplicate side effect: ${d.tool} made the same change ${formatCount(d.count)} times without one idempotency key, ${wasted}`;
  }
}
