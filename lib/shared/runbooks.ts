// Runbooks (issue 18, docs/governance.md): the schemas both the API and the pages use, the one
// matching rule (which runbooks apply to a run or a failure) and the one definition of the flags.
import { z } from "zod";
import { FAILURE_CATEGORIES, type FailureCategory } from "./contract-enums";
import type { runbookSchema, runbookSummarySchema, runbookVersionSchema } from "./api/governance";

export type RunbookSummary = z.infer<typeof runbookSummarySchema>;
export type Runbook = z.infer<typeof runbookSchema>;
export type RunbookVersion = z.infer<typeof runbookVersionSchema>;

/** A runbook is flagged "not reviewed" once more than this many days passed since its last review (UTC dates). */
export const RUNBOOK_REVIEW_DAYS = 90;

/** What a runbook is attached to; a field left null is not an attachment. */
export interface RunbookAttachments {
  workflow: string | null;
  tool: string | null;
  category: FailureCategory | null;
  reason: string | null;
}
/** Where a runbook might apply: a run, a failure type, an incident (whatever is known of it). */
export interface RunbookContext {
  workflow?: string | undefined;
  tool?: string | undefined;
  category?: FailureCategory | undefined;
  reason?: string | undefined;
}

/**
 * A runbook applies to a context when it has at least one attachment and each of its set
 * attachments equals the context's value (a context that does not know the tool does not match a
 * runbook attached to a tool). A general runbook (no attachment) applies nowhere by itself.
 */
export function runbookApplies(rb: RunbookAttachments, ctx: RunbookContext): boolean {
  const pairs: [string | null, string | undefined][] = [
    [rb.workflow, ctx.workflow],
    [rb.tool, ctx.tool],
    [rb.category, ctx.category],
    [rb.reason, ctx.reason],
  ];
  const set = pairs.filter(([own]) => own !== null);
  return set.length > 0 && set.every(([own, given]) => given !== undefined && own === given);
}

const DAY_MS = 86_400_000;
const utcDate = (d: Date) => d.toISOString().slice(0, 10);

/** The last UTC date a runbook reviewed at `lastReviewedAt` still counts as reviewed. */
export function runbookReviewDueDate(lastReviewedAt: Date): string {
  const day = Date.parse(`${utcDate(lastReviewedAt)}T00:00:00.000Z`);
  return utcDate(new Date(day + RUNBOOK_REVIEW_DAYS * DAY_MS));
}

/** Flagged when it has no owner (unset, or no longer a member) or today (UTC) is after its review due date. */
export function runbookFlags(rb: { ownerIsMember: boolean; lastReviewedAt: Date }, now: Date = new Date()) {
  return { noOwner: !rb.ownerIsMember, notReviewed: utcDate(now) > runbookReviewDueDate(rb.lastReviewedAt) };
}

const optionalText = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`).nullable().optional();
const title = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const body = z.string().max(100_000, "must be at most 100,000 characters");
const owner = z.string().trim().toLowerCase().pipe(z.email("must be an email address")).nullable();

const attachments = {
  workflow: optionalText(100),
  tool: optionalText(100),
  category: z.enum(FAILURE_CATEGORIES).nullable().optional(),
  reason: optionalText(200),
};

export const runbookCreateSchema = z.strictObject({ title, body, owner: owner.optional(), ...attachments });
export type RunbookCreate = z.infer<typeof runbookCreateSchema>;

/** Any change makes a new version (title or body) or changes owner/attachments; an edit also counts as a review. */
export const runbookPatchSchema = z
  .strictObject({ title: title.optional(), body: body.optional(), owner: owner.optional(), ...attachments })
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change");
export type RunbookPatch = z.infer<typeof runbookPatchSchema>;

export const runbookListQuerySchema = z.strictObject({
  workflow: z.string().min(1).max(100).optional(),
  tool: z.string().min(1).max(100).optional(),
  category: z.enum(FAILURE_CATEGORIES).optional(),
  reason: z.string().min(1).max(200).optional(),
});
export type RunbookListQuery = z.infer<typeof runbookListQuerySchema>;

/** "tool_error · ticketing API timeout · workflow refund-request" — what a runbook is attached to, for lists. */
export function runbookAttachmentLabel(rb: RunbookAttachments): string {
  const parts: string[] = [];
  if (rb.category || rb.reason) parts.push([rb.category, rb.reason].filter(Boolean).join(" · "));
  if (rb.workflow) parts.push(`workflow ${rb.workflow}`);
  if (rb.tool) parts.push(`tool ${rb.tool}`);
  return parts.length ? parts.join(", ") : "general";
}
