// Incidents: request schemas (API and forms) and the shape the API answers.
import { z } from "zod";
import { FAILURE_CATEGORIES } from "./runs-query";

export const SEVERITIES = ["SEV1", "SEV2", "SEV3"] as const;
export const INCIDENT_STATUSES = ["open", "mitigated", "resolved"] as const;
export type Severity = (typeof SEVERITIES)[number];
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

const runIds = z.array(z.string().trim().min(1).max(128)).max(500);

export const createIncidentSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    severity: z.enum(SEVERITIES),
    ownerEmail: z.email().optional(),
    description: z.string().max(10_000).optional(),
    runIds: runIds.optional(),
    failureCategory: z.enum(FAILURE_CATEGORIES).optional(),
    failureReason: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((v) => (v.failureReason === undefined) === (v.failureCategory === undefined), {
    path: ["failureReason"],
    message: "failureCategory and failureReason go together",
  });
export type CreateIncidentInput = z.infer<typeof createIncidentSchema>;

export const updateIncidentSchema = z
  .object({
    status: z.enum(INCIDENT_STATUSES).optional(),
    severity: z.enum(SEVERITIES).optional(),
    /** A member's email, or null to unassign. */
    ownerEmail: z.email().nullable().optional(),
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(10_000).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "nothing to change" });
export type UpdateIncidentInput = z.infer<typeof updateIncidentSchema>;

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

export interface IncidentRunRef {
  id: string;
  workflow: string;
  outcome: "success" | "failure" | "escalated";
  failureCategory: string | null;
  failureReason: string | null;
  startedAt: string;
  linkedAt: string;
}

export interface IncidentView {
  id: string;
  number: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  description: string | null;
  failureCategory: (typeof FAILURE_CATEGORIES)[number] | null;
  failureReason: string | null;
  owner: { email: string; name: string | null } | null;
  createdBy: { email: string; name: string | null } | null;
  openedAt: string;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  runCount: number;
}

export interface IncidentDetail extends IncidentView {
  runs: IncidentRunRef[];
}
