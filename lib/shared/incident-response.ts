// Incident response (issue 18, docs/incidents.md): severity tiers with their response targets,
// stakeholder-update templates and their placeholders, and whether an incident met its targets.
// Shared so the settings forms validate what PUT /api/v1/settings/{severities,update-templates}
// accept and the page computes nothing the API does not.
import { z } from "zod";
import { SEVERITIES } from "./api/incidents";

type Severity = (typeof SEVERITIES)[number];

/** At most one week: a target further out is no target. */
export const MAX_TARGET_MINUTES = 10_080;
const minutes = (what: string) =>
  z.int(`${what} must be a whole number of minutes`).min(1, `${what} must be at least 1 minute`).max(MAX_TARGET_MINUTES, `${what} must be at most ${MAX_TARGET_MINUTES} minutes (one week)`);

export const severityTierSchema = z.strictObject({
  description: z.string().trim().min(1, "must not be empty").max(200, "at most 200 characters"),
  criteria: z.string().trim().max(2000, "at most 2000 characters"),
  acknowledgeWithinMinutes: minutes("acknowledgeWithinMinutes"),
  /** null: no stakeholder-update cadence for this tier. */
  updateEveryMinutes: minutes("updateEveryMinutes").nullable(),
});
export type SeverityTier = z.infer<typeof severityTierSchema>;
export type SeverityTiers = Record<Severity, SeverityTier>;

/** PUT /api/v1/settings/severities: all four tiers at once (a tier is a whole; a missing one is a 400 naming it). */
export const severityTiersPutSchema = z.strictObject({
  tiers: z.strictObject({
    SEV1: severityTierSchema,
    SEV2: severityTierSchema,
    SEV3: severityTierSchema,
    SEV4: severityTierSchema,
  }),
});
export type SeverityTiersPut = z.infer<typeof severityTiersPutSchema>;

export const DEFAULT_SEVERITY_TIERS: SeverityTiers = {
  SEV1: {
    description: "Critical: customers broadly affected",
    criteria: "Most runs of a production workflow fail or escalate, a critical policy violation reached a customer, or money moved wrongly.",
    acknowledgeWithinMinutes: 15,
    updateEveryMinutes: 30,
  },
  SEV2: {
    description: "Major: a workflow degraded",
    criteria: "One workflow's success rate or escalation rate is well off its objective; a canary rollback fired.",
    acknowledgeWithinMinutes: 30,
    updateEveryMinutes: 60,
  },
  SEV3: {
    description: "Minor: limited impact",
    criteria: "A failure reason grows but most runs succeed; latency over target without failures.",
    acknowledgeWithinMinutes: 240,
    updateEveryMinutes: 1440,
  },
  SEV4: {
    description: "Low: no customer impact yet",
    criteria: "Something to track: a staging or sandbox failure, a slow tool, a flaky eval.",
    acknowledgeWithinMinutes: 1440,
    updateEveryMinutes: null,
  },
};

// ---- stakeholder updates -------------------------------------------------------------------

export const AUDIENCES = ["executives", "support", "engineering"] as const;
export type Audience = (typeof AUDIENCES)[number];
export const AUDIENCE_LABELS: Record<Audience, string> = { executives: "Executives", support: "Support", engineering: "Engineering" };

/** Placeholders a template may use, `{{name}}`; what each is filled with (docs/incidents.md). */
export const PLACEHOLDERS = {
  incident: "“#12 Refunds failing”",
  title: "the incident's title",
  severity: "SEV1 … SEV4",
  severityDescription: "the tier's description",
  status: "open, mitigated or resolved",
  commander: "the commander's name or email, or “unassigned”",
  openedAt: "when it was opened (UTC)",
  window: "the impact window (opened → resolved or now, UTC)",
  failure: "the incident's failure (category · reason), or “—”",
  affectedRuns: "runs affected in the window",
  affectedSessions: "sessions of those runs",
  affectedRunsBefore: "the same in the week before the window",
  runs: "runs in scope in the window",
  runsBefore: "runs in scope in the week before",
  successRate: "success rate in the window",
  successRateBefore: "success rate in the week before",
  escalationRate: "escalation rate in the window",
  escalationRateBefore: "escalation rate in the week before",
  nextUpdateAt: "when the next update is due (UTC), or “no further updates scheduled”",
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
const PLACEHOLDER_RE = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

export const TEMPLATE_MAX_LENGTH = 10_000;
const templateText = z
  .string()
  .max(TEMPLATE_MAX_LENGTH, `at most ${TEMPLATE_MAX_LENGTH} characters`)
  .refine((t) => t.trim().length > 0, "must not be empty")
  .superRefine((t, ctx) => {
    for (const m of t.matchAll(PLACEHOLDER_RE)) {
      if (!(m[1] in PLACEHOLDERS)) ctx.addIssue({ code: "custom", message: `unknown placeholder {{${m[1]}}}` });
    }
  });

export const updateTemplatesPutSchema = z.strictObject({
  templates: z.strictObject({ executives: templateText, support: templateText, engineering: templateText }),
});
export type UpdateTemplates = Record<Audience, string>;

export const DEFAULT_UPDATE_TEMPLATES: UpdateTemplates = {
  executives: [
    "**{{severity}} incident {{incident}}: {{status}}**",
    "",
    "Impact since {{openedAt}}: **{{affectedRuns}}** affected runs across **{{affectedSessions}}** sessions. Success rate {{successRate}} (week before: {{successRateBefore}}); escalation rate {{escalationRate}} (week before: {{escalationRateBefore}}).",
    "",
    "Commander: {{commander}}. Next update: {{nextUpdateAt}}.",
  ].join("\n"),
  support: [
    "**Heads-up: {{title}}** ({{severity}}, {{status}})",
    "",
    "Customers may see failed or escalated requests: {{affectedRuns}} runs in {{affectedSessions}} conversations since {{openedAt}}.",
    "Escalations are at {{escalationRate}} (usually {{escalationRateBefore}}): expect more handoffs than usual.",
    "",
    "Questions go to {{commander}}. Next update: {{nextUpdateAt}}.",
  ].join("\n"),
  engineering: [
    "### {{incident}} — {{severity}}, {{status}}",
    "",
    "- Failure: {{failure}}",
    "- Window: {{window}}",
    "- Runs in scope: {{runs}} (week before: {{runsBefore}})",
    "- Affected runs: {{affectedRuns}} in {{affectedSessions}} sessions (week before: {{affectedRunsBefore}})",
    "- Success rate: {{successRate}} (week before: {{successRateBefore}})",
    "- Escalation rate: {{escalationRate}} (week before: {{escalationRateBefore}})",
    "- Commander: {{commander}}",
    "- Next update: {{nextUpdateAt}}",
  ].join("\n"),
};

/** Fills `{{name}}` from the values; an unknown name stays as written (a saved template has none). */
export function renderTemplate(template: string, values: Record<Placeholder, string>): string {
  return template.replace(PLACEHOLDER_RE, (all, name: string) => (name in values ? values[name as Placeholder] : all));
}

/**
 * Markdown as plain text for "Copy as text": emphasis, headings, list bullets, code marks and
 * links' URLs dropped; line breaks kept.
 */
export function markdownToPlainText(md: string): string {
  return md
    .replace(/\r\n/g, "\n")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^#{1,6}\s+/gm, "")
    .replace(/^[ \t]*[-*+][ \t]+/gm, "- ")
    .replace(/(\*\*|__)(.*?)\1/g, "$2")
    .replace(/(^|[^*\w])[*_]([^*_\n]+)[*_](?=[^*\w]|$)/g, "$1$2")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/^>\s?/gm, "")
    .trim();
}

// ---- response targets ----------------------------------------------------------------------

/** The timeline facts the targets are computed from. */
export interface TargetEvent {
  kind: string;
  at: string;
  /** A person did it (not Keel, an alert or a gate). */
  byPerson: boolean;
  payload: Record<string, unknown> | null;
}

/** Kinds that acknowledge an incident when a person does them (docs/incidents.md). */
const ACK_KINDS = new Set(["owner", "status", "note", "update_sent"]);

export interface ResponseTargets {
  severity: Severity;
  acknowledge: {
    withinMinutes: number;
    acknowledgedAt: string | null;
    /** met: acknowledged within the target (inclusive); missed: late or still not, past it; pending: not yet, still inside it. */
    state: "met" | "missed" | "pending";
    dueAt: string;
  };
  updates: {
    everyMinutes: number | null;
    /** Sent stakeholder updates, oldest first; late = sent after its due time. */
    sent: Array<{ at: string; dueAt: string; late: boolean }>;
    /** When the next one is due (null once resolved or without a cadence). */
    nextDueAt: string | null;
    /** Now past nextDueAt with no update (or resolved with the last gap over the cadence). */
    overdue: boolean;
    state: "met" | "missed" | "none";
  };
}

const MIN = 60_000;

export function isAcknowledgingEvent(e: TargetEvent): boolean {
  if (!e.byPerson || !ACK_KINDS.has(e.kind)) return false;
  // Removing the commander acknowledges nothing.
  return e.kind !== "owner" || (e.payload?.to ?? null) !== null;
}

/**
 * Whether an incident met its tier's targets at `now`. Acknowledged = the first timeline event by a
 * person that assigns a commander, changes the status, adds a note or sends a stakeholder update;
 * met when it is at most `acknowledgeWithinMinutes` after openedAt (the boundary counts as met).
 * Updates: while unresolved, one every `updateEveryMinutes`: the first is due that long after
 * openedAt, each next one that long after the previous; sent exactly at the due time is on time.
 */
export function responseTargets(
  incident: { severity: Severity; openedAt: string; resolvedAt: string | null },
  tier: SeverityTier,
  events: readonly TargetEvent[],
  now: Date,
): ResponseTargets {
  const opened = Date.parse(incident.openedAt);
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime();
  const ackDue = opened + tier.acknowledgeWithinMinutes * MIN;
  const ack = events.find(isAcknowledgingEvent);
  const ackAt = ack ? Date.parse(ack.at) : null;
  const ackState = ackAt !== null ? (ackAt <= ackDue ? "met" : "missed") : now.getTime() > ackDue ? "missed" : "pending";

  const every = tier.updateEveryMinutes;
  const sent: ResponseTargets["updates"]["sent"] = [];
  let last = opened;
  for (const e of events) {
    if (e.kind !== "update_sent") continue;
    const at = Date.parse(e.at);
    if (incident.resolvedAt && at > end) continue;
    const due = every === null ? null : last + every * MIN;
    sent.push({ at: e.at, dueAt: new Date(due ?? at).toISOString(), late: due !== null && at > due });
    last = at;
  }
  const nextDue = every === null ? null : last + every * MIN;
  const overdue = nextDue !== null && end > nextDue;
  return {
    severity: incident.severity,
    acknowledge: { withinMinutes: tier.acknowledgeWithinMinutes, acknowledgedAt: ackAt === null ? null : new Date(ackAt).toISOString(), state: ackState, dueAt: new Date(ackDue).toISOString() },
    updates: {
      everyMinutes: every,
      sent,
      nextDueAt: nextDue === null || incident.resolvedAt ? null : new Date(nextDue).toISOString(),
      overdue,
      state: every === null ? "none" : overdue || sent.some((s) => s.late) ? "missed" : "met",
    },
  };
}

// ---- request bodies ------------------------------------------------------------------------

/** POST /api/v1/incidents/{number}/updates: the audience, and the text sent (default: the rendered template). */
export const sendUpdateSchema = z.strictObject({
  audience: z.enum(AUDIENCES, `must be one of ${AUDIENCES.join(", ")}`),
  body: z.string().max(TEMPLATE_MAX_LENGTH, `at most ${TEMPLATE_MAX_LENGTH} characters`).refine((t) => t.trim().length > 0, "must not be empty").optional(),
});
export type SendUpdateInput = z.infer<typeof sendUpdateSchema>;

export const updatePreviewQuerySchema = z.strictObject({
  audience: z.enum(AUDIENCES, `must be one of ${AUDIENCES.join(", ")}`),
});

export const POSTMORTEM_MAX_LENGTH = 100_000;
export const postmortemPutSchema = z.strictObject({
  body: z.string().max(POSTMORTEM_MAX_LENGTH, `at most ${POSTMORTEM_MAX_LENGTH} characters`).refine((t) => t.trim().length > 0, "must not be empty"),
});

export const postmortemQuerySchema = z.strictObject({
  format: z.enum(["json", "markdown"]).optional(),
});
