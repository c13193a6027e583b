// Response schemas of incident response (issue 18): severity tiers, update templates, an
// incident's timeline with its response targets, stakeholder updates and the postmortem.
import { z } from "zod";
import { AUDIENCES } from "../incident-response";
import { SEVERITIES } from "./incidents";

const tier = z.object({
  description: z.string(),
  criteria: z.string(),
  acknowledgeWithinMinutes: z.number(),
  updateEveryMinutes: z.number().nullable(),
});
const person = z.object({ email: z.string(), name: z.string().nullable() });

export const severityTiersResponse = z.object({
  tiers: z.object({ SEV1: tier, SEV2: tier, SEV3: tier, SEV4: tier }),
  /** True while the project keeps Keel's defaults. */
  isDefault: z.boolean(),
});

export const updateTemplatesResponse = z.object({
  templates: z.object({ executives: z.string(), support: z.string(), engineering: z.string() }),
  isDefault: z.boolean(),
  /** Each placeholder a template may use, with what it is filled with. */
  placeholders: z.record(z.string(), z.string()),
});

export const ACTOR_TYPES = ["person", "alert", "gate", "objective", "system"] as const;
export const timelineActorSchema = z.object({
  type: z.enum(ACTOR_TYPES),
  id: z.string().optional(),
  email: z.string().optional(),
  name: z.string().nullable().optional(),
});

export const timelineEventSchema = z.object({
  /** Stored events: their id; merged release stage changes: `release:<id>`. */
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  actor: timelineActorSchema,
  /** A note's or a sent update's text. */
  body: z.string().nullable(),
  /** The kind's details (docs/incidents.md). */
  details: z.record(z.string(), z.unknown()),
});

export const responseTargetsSchema = z.object({
  severity: z.enum(SEVERITIES),
  acknowledge: z.object({
    withinMinutes: z.number(),
    acknowledgedAt: z.string().nullable(),
    state: z.enum(["met", "missed", "pending"]),
    dueAt: z.string(),
  }),
  updates: z.object({
    everyMinutes: z.number().nullable(),
    sent: z.array(z.object({ at: z.string(), dueAt: z.string(), late: z.boolean() })),
    nextDueAt: z.string().nullable(),
    overdue: z.boolean(),
    state: z.enum(["met", "missed", "none"]),
  }),
});

export const incidentTimelineResponse = z.object({ events: z.array(timelineEventSchema), targets: responseTargetsSchema });

const windowStats = z.object({
  runs: z.number(),
  sessions: z.number(),
  affectedRuns: z.number(),
  affectedSessions: z.number(),
  successRate: z.number().nullable(),
  escalationRate: z.number().nullable(),
});

export const incidentImpactSchema = z.object({
  window: z.object({ from: z.string(), to: z.string() }),
  baseline: z.object({ from: z.string(), to: z.string() }),
  /** The workflows in scope (those of the linked runs); empty = the whole project. */
  workflows: z.array(z.string()),
  failure: z.object({ category: z.string(), reason: z.string() }).nullable(),
  current: windowStats,
  previous: windowStats,
});

export const stakeholderUpdateSchema = z.object({
  id: z.string(),
  at: z.string(),
  audience: z.enum(AUDIENCES),
  body: z.string(),
  sentBy: person.nullable(),
});
export const stakeholderUpdatesResponse = z.object({ updates: z.array(stakeholderUpdateSchema) });

export const updatePreviewResponse = z.object({
  audience: z.enum(AUDIENCES),
  /** The rendered template (Markdown) and the same as plain text. */
  markdown: z.string(),
  text: z.string(),
  nextUpdateAt: z.string().nullable(),
  impact: incidentImpactSchema,
});

export const POSTMORTEM_STATUSES = ["draft", "published"] as const;
export const postmortemResponse = z.object({
  number: z.number(),
  status: z.enum(POSTMORTEM_STATUSES),
  /** False while nothing is saved: `body` is then the generated draft. */
  saved: z.boolean(),
  body: z.string(),
  /** The draft as Keel generates it now (to start over from). */
  generated: z.string(),
  updatedAt: z.string().nullable(),
  updatedBy: person.nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: person.nullable(),
});
