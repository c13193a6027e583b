// KPI threshold rules (issue 15): alerts on KPIs that are not a ratio of good events — incidents per
// 1,000 sessions, cost per success, critical policy violations — when the value over the last
// `windowMinutes` is greater than a threshold. The values are the KPIs of CONTRACT §3 (the same SQL
// fragments and lib/shared/metrics maths as the overview); the one place of their request schemas.
import { z } from "zod";
import { formatKpiValue } from "./format";
import type { KpiKey, KpiUnit } from "./metrics";

export const KPI_RULE_METRICS = ["incident_rate_per_1k_sessions", "cost_per_success_usd", "critical_policy_violations"] as const;
export type KpiRuleMetric = (typeof KPI_RULE_METRICS)[number];

/** Each rule metric is one KPI of lib/shared/metrics (its label, unit and definition). */
export const KPI_RULE_METRIC_KPI: Record<KpiRuleMetric, { kpi: KpiKey; label: string; unit: KpiUnit }> = {
  incident_rate_per_1k_sessions: { kpi: "incidentRatePer1kSessions", label: "Incidents / 1k sessions", unit: "per1k" },
  cost_per_success_usd: { kpi: "costPerSuccessUsd", label: "Cost per success", unit: "usd" },
  critical_policy_violations: { kpi: "criticalPolicyViolations", label: "Critical policy violations", unit: "count" },
};

export const KPI_RULE_LEVELS = ["ticket", "page"] as const;
export type KpiRuleLevel = (typeof KPI_RULE_LEVELS)[number];

export const KPI_RULE_STATUSES = ["draft", "approved"] as const;

export const DEFAULT_WINDOW_MINUTES = 60;
export const MIN_WINDOW_MINUTES = 5;
/** One week. */
export const MAX_WINDOW_MINUTES = 10_080;

/** What defines a rule; changing any of these on an approved rule sends it back to draft. */
export interface KpiRuleSpec {
  workflow: string | null;
  metric: KpiRuleMetric;
  threshold: number;
  windowMinutes: number;
}
export const KPI_RULE_SPEC_FIELDS = ["workflow", "metric", "threshold", "windowMinutes"] as const satisfies readonly (keyof KpiRuleSpec)[];

/**
 * The comparator is fixed: the rule breaches when the value is greater than the threshold. No value
 * (no traffic) never breaches. A value equal to the threshold up to the rounding of float sums (the
 * database may add $0.30 + $0.20 … in any order: 0.5 or 0.5000000000000001) is not greater.
 */
export function kpiRuleBreached(value: number | null, threshold: number): boolean {
  return value !== null && value - threshold > 1e-9 * Math.max(1, Math.abs(threshold));
}

const name100 = (what: string) => z.string().trim().min(1, `${what} must not be empty`).max(100, "must be at most 100 characters");
const fields = {
  name: name100("name").nullable(),
  workflow: name100("workflow").nullable(),
  metric: z.enum(KPI_RULE_METRICS, { error: `must be one of ${KPI_RULE_METRICS.join(", ")}` }),
  threshold: z.number({ error: "must be a number" }).min(0, "must be 0 or more").max(1e12, "must be at most 1e12"),
  windowMinutes: z
    .number({ error: "must be a number of minutes" })
    .int("must be a whole number of minutes")
    .min(MIN_WINDOW_MINUTES, `must be ${MIN_WINDOW_MINUTES} to ${MAX_WINDOW_MINUTES} minutes`)
    .max(MAX_WINDOW_MINUTES, `must be ${MIN_WINDOW_MINUTES} to ${MAX_WINDOW_MINUTES} minutes`),
  level: z.enum(KPI_RULE_LEVELS, { error: `must be one of ${KPI_RULE_LEVELS.join(", ")}` }),
};

/** POST /api/v1/kpi-rules. threshold may be left out for critical_policy_violations only (then 0: any violation fires). */
export const kpiRuleCreateSchema = z
  .strictObject({
    name: fields.name.optional(),
    workflow: fields.workflow.optional(),
    metric: fields.metric,
    threshold: fields.threshold.optional(),
    windowMinutes: fields.windowMinutes.optional(),
    level: fields.level.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.threshold === undefined && v.metric !== "critical_policy_violations")
      ctx.addIssue({ code: "custom", path: ["threshold"], message: `a ${v.metric} rule needs a threshold` });
  });
export type KpiRuleCreate = z.infer<typeof kpiRuleCreateSchema>;

/** PATCH /api/v1/kpi-rules/{id}: only what changes. */
export const kpiRulePatchSchema = z
  .strictObject({
    name: fields.name,
    workflow: fields.workflow,
    metric: fields.metric,
    threshold: fields.threshold,
    windowMinutes: fields.windowMinutes,
    level: fields.level,
  })
  .partial();
export type KpiRulePatch = z.infer<typeof kpiRulePatchSchema>;

/** "1 h", "30 min", "1 d", "7 d", "90 min". */
export function windowLabel(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/** A rule metric's value (or threshold) in its KPI's unit: "$0.50", "2.00", "0"; "—" for none. */
export function formatKpiRuleValue(metric: KpiRuleMetric, v: number | null | undefined): string {
  return formatKpiValue(v, KPI_RULE_METRIC_KPI[metric].unit);
}

/** The condition: "Cost per success > $0.50 · refund-request · 1 h". */
export function kpiRuleCondition(r: KpiRuleSpec): string {
  const what = `${KPI_RULE_METRIC_KPI[r.metric].label} > ${formatKpiRuleValue(r.metric, r.threshold)}`;
  return [what, r.workflow ?? "all workflows", windowLabel(r.windowMinutes)].join(" · ");
}

/** A one-line name of a rule: its name, else its condition. */
export function kpiRuleTitle(r: KpiRuleSpec & { name: string | null }): string {
  return r.name ?? kpiRuleCondition(r);
}

// ---- What the API answers (the shapes are the response schemas of lib/shared/api/kpi-rules.ts) ----
import type { kpiRuleSchema, kpiRuleWithValueSchema } from "./api/kpi-rules";
export type KpiRuleDto = z.infer<typeof kpiRuleSchema>;
export type KpiRuleWithValue = z.infer<typeof kpiRuleWithValueSchema>;
