// Incidents: request schemas (API and forms) and the shape the API answers.
import { z } from "zod";
import { FAILURE_CATEGORIES } from "./runs-query";

import {
  INCIDENT_STATUSES,
  SEVERITIES,
  type incidentCommanderSchema,
  type incidentDetailSchema,
  type incidentEventSchema,
  type incidentRunRefSchema,
  type incidentViewSchema,
} from "./api/incidents";
export { INCIDENT_STATUSES, SEVERITIES };
export type Severity = (typeof SEVERITIES)[number];
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

const runIds = z.array(z.string().trim().min(1).max(128)).max(500);

/** A member's user id (the commander picker sends emails; scripts may hold ids). */
const userId = z.string().trim().min(1).max(64);
const oneOwnerField = (v: { ownerEmail?: unknown; ownerId?: unknown }) => v.ownerEmail === undefined || v.ownerId === undefined;
const oneOwnerIssue = { path: ["ownerId"], message: "give ownerEmail or ownerId, not both" };

export const createIncidentSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    severity: z.enum(SEVERITIES),
    /** The commander: a member's email, or their user id as `ownerId`. */
    ownerEmail: z.email().optional(),
    ownerId: userId.optional(),
    description: z.string().max(10_000).optional(),
    runIds: runIds.optional(),
    failureCategory: z.enum(FAILURE_CATEGORIES).optional(),
    failureReason: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((v) => (v.failureReason === undefined) === (v.failureCategory === undefined), {
    path: ["failureReason"],
    message: "failureCategory and failureReason go together",
  })
  .refine(oneOwnerField, oneOwnerIssue);
export type CreateIncidentInput = z.infer<typeof createIncidentSchema>;

export const updateIncidentSchema = z
  .object({
    status: z.enum(INCIDENT_STATUSES).optional(),
    severity: z.enum(SEVERITIES).optional(),
    /** The commander: a member's email, or null to unassign. */
    ownerEmail: z.email().nullable().optional(),
    /** The commander by user id, or null to unassign (instead of ownerEmail). */
    ownerId: userId.nullable().optional(),
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(10_000).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "nothing to change" })
  .refine(oneOwnerField, oneOwnerIssue);
export type UpdateIncidentInput = z.infer<typeof updateIncidentSchema>;

export const NOTE_MAX_LENGTH = 5000;

/** POST /api/v1/incidents/{number}/notes: plain text (shown as typed, never as HTML or Markdown). */
export const addNoteSchema = z
  .object({
    body: z
      .string("the note's text")
      .trim()
      .min(1, "write something")
      .max(NOTE_MAX_LENGTH, `at most ${NOTE_MAX_LENGTH} characters`),
  })
  .strict();
export type AddNoteInput = z.infer<typeof addNoteSchema>;

export const linkRunsSchema = z.object({ runIds: runIds.min(1) }).strict();

export const incidentsQuerySchema = z.object({
  status: z.enum(INCIDENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** Forward only: an incident is not reopened (open a new one and link the runs). */
export const NEXT_STATUSES: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  open: ["mitigated", "resolved"],
  mitigated: ["resolved"],
  resolved: [],
};

// The shapes the API answers are its response schemas (lib/shared/api/incidents.ts).
export type IncidentRunRef = z.infer<typeof incidentRunRefSchema>;
export type IncidentView = z.infer<typeof incidentViewSchema>;

/**
 * What the timeline holds, oldest first. `kind` is open-ended (later kinds render as their name
 * until the page knows them); `payload` by kind:
 * - opened: {title, severity, failureCategory, failureReason}
 * - note: none (the text is `body`)
 * - status | severity | title: {from, to}
 * - owner: {from, to}, each {email, name} or null (the commander)
 * - description: none (it changed; the incident shows the current text)
 * - runs_linked: {runIds}
 */
export const INCIDENT_EVENT_KINDS = ["opened", "note", "status", "severity", "owner", "title", "description", "runs_linked"] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

export type IncidentEvent = Omit<z.infer<typeof incidentEventSchema>, "kind"> & { kind: IncidentEventKind | (string & {}) };

/** A member who can command an incident (GET /api/v1/incidents/commanders). */
export type IncidentCommander = z.infer<typeof incidentCommanderSchema>;

export type IncidentDetail = z.infer<typeof incidentDetailSchema>;
