// Fix items (CONTRACT §6): the schemas both the API and the pages use, and the one definition
// of "overdue".
import { z } from "zod";

import { FAILURE_CATEGORIES, type FailureCategory } from "./contract-enums";
export { FAILURE_CATEGORIES };
export type { FailureCategory };

import { FIX_STATUSES, type assigneeSchema, type fixItemChangeSchema, type fixItemSchema, type fixItemWithHistorySchema } from "./api/fix-items";
export { FIX_STATUSES };
export type FixStatus = (typeof FIX_STATUSES)[number];
export const FIX_STATUS_LABELS: Record<FixStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  fixed: "Fixed",
  wont_fix: "Won't fix",
};
/** Statuses that still need work: only these can be overdue, and the review links them. */
export const ACTIVE_FIX_STATUSES: readonly FixStatus[] = ["open", "in_progress"];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for "YYYY-MM-DD" that names a real calendar day (2026-02-30 is not one). */
export function isRealDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Today's date in UTC as "YYYY-MM-DD". */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function isOverdue(item: { dueDate: string; status: FixStatus }, now: Date = new Date()): boolean {
  return ACTIVE_FIX_STATUSES.includes(item.status) && item.dueDate < utcToday(now);
}

export const dueDateSchema = z.string().superRefine((v, ctx) => {
  if (!DATE_RE.test(v)) ctx.addIssue({ code: "custom", message: "must be a date as YYYY-MM-DD" });
  else if (!isRealDate(v)) ctx.addIssue({ code: "custom", message: `${v} is not a real calendar date` });
});

const reason = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const owner = z.string().trim().toLowerCase().pipe(z.email("must be an email address"));
const notes = z.string().max(10_000, "must be at most 10,000 characters").nullable();

export const fixItemCreateSchema = z.strictObject({
  category: z.enum(FAILURE_CATEGORIES),
  reason,
  owner,
  dueDate: dueDateSchema,
  status: z.enum(FIX_STATUSES).optional(),
  notes: notes.optional(),
});
export type FixItemCreate = z.infer<typeof fixItemCreateSchema>;

export const fixItemPatchSchema = z
  .strictObject({
    category: z.enum(FAILURE_CATEGORIES).optional(),
    reason: reason.optional(),
    owner: owner.optional(),
    dueDate: dueDateSchema.optional(),
    status: z.enum(FIX_STATUSES).optional(),
    notes: notes.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change");
export type FixItemPatch = z.infer<typeof fixItemPatchSchema>;

const bool = z.enum(["true", "false"]).transform((v) => v === "true");

export const fixItemListQuerySchema = z.strictObject({
  owner: z.union([z.literal("me"), owner]).optional(),
  status: z.enum(FIX_STATUSES).optional(),
  category: z.enum(FAILURE_CATEGORIES).optional(),
  overdue: bool.optional(),
});
export type FixItemListQuery = z.infer<typeof fixItemListQuerySchema>;

/** A person a fix item can be given to (GET /api/v1/fix-items/assignees): any member of the project. */
export type Assignee = z.infer<typeof assigneeSchema>;

/**
 * The body of POST /api/v1/fix-items built from exactly the fields CONTRACT §6 names, whatever
 * else the caller's object carries (a review row has count, share, fixItem…, which the strict
 * schema refuses). Empty notes are left out.
 */
export function fixItemCreateBody(
  failure: { category: FailureCategory; reason: string },
  fields: { owner: string; dueDate: string; status?: FixStatus; notes?: string | null },
): FixItemCreate {
  const body: FixItemCreate = { category: failure.category, reason: failure.reason, owner: fields.owner, dueDate: fields.dueDate };
  if (fields.status !== undefined) body.status = fields.status;
  if (fields.notes && fields.notes.trim()) body.notes = fields.notes;
  return body;
}

/** A fix item as the API answers it (the shapes are the response schemas of lib/shared/api/fix-items.ts). */
export type FixItemDto = z.infer<typeof fixItemSchema>;
export type FixItemChangeDto = z.infer<typeof fixItemChangeSchema>;
export type FixItemWithHistory = z.infer<typeof fixItemWithHistorySchema>;
