// Response schemas of /api/v1/incidents; lib/shared/incidents.ts takes its types from them.
import { z } from "zod";
import { FAILURE_CATEGORIES } from "../contract-enums";
import { ROLES } from "../permissions";

export const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
export const INCIDENT_STATUSES = ["open", "mitigated", "resolved"] as const;

const person = z.object({ email: z.string(), name: z.string().nullable() });

export const incidentRunRefSchema = z.object({
  id: z.string(),
  workflow: z.string(),
  outcome: z.enum(["success", "failure", "escalated"]),
  failureCategory: z.string().nullable(),
  failureReason: z.string().nullable(),
  startedAt: z.string(),
  linkedAt: z.string(),
});

export const incidentViewSchema = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(INCIDENT_STATUSES),
  description: z.string().nullable(),
  failureCategory: z.enum(FAILURE_CATEGORIES).nullable(),
  failureReason: z.string().nullable(),
  /** The incident commander (`owner` in the API). */
  owner: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).nullable(),
  createdBy: person.nullable(),
  openedAt: z.string(),
  mitigatedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  runCount: z.number(),
});

/** One timeline entry; `kind` is open-ended (see INCIDENT_EVENT_KINDS in lib/shared/incidents.ts). */
export const incidentEventSchema = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.string(),
  /** Who did it; null when the person was deleted (or Keel did it). */
  actor: person.nullable(),
  body: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()).nullable(),
});

/** A member who can command an incident (GET /api/v1/incidents/commanders). */
export const incidentCommanderSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(ROLES),
});

export const incidentDetailSchema = incidentViewSchema.extend({
  runs: z.array(incidentRunRefSchema),
  timeline: z.array(incidentEventSchema),
});

export const incidentsResponse = z.object({ incidents: z.array(incidentViewSchema) });
export const commandersResponse = z.object({ members: z.array(incidentCommanderSchema) });
