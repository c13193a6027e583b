// Response schemas of /api/v1/runbooks, /api/v1/risks and /api/v1/ownership (issue 18, docs/governance.md);
// lib/shared/{runbooks,risks,ownership}.ts take their types from them.
import { z } from "zod";
import { FAILURE_CATEGORIES } from "../contract-enums";

export const RISK_CATEGORIES = ["quality_drift", "cost_spike", "compliance_gap", "operational_overload", "other"] as const;
export const RISK_STATUSES = ["open", "mitigating", "accepted", "closed"] as const;
export const RISK_LINK_KINDS = ["objective", "fix_item", "runbook"] as const;

/** A runbook without its body: what every role (and the list) sees. */
export const runbookSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  version: z.number(),
  workflow: z.string().nullable(),
  tool: z.string().nullable(),
  category: z.enum(FAILURE_CATEGORIES).nullable(),
  reason: z.string().nullable(),
  owner: z.string().nullable(),
  ownerName: z.string().nullable(),
  lastReviewedAt: z.string(),
  /** The UTC date after which it is flagged not reviewed (lastReviewedAt's date + 90 days). */
  reviewDueDate: z.string(),
  flags: z.object({ noOwner: z.boolean(), notReviewed: z.boolean() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const runbookSchema = runbookSummarySchema.extend({ body: z.string() });
export const runbookVersionSchema = z.object({
  version: z.number(),
  title: z.string(),
  body: z.string(),
  author: z.string().nullable(),
  createdAt: z.string(),
});
export const runbooksResponse = z.object({ runbooks: z.array(runbookSummarySchema) });
export const runbookVersionsResponse = z.object({ versions: z.array(runbookVersionSchema) });

export const riskLinkSchema = z.object({ kind: z.enum(RISK_LINK_KINDS), id: z.string(), label: z.string() });
export const riskSchema = z.object({
  id: z.string(),
  title: z.string(),
  category: z.enum(RISK_CATEGORIES),
  likelihood: z.number(),
  impact: z.number(),
  /** likelihood × impact, 1–25 */
  score: z.number(),
  owner: z.string(),
  ownerName: z.string().nullable(),
  mitigation: z.string(),
  status: z.enum(RISK_STATUSES),
  reviewDate: z.string(),
  overdue: z.boolean(),
  links: z.array(riskLinkSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const risksResponse = z.object({ risks: z.array(riskSchema) });
export const deletedResponse = z.object({ deleted: z.literal(true) });

export const ownershipAreaSchema = z.object({
  key: z.string(),
  label: z.string(),
  builtin: z.boolean(),
  /** What the area covers (built-in areas), else null. */
  description: z.string().nullable(),
  owner: z.string().nullable(),
  ownerName: z.string().nullable(),
});
export const ownershipResponse = z.object({ areas: z.array(ownershipAreaSchema) });

/** The weekly review's risks section: a risk and why it is listed. */
export const reviewRiskSchema = riskSchema.pick({ id: true, title: true, score: true, owner: true, status: true, reviewDate: true, overdue: true }).extend({
  reasons: z.array(z.enum(["review_due", "objective_at_risk"])),
});
