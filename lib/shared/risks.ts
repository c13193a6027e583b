// The risk register (issue 18, docs/governance.md): schemas, the score and the one definition of
// "overdue review".
import { z } from "zod";
import { dueDateSchema, utcToday } from "./fix-items";
import { RISK_CATEGORIES, RISK_LINK_KINDS, RISK_STATUSES, type reviewRiskSchema, type riskSchema } from "./api/governance";
export { RISK_CATEGORIES, RISK_LINK_KINDS, RISK_STATUSES };

export type Risk = z.infer<typeof riskSchema>;
export type ReviewRisk = z.infer<typeof reviewRiskSchema>;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];
export type RiskStatus = (typeof RISK_STATUSES)[number];
export type RiskLinkKind = (typeof RISK_LINK_KINDS)[number];

export const RISK_CATEGORY_LABELS: Record<RiskCategory, string> = {
  quality_drift: "Quality drift",
  cost_spike: "Cost spike",
  compliance_gap: "Compliance gap",
  operational_overload: "Operational overload",
  other: "Other",
};
export const RISK_STATUS_LABELS: Record<RiskStatus, string> = {
  open: "Open",
  mitigating: "Mitigating",
  accepted: "Accepted",
  closed: "Closed",
};

export const riskScore = (r: { likelihood: number; impact: number }) => r.likelihood * r.impact;

/** Overdue review: the review date is before today (UTC) and the risk is not closed. */
export function isRiskOverdue(r: { reviewDate: string; status: RiskStatus }, now: Date = new Date()): boolean {
  return r.status !== "closed" && r.reviewDate < utcToday(now);
}

const level = z.number().int("must be a whole number from 1 to 5").min(1, "must be from 1 to 5").max(5, "must be from 1 to 5");
const owner = z.string().trim().toLowerCase().pipe(z.email("must be an email address"));
const linkIds = z.array(z.string().min(1).max(64)).max(50, "at most 50 links");

const fields = {
  title: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
  category: z.enum(RISK_CATEGORIES),
  likelihood: level,
  impact: level,
  owner,
  mitigation: z.string().max(10_000, "must be at most 10,000 characters"),
  status: z.enum(RISK_STATUSES),
  reviewDate: dueDateSchema,
  objectiveIds: linkIds,
  fixItemIds: linkIds,
  runbookIds: linkIds,
};

export const riskCreateSchema = z.strictObject({
  ...fields,
  mitigation: fields.mitigation.optional(),
  status: fields.status.optional(),
  objectiveIds: linkIds.optional(),
  fixItemIds: linkIds.optional(),
  runbookIds: linkIds.optional(),
});
export type RiskCreate = z.infer<typeof riskCreateSchema>;

export const riskPatchSchema = z
  .strictObject(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]> })
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change");
export type RiskPatch = z.infer<typeof riskPatchSchema>;

export const riskListQuerySchema = z.strictObject({
  status: z.enum(RISK_STATUSES).optional(),
  owner: owner.optional(),
  overdue: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});
export type RiskListQuery = z.infer<typeof riskListQuerySchema>;
