import "server-only";
// Incident response, read side (issue 18, docs/incidents.md): the project's severity tiers and
// update templates (defaults until edited), an incident's timeline (its stored events with their
// actors, and the release stage changes of its window merged in at read time), its response
// targets, and its sent stakeholder updates.
import type { DbOrTx } from "../db/handle";
import {
  DEFAULT_SEVERITY_TIERS,
  DEFAULT_UPDATE_TEMPLATES,
  PLACEHOLDERS,
  responseTargets,
  severityTiersPutSchema,
  updateTemplatesPutSchema,
  type Audience,
  type ResponseTargets,
  type SeverityTiers,
  type UpdateTemplates,
} from "@/lib/shared/incident-response";
import type { TimelineActor, TimelineEvent } from "@/lib/shared/incident-timeline";
import type { Severity } from "@/lib/shared/incidents";

export async function getSeverityTiers(db: DbOrTx, projectId: string): Promise<{ tiers: SeverityTiers; isDefault: boolean }> {
  const s = await db.prisma.projectSettings.findUnique({ where: { projectId }, select: { severityTiers: true } });
  // Stored as validated; anything unreadable falls back to the defaults rather than breaking the page.
  const parsed = severityTiersPutSchema.shape.tiers.safeParse(s?.severityTiers ?? null);
  return parsed.success ? { tiers: parsed.data, isDefault: false } : { tiers: structuredClone(DEFAULT_SEVERITY_TIERS), isDefault: true };
}

export async function getUpdateTemplates(
  db: DbOrTx,
  projectId: string,
): Promise<{ templates: UpdateTemplates; isDefault: boolean; placeholders: Record<string, string> }> {
  const s = await db.prisma.projectSettings.findUnique({ where: { projectId }, select: { updateTemplates: true } });
  const parsed = updateTemplatesPutSchema.shape.templates.safeParse(s?.updateTemplates ?? null);
  return {
    templates: parsed.success ? parsed.data : { ...DEFAULT_UPDATE_TEMPLATES },
    isDefault: !parsed.success,
    placeholders: { ...PLACEHOLDERS },
  };
}

/** The incident fields incident response reads. */
export interface IncidentCore {
  id: string;
  projectId: string;
  number: number;
  title: string;
  severity: Severity;
  status: "open" | "mitigated" | "resolved";
  failureCategory: string | null;
  failureReason: string | null;
  openedAt: Date;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  owner: { id: string; email: string; name: string | null } | null;
}

export async function getIncidentCore(db: DbOrTx, projectId: string, number: number): Promise<IncidentCore | null> {
  return db.prisma.incident.findUnique({
    where: { projectId_number: { projectId, number } },
    select: {
      id: true,
      projectId: true,
      number: true,
      title: true,
      severity: true,
      status: true,
      failureCategory: true,
      failureReason: true,
      openedAt: true,
      mitigatedAt: true,
      resolvedAt: true,
      owner: { select: { id: true, email: true, name: true } },
    },
  });
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** What opened an incident Keel opened on its own: the alert or the release gate (rollback trigger). */
function sourceOf(opened: Record<string, unknown>): TimelineActor {
  // Keel opened it on the alert's behalf; the "opened" line says which kind of alert.
  if (typeof opened.alertId === "string") return { type: "alert", id: opened.alertId, name: "Keel" };
  if (typeof opened.objectiveId === "string") return { type: "objective", id: opened.objectiveId };
  if (typeof opened.release === "string") return { type: "gate", id: opened.release, name: `Rollback trigger (${opened.release})` };
  return { type: "system", name: "Keel" };
}

/** The stored events, oldest first (same instant: in the order written), with their actors. */
async function storedEvents(db: DbOrTx, incident: IncidentCore, createdBy: { id: string; email: string; name: string | null } | null): Promise<TimelineEvent[]> {
  const rows = await db.prisma.incidentEvent.findMany({
    where: { incidentId: incident.id },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    take: 5000,
    select: { id: true, kind: true, at: true, body: true, payload: true, actor: { select: { id: true, email: true, name: true } }, actorUserId: true },
  });
  const openedRow = rows.find((r) => r.kind === "opened");
  const openedPayload = asRecord(openedRow?.payload);
  const source = sourceOf(openedPayload);
  // An incident opened from an alert (by Keel or by a person): a burn-rate alert of an objective or a KPI rule's alert.
  const alertKind =
    typeof openedPayload.alertId === "string"
      ? await db.prisma.alert
          .findUnique({ where: { projectId_id: { projectId: incident.projectId, id: openedPayload.alertId } }, select: { kpiRuleId: true } })
          .then((a) => (a ? (a.kpiRuleId ? "kpi" : "burn_rate") : null))
      : null;
  const events: TimelineEvent[] = rows.map((r) => {
    const details = r === openedRow && alertKind ? { ...asRecord(r.payload), alertKind } : asRecord(r.payload);
    const actor: TimelineActor = r.actor
      ? { type: "person", id: r.actor.id, email: r.actor.email, name: r.actor.name }
      : details.by === "keel"
        ? source
        : { type: "person", name: null };
    return { id: r.id.toString(), at: r.at.toISOString(), kind: r.kind, actor, body: r.body, details };
  });
  // Incidents written without the service (the demo loader) have no "opened" event: the row says it.
  if (!openedRow) {
    events.unshift({
      id: "opened",
      at: incident.openedAt.toISOString(),
      kind: "opened",
      actor: createdBy ? { type: "person", id: createdBy.id, email: createdBy.email, name: createdBy.name } : { type: "system", name: "Keel" },
      body: null,
      details: { title: incident.title, severity: incident.severity, failureCategory: incident.failureCategory, failureReason: incident.failureReason },
    });
  }
  return events;
}

/** Release stage changes (release_events) of the project inside [openedAt, resolvedAt or now], both ends included. */
async function releaseStageEvents(db: DbOrTx, projectId: string, from: Date, to: Date): Promise<TimelineEvent[]> {
  const rows = await db.prisma.releaseEvent.findMany({
    where: { projectId, at: { gte: from, lte: to } },
    orderBy: [{ at: "asc" }, { createdAt: "asc" }],
    take: 500,
    select: { id: true, release: true, stage: true, trafficPercent: true, at: true, source: true, recordedBy: true },
  });
  return rows.map((r) => ({
    id: `release:${r.id}`,
    at: r.at.toISOString(),
    kind: "release_stage",
    // recordedBy is a person's email or an API key's id.
    actor: r.recordedBy?.includes("@") ? { type: "person", email: r.recordedBy, name: null } : { type: "system", ...(r.recordedBy ? { id: r.recordedBy } : {}), name: r.source === "cdevents" ? "CDEvents" : "Deploy pipeline" },
    body: null,
    details: { release: r.release, stage: r.stage, trafficPercent: r.trafficPercent, source: r.source },
  }));
}

/** Where the incident's window ends: when it was resolved, else now. */
export const windowEnd = (i: Pick<IncidentCore, "resolvedAt">, now: Date) => i.resolvedAt ?? now;

export async function getIncidentTimeline(
  db: DbOrTx,
  projectId: string,
  number: number,
  now: Date,
): Promise<{ incident: IncidentCore; events: TimelineEvent[]; targets: ResponseTargets } | null> {
  const incident = await getIncidentCore(db, projectId, number);
  if (!incident) return null;
  const createdBy = await db.prisma.incident.findUnique({ where: { id: incident.id }, select: { createdBy: { select: { id: true, email: true, name: true } } } });
  const [stored, releases, { tiers }] = await Promise.all([
    storedEvents(db, incident, createdBy?.createdBy ?? null),
    releaseStageEvents(db, projectId, incident.openedAt, windowEnd(incident, now)),
    getSeverityTiers(db, projectId),
  ]);
  // Merge by time; at the same instant the incident's own events come first (a stable sort).
  const events = [...stored, ...releases].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const targets = responseTargets(
    { severity: incident.severity, openedAt: incident.openedAt.toISOString(), resolvedAt: incident.resolvedAt?.toISOString() ?? null },
    tiers[incident.severity],
    stored.map((e) => ({ kind: e.kind, at: e.at, byPerson: e.actor.type === "person" && e.actor.email !== undefined, payload: e.details })),
    now,
  );
  return { incident, events, targets };
}

export interface StakeholderUpdate {
  id: string;
  at: string;
  audience: Audience;
  body: string;
  sentBy: { email: string; name: string | null } | null;
}

export async function listStakeholderUpdates(db: DbOrTx, incidentId: string): Promise<StakeholderUpdate[]> {
  const rows = await db.prisma.incidentEvent.findMany({
    where: { incidentId, kind: "update_sent" },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    select: { id: true, at: true, body: true, payload: true, actor: { select: { email: true, name: true } } },
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.at.toISOString(),
    audience: asRecord(r.payload).audience as Audience,
    body: r.body ?? "",
    sentBy: r.actor,
  }));
}
