// Metric shapes and the pure maths every view shares (CONTRACT §3): ratios that are null on a
// zero denominator, deltas against the previous window, which direction is "better" per KPI,
// and the bucket size of a trend. The SQL lives in lib/server/queries/metrics; it returns counts
// and sums, and the ratios are made here so the API, the pages and the weekly review agree.

import type { z } from "zod";
import type * as api from "./api/metrics";
import { ENVIRONMENTS, FAILURE_CATEGORIES, type Environment, type FailureCategory } from "./contract-enums";
export { ENVIRONMENTS, FAILURE_CATEGORIES };
export type { Environment, FailureCategory };

// The shapes are the API's response schemas (lib/shared/api/metrics.ts); the types come from them.
export type LatencyPercentiles = z.infer<typeof api.latencyPercentilesSchema>;
/** CONTRACT §5 overview, plus the counts behind its rates (additive fields). */
export type OverviewMetrics = z.infer<typeof api.overviewResponse>;
export type WorkflowMetrics = z.infer<typeof api.workflowMetricsSchema>;
export type ToolMetrics = z.infer<typeof api.toolMetricsSchema>;
export type FailureReasonMetrics = z.infer<typeof api.failureReasonMetricsSchema>;
export type ReleaseMetrics = z.infer<typeof api.releaseMetricsSchema>;
export type Bucket = z.infer<typeof api.bucketSchema>;
/** A bucket is [start, end) in the requested time zone; its runs are also clipped to the window. */
export type RunBucket = z.infer<typeof api.runBucketSchema>;
export type ToolBucket = z.infer<typeof api.toolBucketSchema>;
export type WorkflowBucket = z.infer<typeof api.workflowBucketSchema>;
export type Timeseries = z.infer<typeof api.timeseriesResponse>;

/** numerator / denominator, or null when the denominator is 0 (undefined, not zero). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Runs of a set by outcome: what `outcomeCountColumns` counts in SQL. */
export interface OutcomeCounts {
  runs: number;
  successes: number;
  escalations: number;
  failures: number;
}

/** Outcome counts plus the spend behind the cost KPIs: what `runTotalsColumns` sums in SQL. */
export interface RunTotals extends OutcomeCounts {
  totalCostUsd: number;
  /** costUsd of the escalated runs plus their reviewCostUsd. */
  escalatedCostUsd: number;
}

export interface OutcomeRates {
  successRate: number | null;
  escalationRate: number | null;
  failureRate: number | null;
}

export interface RunRates extends OutcomeRates {
  costPerSuccessUsd: number | null;
  costPerEscalationUsd: number | null;
}

/** successRate, escalationRate, failureRate (CONTRACT §3): per run, null when there are none. */
export function outcomeRates(c: OutcomeCounts): OutcomeRates {
  return { successRate: ratio(c.successes, c.runs), escalationRate: ratio(c.escalations, c.runs), failureRate: ratio(c.failures, c.runs) };
}

/**
 * Every rate of a set of runs, the one place they are divided (every metric query, the releases
 * list and the gates use it). costPerSuccessUsd is all spend per success, failures and escalations
 * included; both costs are null without a success / an escalation.
 */
export function runRates(t: RunTotals): RunRates {
  return {
    ...outcomeRates(t),
    costPerSuccessUsd: ratio(t.totalCostUsd, t.successes),
    costPerEscalationUsd: ratio(t.escalatedCostUsd, t.escalations),
  };
}

/** Incidents opened per 1,000 sessions; null without sessions. */
export function incidentRatePer1k(incidentsOpened: number, sessions: number): number | null {
  return ratio(incidentsOpened * 1000, sessions);
}

/** Tool calls with a status other than ok, per call; null without calls. */
export function toolErrorRate(c: { calls: number; errors: number }): number | null {
  return ratio(c.errors, c.calls);
}

export interface Delta {
  /** current - previous (for rates: in fraction points). */
  absolute: number | null;
  /** (current - previous) / previous; null when previous is 0 or either side has no data. */
  relative: number | null;
}

export function delta(current: number | null, previous: number | null): Delta {
  if (current === null || previous === null) return { absolute: null, relative: null };
  const absolute = current - previous;
  return { absolute, relative: previous === 0 ? null : absolute / previous };
}

export type KpiKey =
  | "successRate"
  | "escalationRate"
  | "incidentRatePer1kSessions"
  | "costPerSuccessUsd"
  | "costPerEscalationUsd"
  | "retryCostUsd"
  | "criticalPolicyViolations"
  | "runP95Ms";

export type KpiUnit = "rate" | "usd" | "count" | "ms" | "per1k";

export interface KpiDefinition {
  key: KpiKey;
  label: string;
  unit: KpiUnit;
  /** Which way is good: success up is better, everything else here down is better. */
  better: "higher" | "lower";
  /** How the change is best read: rates in points, money/latency/counts relative. */
  deltaAs: "points" | "relative" | "absolute";
  description: string;
}

export const KPIS: readonly KpiDefinition[] = [
  { key: "successRate", label: "Success rate", unit: "rate", better: "higher", deltaAs: "points", description: "Successful runs / runs" },
  { key: "escalationRate", label: "Escalation rate", unit: "rate", better: "lower", deltaAs: "points", description: "Escalated runs / runs" },
  { key: "incidentRatePer1kSessions", label: "Incidents / 1k sessions", unit: "per1k", better: "lower", deltaAs: "relative", description: "Incidents opened in the window per 1,000 sessions" },
  { key: "criticalPolicyViolations", label: "Critical policy violations", unit: "count", better: "lower", deltaAs: "absolute", description: "Failed runs: policy_violation, critical" },
  { key: "costPerSuccessUsd", label: "Cost per success", unit: "usd", better: "lower", deltaAs: "relative", description: "All spend / successful runs" },
  { key: "costPerEscalationUsd", label: "Cost per escalation", unit: "usd", better: "lower", deltaAs: "relative", description: "(Escalated runs' cost + human review) / escalations" },
  { key: "retryCostUsd", label: "Retry cost", unit: "usd", better: "lower", deltaAs: "relative", description: "Cost of tool calls that repeat an earlier one" },
  { key: "runP95Ms", label: "Run p95 latency", unit: "ms", better: "lower", deltaAs: "relative", description: "95th percentile of run duration" },
];

export function kpiValue(overview: OverviewMetrics, key: KpiKey): number | null {
  return key === "runP95Ms" ? overview.runLatencyMs.p95 : overview[key];
}

/** The same KPI read off one trend bucket (tile sparklines). */
export function bucketKpiValue(point: RunBucket, key: KpiKey): number | null {
  return key === "runP95Ms" ? point.runLatencyMs.p95 : point[key];
}

/** Failures per category over the whole window (the buckets partition it). */
export function sumFailuresByCategory(points: readonly RunBucket[]): Record<FailureCategory, number> {
  const out = Object.fromEntries(FAILURE_CATEGORIES.map((c) => [c, 0])) as Record<FailureCategory, number>;
  for (const p of points) for (const c of FAILURE_CATEGORIES) out[c] += p.failuresByCategory[c];
  return out;
}

export type Verdict = "better" | "worse" | "same";

/** Whether the change from previous to current is good news for this KPI; null without both values. */
export function kpiVerdict(kpi: Pick<KpiDefinition, "better">, current: number | null, previous: number | null): Verdict | null {
  if (current === null || previous === null) return null;
  if (current === previous) return "same";
  return (current > previous) === (kpi.better === "higher") ? "better" : "worse";
}

/** The window of the same length just before [from, to): the comparison for deltas. */
export function previousWindow(from: Date, to: Date): { from: Date; to: Date } {
  const length = to.getTime() - from.getTime();
  return { from: new Date(from.getTime() - length), to: new Date(from.getTime()) };
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** More buckets than this is unreadable and slow; the API refuses it. */
export const MAX_BUCKETS = 2_000;

/** Hours up to three days, days beyond. */
export function defaultBucket(from: Date, to: Date): Bucket {
  return to.getTime() - from.getTime() <= 3 * DAY_MS ? "hour" : "day";
}

/** An upper bound of the buckets a window spans (a day bucket may be 23–25 h with DST). */
export function bucketCount(from: Date, to: Date, bucket: Bucket): number {
  const size = bucket === "hour" ? HOUR_MS : DAY_MS - HOUR_MS;
  return Math.ceil((to.getTime() - from.getTime()) / size) + 1;
}
