// Quality drift and the value of automation (issue 17, docs/quality.md): the pure maths behind
// GET /api/v1/metrics/quality and /automation-value. The SQL (lib/server/queries/metrics/quality.ts,
// automation-value.ts) returns counts and sums; the ratios, the drift flag and the verdict are made
// here, so the API and the pages agree and the rules are unit-tested.
import type { z } from "zod";
import type * as api from "./api/quality";
import { DAY_MS, ratio, runRates } from "./metrics";

export type QualityDay = z.infer<typeof api.qualityDaySchema>;
export type QualityDrift = z.infer<typeof api.qualityDriftSchema>;
export type GoldSetRef = z.infer<typeof api.goldSetRefSchema>;
export type WorkflowQuality = z.infer<typeof api.workflowQualitySchema>;
export type ReleaseQuality = z.infer<typeof api.releaseQualitySchema>;
export type QualityReport = z.infer<typeof api.qualityResponse>;
export type AutomationValue = z.infer<typeof api.automationValueSchema>;
export type WorkflowAutomationValue = z.infer<typeof api.workflowAutomationValueSchema>;
export type AutomationValueReport = z.infer<typeof api.automationValueResponse>;
export type AutomationVerdict = AutomationValue["verdict"];

/** The project setting's default (project_settings.qualityDriftMargin). */
export const DEFAULT_QUALITY_DRIFT_MARGIN = 0.05;
export const DRIFT_RECENT_DAYS = 7;
export const DRIFT_BASELINE_DAYS = 28;

/**
 * A difference this close to the margin counts as equal to it: 0.80 − 0.75 is 0.05000000000000004
 * in binary floating point, and "more than a margin below" must not flag a drop of exactly the margin.
 */
const FLOAT_SLACK = 1e-9;

/** [to − 7 d, to) and [to − 28 d, to): both drift means end at the window's end. */
export function driftWindows(to: Date): { recent: { from: Date; to: Date }; baseline: { from: Date; to: Date } } {
  return {
    recent: { from: new Date(to.getTime() - DRIFT_RECENT_DAYS * DAY_MS), to },
    baseline: { from: new Date(to.getTime() - DRIFT_BASELINE_DAYS * DAY_MS), to },
  };
}

export interface DriftSums {
  recentScoredRuns: number;
  recentMeanQualityScore: number | null;
  baselineScoredRuns: number;
  baselineMeanQualityScore: number | null;
}

/**
 * Drifting = the 7-day mean is more than `margin` below the 28-day mean (baseline − recent > margin).
 * Without a scored run in either span the means are null and nothing is flagged.
 */
export function qualityDrift(s: DriftSums, margin: number): QualityDrift {
  const drop = s.recentMeanQualityScore === null || s.baselineMeanQualityScore === null ? null : s.baselineMeanQualityScore - s.recentMeanQualityScore;
  return { ...s, drop, drifting: drop !== null && drop - margin > FLOAT_SLACK };
}

export const NO_DRIFT: QualityDrift = {
  recentScoredRuns: 0,
  recentMeanQualityScore: null,
  baselineScoredRuns: 0,
  baselineMeanQualityScore: null,
  drop: null,
  drifting: false,
};

/** What the automation-value SQL sums per workflow (and over all). */
export interface AutomationTotals {
  runs: number;
  successes: number;
  escalations: number;
  failures: number;
  totalCostUsd: number;
  reviewCostUsd: number;
  reviewedEscalations: number;
  /** Sum over escalated runs of costUsd + reviewCostUsd (runTotalsColumns' escalatedCostUsd). */
  escalationCostUsd: number;
}

/**
 * Every derived number of automation value, and the verdict (docs/quality.md):
 * - humanShare = review spend / (agent spend + review spend);
 * - costPerResolvedTaskUsd = all spend / (successes + escalations): an escalated task is resolved by a person;
 * - humanCostPerResolutionUsd = mean review cost of the escalations that reported one;
 * - netValueUsd = successes × humanCostPerResolutionUsd − totalCostUsd: what people would have cost
 *   for the tasks the agent resolved, minus everything the agent cost (its failures and escalations too);
 * - verdict `pays` when netValueUsd > 0 (the agent's cost per success is below a person's cost per
 *   resolution), `does_not_pay` when ≤ 0, `unknown` when no escalation reported a review cost.
 */
export function automationValue(t: AutomationTotals): AutomationValue {
  const allSpend = t.totalCostUsd + t.reviewCostUsd;
  const humanCost = ratio(t.reviewCostUsd, t.reviewedEscalations);
  const net = humanCost === null ? null : t.successes * humanCost - t.totalCostUsd;
  return {
    runs: t.runs,
    successes: t.successes,
    escalations: t.escalations,
    failures: t.failures,
    totalCostUsd: t.totalCostUsd,
    reviewCostUsd: t.reviewCostUsd,
    reviewedEscalations: t.reviewedEscalations,
    // CONTRACT §3: all agent spend per success, made where every other page makes it.
    costPerSuccessUsd: runRates({ ...t, escalatedCostUsd: t.escalationCostUsd }).costPerSuccessUsd,
    escalationCostUsd: t.escalationCostUsd,
    humanShare: ratio(t.reviewCostUsd, allSpend),
    costPerResolvedTaskUsd: ratio(allSpend, t.successes + t.escalations),
    humanCostPerResolutionUsd: humanCost,
    netValueUsd: net,
    verdict: net === null ? "unknown" : net > 0 ? "pays" : "does_not_pay",
  };
}
