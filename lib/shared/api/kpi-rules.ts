// Response schemas of /api/v1/kpi-rules (issue 15: KPI threshold rules).
import { z } from "zod";
import { KPI_RULE_LEVELS, KPI_RULE_METRICS, KPI_RULE_STATUSES } from "../kpi-rules";

/** A rule as the API answers it; approvedBy is the approver's email. */
export const kpiRuleSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  workflow: z.string().nullable(),
  metric: z.enum(KPI_RULE_METRICS),
  comparator: z.literal(">"),
  threshold: z.number(),
  windowMinutes: z.number(),
  level: z.enum(KPI_RULE_LEVELS),
  status: z.enum(KPI_RULE_STATUSES),
  title: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A rule with its metric's value over [now - window, now) (null without traffic) and whether it breaches. */
export const kpiRuleWithValueSchema = kpiRuleSchema.extend({
  current: z.object({ value: z.number().nullable(), breached: z.boolean(), from: z.string(), to: z.string() }),
});
export const kpiRulesResponse = z.object({ kpiRules: z.array(kpiRuleWithValueSchema) });
