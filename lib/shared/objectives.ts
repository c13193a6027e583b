// Reliability objectives (CONTRACT §8): the one place of their maths and their request schemas.
// Pure: the API, the pages, the alert evaluator and the tests share these definitions.
import { z } from "zod";

export const SLIS = ["success_rate", "non_escalation_rate", "run_latency", "tool_latency"] as const;
export type Sli = (typeof SLIS)[number];
export const SLI_LABELS: Record<Sli, string> = {
  success_rate: "Success rate",
  non_escalation_rate: "Non-escalation rate",
  run_latency: "Run latency",
  tool_latency: "Tool latency",
};
/** SLIs whose good event is "fast enough": they need thresholdMs. */
export const LATENCY_SLIS: readonly Sli[] = ["run_latency", "tool_latency"];

export const OBJECTIVE_STATUSES = ["draft", "approved"] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];

export const ALERT_LEVELS = ["none", "ticket", "page"] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** The burn-rate windows of the multi-window rule, in ms, shortest first. */
export const BURN_WINDOWS = { "5m": 5 * 60_000, "30m": 30 * 60_000, "1h": 3_600_000, "6h": 6 * 3_600_000, "3d": 3 * 86_400_000 } as const;
export type BurnWindow = keyof typeof BURN_WINDOWS;
export const BURN_WINDOW_NAMES = Object.keys(BURN_WINDOWS) as BurnWindow[];
export type BurnRates = Record<BurnWindow, number | null>;

export const DEFAULT_PERIOD_DAYS = 28;
export const MAX_PERIOD_DAYS = 90;
const DAY_MS = 86_400_000;

/** Good and total events of one window. */
export interface EventCounts {
  good: number;
  total: number;
}

/** good / total; null without traffic. */
export function attainment({ good, total }: EventCounts): number | null {
  return total > 0 ? good / total : null;
}

/** 1 - target: the share of events allowed to be bad. */
export function errorBudget(target: number): number {
  return 1 - target;
}

/** 1 - (total - good) / (errorBudget * total): 1 untouched, 0 spent, below 0 overspent; null without traffic. */
export function budgetRemaining({ good, total }: EventCounts, target: number): number | null {
  if (total <= 0) return null;
  return 1 - (total - good) / (errorBudget(target) * total);
}

/** ((total - good) / total) / errorBudget: 1 spends the budget exactly over the period; null without traffic. */
export function burnRate({ good, total }: EventCounts, target: number): number | null {
  if (total <= 0) return null;
  return (total - good) / total / errorBudget(target);
}

const atLeast = (burn: number | null, threshold: number) => burn !== null && burn >= threshold;

/**
 * The multi-window, multi-burn-rate rule (Google SRE Workbook, CONTRACT §8): `page` when burn >= 14.4
 * over both 1h and 5m, or >= 6 over both 6h and 30m; else `ticket` when >= 1 over both 3d and 6h.
 * A window without traffic (null) never meets a condition, so no traffic never alerts.
 */
export function alertLevel(burn: BurnRates): AlertLevel {
  if ((atLeast(burn["1h"], 14.4) && atLeast(burn["5m"], 14.4)) || (atLeast(burn["6h"], 6) && atLeast(burn["30m"], 6))) return "page";
  if (atLeast(burn["3d"], 1) && atLeast(burn["6h"], 1)) return "ticket";
  return "none";
}

/** How an approved objective reads on the overview. */
export const OBJECTIVE_HEALTHS = ["met", "at_risk", "breached", "no_data"] as const;
export type ObjectiveHealth = (typeof OBJECTIVE_HEALTHS)[number];
export const OBJECTIVE_HEALTH_LABELS: Record<ObjectiveHealth, string> = {
  met: "Met",
  at_risk: "At risk",
  breached: "Breached",
  no_data: "No data",
};
/** Below this share of budget left (or with any alert) a met objective is "at risk". */
export const AT_RISK_BUDGET = 0.25;

/** breached: attainment below target (budget overspent); at risk: an alert, or under 25% budget left; else met. */
export function objectiveHealth(remaining: number | null, alert: AlertLevel): ObjectiveHealth {
  if (remaining === null) return "no_data";
  if (remaining < 0) return "breached";
  if (alert !== "none" || remaining < AT_RISK_BUDGET) return "at_risk";
  return "met";
}

/** The period `[now - periodDays, now)` of an objective. */
export function periodStart(now: Date, periodDays: number): Date {
  return new Date(now.getTime() - periodDays * DAY_MS);
}

// ---- Request schemas ------------------------------------------------------------------------

/** What defines an objective; changing any of these on an approved objective sends it back to draft. */
export interface ObjectiveSpec {
  workflow: string | null;
  sli: Sli;
  tool: string | null;
  thresholdMs: number | null;
  target: number;
  periodDays: number;
}
export const SPEC_FIELDS = ["workflow", "sli", "tool", "thresholdMs", "target", "periodDays"] as const satisfies readonly (keyof ObjectiveSpec)[];

/** The rules between fields (a tool objective names its tool, only latency SLIs take a threshold). */
export function objectiveSpecIssues(spec: Pick<ObjectiveSpec, "sli" | "tool" | "thresholdMs">): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const latency = LATENCY_SLIS.includes(spec.sli);
  if (spec.sli === "tool_latency" && !spec.tool) issues.push({ path: "tool", message: "a tool_latency objective needs the tool's name" });
  if (spec.sli !== "tool_latency" && spec.tool) issues.push({ path: "tool", message: `only a tool_latency objective names a tool, not ${spec.sli}` });
  if (latency && spec.thresholdMs == null) issues.push({ path: "thresholdMs", message: `a ${spec.sli} objective needs thresholdMs` });
  if (!latency && spec.thresholdMs != null)
    issues.push({ path: "thresholdMs", message: `thresholdMs applies to run_latency and tool_latency only, not ${spec.sli}` });
  return issues;
}

const name100 = (what: string) => z.string().trim().min(1, `${what} must not be empty`).max(100, "must be at most 100 characters");
const fields = {
  workflow: name100("workflow").nullable(),
  sli: z.enum(SLIS, { error: `must be one of ${SLIS.join(", ")}` }),
  tool: name100("tool").nullable(),
  thresholdMs: z.number().int("must be a whole number of ms").positive("must be > 0").max(86_400_000, "must be at most one day").nullable(),
  target: z
    .number()
    .gt(0, "must be above 0")
    .lt(1, "must be below 1: a target of 1 leaves a zero error budget (no bad event allowed), so burn rates are undefined"),
  periodDays: z.number().int("must be a whole number of days").min(1, "must be 1 to 90 days").max(MAX_PERIOD_DAYS, "must be 1 to 90 days"),
  /** Open an incident when an alert of this objective pages: how it is handled, not what is measured. */
  autoIncident: z.boolean({ error: "must be true or false" }),
};

export const objectiveCreateSchema = z
  .strictObject({
    workflow: fields.workflow.optional(),
    sli: fields.sli,
    tool: fields.tool.optional(),
    thresholdMs: fields.thresholdMs.optional(),
    target: fields.target,
    periodDays: fields.periodDays.optional(),
    autoIncident: fields.autoIncident.optional(),
  })
  .superRefine((v, ctx) => {
    for (const i of objectiveSpecIssues({ sli: v.sli, tool: v.tool ?? null, thresholdMs: v.thresholdMs ?? null }))
      ctx.addIssue({ code: "custom", path: [i.path], message: i.message });
  });
export type ObjectiveCreate = z.infer<typeof objectiveCreateSchema>;

/** A PATCH names only what changes; the merged objective is checked by objectiveSpecIssues. */
export const objectivePatchSchema = z
  .strictObject({
    workflow: fields.workflow,
    sli: fields.sli,
    tool: fields.tool,
    thresholdMs: fields.thresholdMs,
    target: fields.target,
    periodDays: fields.periodDays,
    autoIncident: fields.autoIncident,
  })
  .partial();
export type ObjectivePatch = z.infer<typeof objectivePatchSchema>;

/** A one-line name of an objective, e.g. "Success rate ≥ 95% · refund-request · 28 d". */
export function objectiveTitle(o: Pick<ObjectiveSpec, "sli" | "workflow" | "tool" | "thresholdMs" | "target" | "periodDays">): string {
  const pct = `${Math.round(o.target * 10_000) / 100}%`;
  const what =
    o.sli === "run_latency" || o.sli === "tool_latency"
      ? `${pct} of ${o.sli === "tool_latency" ? `${o.tool} calls` : "runs"} ≤ ${o.thresholdMs} ms`
      : `${SLI_LABELS[o.sli]} ≥ ${pct}`;
  return [what, o.workflow ?? (o.sli === "tool_latency" ? null : "all workflows"), `${o.periodDays} d`].filter(Boolean).join(" · ");
}

// ---- What the API answers (the shapes are the response schemas of lib/shared/api/objectives.ts) ----
import type { alertDeliverySchema, alertEventSchema, alertSchema, objectiveSchema, objectiveSeriesSchema, objectiveStatusSchema, objectiveWithStatusSchema } from "./api/objectives";
export type ObjectiveDto = z.infer<typeof objectiveSchema>;
export type ObjectiveStatusDto = z.infer<typeof objectiveStatusSchema>;
export type ObjectiveWithStatus = z.infer<typeof objectiveWithStatusSchema>;
export type ObjectiveSeries = z.infer<typeof objectiveSeriesSchema>;
export type AlertDto = z.infer<typeof alertSchema>;
export type AlertEventDto = z.infer<typeof alertEventSchema>;
export type AlertDeliveryDto = z.infer<typeof alertDeliverySchema>;
