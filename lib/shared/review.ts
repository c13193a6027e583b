// The weekly review's response (CONTRACT §6): KPI overview objects of the week and the week
// before (the same objects the overview API answers), per-workflow KPIs, the week's top failure
// types with last week's count and the open fix item, the slowest tools, and the newest release
// against the one before it. Also how the review compares two sets of runs (one place for the
// page and the Markdown export): which KPIs, how a change is written, which way is good.
import { z } from "zod";
import type * as api from "./api/review";
import { delta, kpiVerdict, type OverviewMetrics, type Verdict } from "./metrics";
import { parseIsoWeek } from "./iso-week";
import { formatDelta, formatKpiChange } from "./format";

export const reviewQuerySchema = z.strictObject({
  week: z
    .string()
    .refine((v) => parseIsoWeek(v) !== null, "must be an ISO week like 2026-W42 that exists")
    .optional(),
});

// The answered shapes are the response schema of lib/shared/api/review.ts.
export type ReviewFailure = z.infer<typeof api.reviewFailureSchema>;
export type ReviewWorkflow = z.infer<typeof api.reviewWorkflowSchema>;
export type ReviewTool = z.infer<typeof api.reviewToolSchema>;
export type ReviewRelease = z.infer<typeof api.reviewReleaseSchema>;
export type Review = z.infer<typeof api.reviewSchema>;

// ---- comparing two sets of runs --------------------------------------------------------------

export type ReviewKpiUnit = "rate" | "usd" | "ms" | "per1k" | "count";

/** What a rate KPI reads: an overview object or a workflow's row (the same definitions). */
export type RateSource = Pick<OverviewMetrics, "successRate" | "escalationRate" | "failureRate" | "costPerSuccessUsd" | "runLatencyMs">;

export interface ReviewKpi<T = OverviewMetrics> {
  key: string;
  label: string;
  unit: ReviewKpiUnit;
  better: "higher" | "lower";
  /** Rates change in points; money, latency and per-1k relatively; counts by their difference. */
  deltaAs: "points" | "relative" | "absolute";
  description: string;
  value: (o: T) => number | null;
}

const kpi = <T = OverviewMetrics>(k: ReviewKpi<T>) => k;
const SUCCESS_RATE = kpi<RateSource>({ key: "successRate", label: "Success rate", unit: "rate", better: "higher", deltaAs: "points", description: "Successful runs / runs", value: (o) => o.successRate });
const ESCALATION_RATE = kpi<RateSource>({ key: "escalationRate", label: "Escalation rate", unit: "rate", better: "lower", deltaAs: "points", description: "Escalated runs / runs", value: (o) => o.escalationRate });
const FAILURE_RATE = kpi<RateSource>({ key: "failureRate", label: "Failure rate", unit: "rate", better: "lower", deltaAs: "points", description: "Failed runs / runs", value: (o) => o.failureRate });
const RUN_P95 = kpi<RateSource>({ key: "runP95Ms", label: "Run p95 latency", unit: "ms", better: "lower", deltaAs: "relative", description: "95th percentile of run duration", value: (o) => o.runLatencyMs.p95 });
const COST_PER_SUCCESS = kpi<RateSource>({ key: "costPerSuccessUsd", label: "Cost per success", unit: "usd", better: "lower", deltaAs: "relative", description: "All spend / successful runs", value: (o) => o.costPerSuccessUsd });

/** The week-over-week KPI table: the same runs population (the project) in two weeks. */
export const WEEK_KPIS: readonly ReviewKpi[] = [
  SUCCESS_RATE,
  ESCALATION_RATE,
  FAILURE_RATE,
  kpi({ key: "incidentRatePer1kSessions", label: "Incidents / 1k sessions", unit: "per1k", better: "lower", deltaAs: "relative", description: "Incidents opened in the week per 1,000 sessions", value: (o) => o.incidentRatePer1kSessions }),
  kpi({ key: "criticalPolicyViolations", label: "Critical policy violations", unit: "count", better: "lower", deltaAs: "absolute", description: "Failed runs: policy_violation, critical", value: (o) => o.criticalPolicyViolations }),
  COST_PER_SUCCESS,
  kpi({ key: "costPerEscalationUsd", label: "Cost per escalation", unit: "usd", better: "lower", deltaAs: "relative", description: "(Escalated runs' cost + human review) / escalations", value: (o) => o.costPerEscalationUsd }),
  kpi({ key: "retryCostUsd", label: "Retry cost", unit: "usd", better: "lower", deltaAs: "relative", description: "Cost of tool calls that repeat an earlier one", value: (o) => o.retryCostUsd }),
  RUN_P95,
];

/**
 * Release against release: two populations of very different size (93 canary runs beside 6,140
 * production runs), so only rates and per-run figures compare; sums and counts (total cost, retry
 * cost, violations) would measure traffic, not quality. Run counts are shown as context only.
 */
export const RELEASE_KPIS: readonly ReviewKpi<RateSource>[] = [SUCCESS_RATE, ESCALATION_RATE, FAILURE_RATE, RUN_P95, COST_PER_SUCCESS];

/** Per workflow, this week against last week. */
export const WORKFLOW_KPIS: readonly ReviewKpi<RateSource>[] = [SUCCESS_RATE, ESCALATION_RATE, COST_PER_SUCCESS];

export const P95_KPI: ReviewKpi<RateSource> = RUN_P95;

export interface KpiComparison {
  current: number | null;
  previous: number | null;
  /** "+1.2 pp", "−8.0%", "+3"; null when there is nothing to compare with. */
  change: string | null;
  /** Good or bad news for this KPI; null without both values. */
  verdict: Verdict | null;
}

/**
 * One KPI of two sets of runs. `previousHasData` false (no runs at all before) means there is no
 * comparison, even for a count that reads 0: "+5 from 0" beside "no earlier data" misleads.
 */
export function compareKpi(k: Pick<ReviewKpi<never>, "unit" | "better" | "deltaAs">, current: number | null, previous: number | null, previousHasData = true): KpiComparison {
  const prev = previousHasData ? previous : null;
  const d = delta(current, prev);
  const verdict = kpiVerdict(k, current, prev);
  if (d.absolute === null) return { current, previous: prev, change: null, verdict: null };
  const change = formatKpiChange(k, current, prev);
  // A change too small to show ("±0.0 pp") is no change: no arrow, no colour.
  return { current, previous: prev, change, verdict: change.startsWith("±") ? "same" : verdict };
}

/** A failure type's count against last week's: "new" only when last week had runs to compare with. */
export function failureTrend(count: number, previousCount: number, previousWeekHasRuns: boolean): { trend: "new" | "up" | "down" | "same" | null; change: string | null } {
  if (!previousWeekHasRuns) return { trend: null, change: null };
  if (previousCount === 0 && count > 0) return { trend: "new", change: "new" };
  const d = count - previousCount;
  return { trend: d > 0 ? "up" : d < 0 ? "down" : "same", change: formatDelta(d, "count") };
}

// ---- the runs behind a number ----------------------------------------------------------------

export interface ReviewRunsNarrow {
  outcome?: "success" | "failure" | "escalated";
  failureCategory?: string;
  failureReason?: string;
  critical?: boolean;
  release?: string;
  workflow?: string;
}

/** The traces page showing exactly the runs behind a review number: the week's [from, to) and the narrowing. */
export function reviewRunsHref(slug: string, window: { from: string; to: string }, narrow: ReviewRunsNarrow = {}): string {
  const sp = new URLSearchParams();
  if (narrow.outcome) sp.set("outcome", narrow.outcome);
  if (narrow.workflow) sp.set("workflow", narrow.workflow);
  if (narrow.release) sp.set("release", narrow.release);
  if (narrow.failureCategory) sp.set("failureCategory", narrow.failureCategory);
  if (narrow.failureReason) sp.set("failureReason", narrow.failureReason);
  if (narrow.critical !== undefined) sp.set("critical", String(narrow.critical));
  sp.set("from", window.from);
  sp.set("to", window.to);
  return `/${encodeURIComponent(slug)}/traces?${sp.toString()}`;
}

/** The runs set behind a week KPI, when there is one (a rate's numerator, a count's runs). */
export function weekKpiRuns(key: string): ReviewRunsNarrow | null {
  switch (key) {
    case "runs":
      return {};
    case "successRate":
      return { outcome: "success" };
    case "escalationRate":
    case "costPerEscalationUsd":
      return { outcome: "escalated" };
    case "failureRate":
      return { outcome: "failure" };
    case "criticalPolicyViolations":
      return { outcome: "failure", failureCategory: "policy_violation", critical: true };
    default:
      return null;
  }
}
