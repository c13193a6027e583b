// Response schemas of /api/v1/fix-items (CONTRACT §6); lib/shared/fix-items.ts takes its types from them.
import { z } from "zod";
import { FAILURE_CATEGORIES } from "../contract-enums";

export const FIX_STATUSES = ["open", "in_progress", "fixed", "wont_fix"] as const;

/** A fix item as the API answers it. */
export const fixItemSchema = z.object({
  id: z.string(),
  category: z.enum(FAILURE_CATEGORIES),
  reason: z.string(),
  owner: z.string(),
  ownerName: z.string().nullable(),
  dueDate: z.string(),
  status: z.enum(FIX_STATUSES),
  notes: z.string().nullable(),
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const fixItemChangeSchema = z.object({
  at: z.string(),
  actor: z.string().nullable(),
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
});

export const fixItemWithHistorySchema = fixItemSchema.extend({ history: z.array(fixItemChangeSchema) });

/** A person a fix item can be given to (GET /api/v1/fix-items/assignees): any member of the project. */
export const assigneeSchema = z.object({ email: z.string(), name: z.string().nullable() });

export const fixItemsResponse = z.object({ fixItems: z.array(fixItemSchema) });
export const assigneesResponse = z.object({ members: z.array(assigneeSchema) });
