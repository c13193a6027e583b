// Response schemas of /api/v1/objectives and /api/v1/alerts (CONTRACT §8).
import { z } from "zod";
import { CHANNEL_TYPES } from "../channels";
import { deliveryItemSchema } from "./channels";
import { KPI_RULE_METRICS } from "../kpi-rules";
import { ALERT_LEVELS, BURN_WINDOW_NAMES, OBJECTIVE_HEALTHS, OBJECTIVE_STATUSES, SLIS, type BurnWindow } from "../objectives";

/** An objective as the API answers it; approvedBy is the approver's email. */
export const objectiveSchema = z.object({
  id: z.string(),
  workflow: z.string().nullable(),
  sli: z.enum(SLIS),
  tool: z.string().nullable(),
  thresholdMs: z.number().nullable(),
  target: z.number(),
  periodDays: z.number(),
  /** An incident opens by itself when one of its alerts pages. */
  autoIncident: z.boolean(),
  status: z.enum(OBJECTIVE_STATUSES),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const objectivesResponse = z.object({ objectives: z.array(objectiveSchema) });

const nullableNumber = z.number().nullable();
export const burnRatesSchema = z.object(
  Object.fromEntries(BURN_WINDOW_NAMES.map((w) => [w, nullableNumber])) as Record<BurnWindow, typeof nullableNumber>,
);

/** GET /api/v1/objectives/{id}/status: the contract's fields, then the period and the overview's reading. */
export const objectiveStatusSchema = z.object({
  id: z.string(),
  good: z.number(),
  total: z.number(),
  attainment: nullableNumber,
  budgetRemaining: nullableNumber,
  burnRates: burnRatesSchema,
  alert: z.enum(ALERT_LEVELS),
  health: z.enum(OBJECTIVE_HEALTHS),
  from: z.string(),
  to: z.string(),
});

/** An approved or draft objective with its status (the objectives page and the overview). */
export const objectiveWithStatusSchema = objectiveSchema.extend({ current: objectiveStatusSchema });
export const objectivesStatusResponse = z.object({ objectives: z.array(objectiveWithStatusSchema) });

/** GET /api/v1/objectives/{id}/series: the SLI per bucket over the period and the budget left after each. */
export const objectiveSeriesSchema = z.object({
  id: z.string(),
  bucketMs: z.number(),
  buckets: z.array(
    z.object({
      from: z.string(),
      good: z.number(),
      total: z.number(),
      attainment: nullableNumber,
      /** Budget remaining over the period so far (cumulative from its start); null before the first event. */
      budgetRemaining: nullableNumber,
    }),
  ),
});

export const ALERT_STATUSES = ["firing", "resolved"] as const;
export const ALERT_EVENT_KINDS = ["fired", "escalated", "recovering", "refired", "resolved", "acknowledged", "silenced", "incident"] as const;

export const alertEventSchema = z.object({
  kind: z.enum(ALERT_EVENT_KINDS),
  at: z.string(),
  actor: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()).nullable(),
});

/** One notification of the alert to one channel (its delivery log); no secret: the channel by name and type. */
export const alertDeliverySchema = deliveryItemSchema
  .pick({ id: true, channelId: true, type: true, status: true, attempts: true, lastStatusCode: true, lastError: true, lastAttemptAt: true, deliveredAt: true, createdAt: true })
  .extend({ channelName: z.string(), channelType: z.enum(CHANNEL_TYPES) });

/** An alert of an objective (objectiveId, burn rates) or of a KPI rule (kpiRuleId, kpi); title names either. */
export const alertSchema = z.object({
  id: z.string(),
  objectiveId: z.string().nullable(),
  kpiRuleId: z.string().nullable(),
  title: z.string(),
  /** A KPI rule's alert: the rule's condition and the value that fired it (or last raised it). */
  kpi: z.object({ metric: z.enum(KPI_RULE_METRICS), threshold: z.number(), windowMinutes: z.number(), value: nullableNumber }).nullable(),
  level: z.enum(["ticket", "page"]),
  status: z.enum(ALERT_STATUSES),
  firedAt: z.string(),
  resolvedAt: z.string().nullable(),
  burnRates: burnRatesSchema,
  budgetRemaining: nullableNumber,
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  silencedUntil: z.string().nullable(),
  incidentNumber: z.number().nullable(),
  events: z.array(alertEventSchema),
  /** Oldest first: the firing notification, then the resolved one, per routed channel. */
  deliveries: z.array(alertDeliverySchema),
});
export const alertsResponse = z.object({ alerts: z.array(alertSchema) });

/** POST /api/v1/objectives/evaluate: one evaluation now (what the 60 s loop does). */
export const evaluationResponse = z.object({
  evaluated: z.boolean(),
  objectives: z.number(),
  transitions: z.array(z.object({ alertId: z.string(), objectiveId: z.string().nullable(), kpiRuleId: z.string().nullable(), kind: z.enum(["firing", "resolved"]), level: z.enum(["ticket", "page"]) })),
  /** Rollback triggers that fired in this round (releases in canary or expansion whose analysis failed). */
  rollbacks: z.array(z.object({ release: z.string(), stage: z.string(), incidentNumber: z.number(), failedChecks: z.array(z.string()) })),
});

export const alertIncidentResponse = z.object({ alert: alertSchema, incidentNumber: z.number() });
