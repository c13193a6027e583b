import "server-only";
// The numbers of an incident (issue 18, docs/incidents.md): its impact in the window (openedAt →
// resolvedAt or now) against the week before, the failure reasons that contributed, when the
// first affected run started, and its fix items. Scope: the workflows of the linked runs (the whole
// project when none is linked); affected runs = failures with the incident's (category, reason)
// when it names one, else every run that did not succeed.
import type { Db } from "../db/handle";
import type { z } from "zod";
import type { incidentImpactSchema } from "@/lib/shared/api/incident-response";
import type { FixItemDto } from "@/lib/shared/fix-items";
import { itemInclude, toFixItemDto } from "./fix-items";
import { windowEnd, type IncidentCore } from "./incident-response";

export type IncidentImpact = z.infer<typeof incidentImpactSchema>;
type WindowStats = IncidentImpact["current"];

const WEEK_MS = 7 * 86_400_000;

async function scopeWorkflows(db: Db, incidentId: string): Promise<string[]> {
  const rows = await db.sql.query<{ workflow: string }>(
    `SELECT r."workflow" FROM "incident_runs" ir JOIN "runs" r ON r."pk" = ir."runPk" AND r."projectId" = ir."projectId"
      WHERE ir."incidentId" = $1 GROUP BY r."workflow" ORDER BY r."workflow" COLLATE "C"`,
    [incidentId],
  );
  return rows.map((r) => r.workflow);
}

async function windowStats(db: Db, projectId: string, from: Date, to: Date, workflows: string[], failure: IncidentImpact["failure"]): Promise<WindowStats> {
  const affected = `CASE WHEN $5::text IS NULL THEN r."outcome" <> 'success'
    ELSE r."outcome" = 'failure' AND r."failureCategory"::text = $5 AND r."failureReason" = $6::text END`;
  const [row] = await db.sql.query<Record<"runs" | "sessions" | "success" | "escalated" | "affectedRuns" | "affectedSessions", number | string>>(
    `SELECT count(*)::int AS "runs", count(DISTINCT r."sessionId")::int AS "sessions",
            (count(*) FILTER (WHERE r."outcome" = 'success'))::int AS "success",
            (count(*) FILTER (WHERE r."outcome" = 'escalated'))::int AS "escalated",
            (count(*) FILTER (WHERE ${affected}))::int AS "affectedRuns",
            (count(DISTINCT r."sessionId") FILTER (WHERE ${affected}))::int AS "affectedSessions"
       FROM "runs" r
      WHERE r."projectId" = $1 AND r."startedAt" >= $2 AND r."startedAt" < $3
        AND (cardinality($4::text[]) = 0 OR r."workflow" = ANY($4::text[]))`,
    [projectId, from, to, workflows, failure?.category ?? null, failure?.reason ?? null],
  );
  const n = (k: keyof typeof row) => Number(row![k]);
  const runs = n("runs");
  return {
    runs,
    sessions: n("sessions"),
    affectedRuns: n("affectedRuns"),
    affectedSessions: n("affectedSessions"),
    successRate: runs ? n("success") / runs : null,
    escalationRate: runs ? n("escalated") / runs : null,
  };
}

export async function getIncidentImpact(db: Db, projectId: string, incident: IncidentCore, now: Date): Promise<IncidentImpact> {
  const from = incident.openedAt;
  const to = windowEnd(incident, now);
  const before = new Date(from.getTime() - WEEK_MS);
  const workflows = await scopeWorkflows(db, incident.id);
  const failure = incident.failureCategory && incident.failureReason ? { category: incident.failureCategory, reason: incident.failureReason } : null;
  const [current, previous] = await Promise.all([
    windowStats(db, projectId, from, to, workflows, failure),
    windowStats(db, projectId, before, from, workflows, failure),
  ]);
  return {
    window: { from: from.toISOString(), to: to.toISOString() },
    baseline: { from: before.toISOString(), to: from.toISOString() },
    workflows,
    failure,
    current,
    previous,
  };
}

export interface ContributingReason {
  category: string;
  reason: string;
  count: number;
}

/** Failure reasons of the linked runs and of the failed runs in scope in the window, count desc (CONTRACT §3 order). */
export async function contributingFailureReasons(db: Db, projectId: string, incident: IncidentCore, impact: IncidentImpact): Promise<ContributingReason[]> {
  const rows = await db.sql.query<{ category: string; reason: string; count: number }>(
    `SELECT r."failureCategory"::text AS "category", r."failureReason" AS "reason", count(*)::int AS "count"
       FROM "runs" r
      WHERE r."projectId" = $1 AND r."outcome" = 'failure'
        AND (EXISTS (SELECT 1 FROM "incident_runs" ir WHERE ir."incidentId" = $2 AND ir."runPk" = r."pk" AND ir."projectId" = r."projectId")
             OR (r."startedAt" >= $3 AND r."startedAt" < $4 AND (cardinality($5::text[]) = 0 OR r."workflow" = ANY($5::text[]))))
      GROUP BY r."failureCategory", r."failureReason"
      ORDER BY count(*) DESC, r."failureReason" COLLATE "C", r."failureCategory"::text LIMIT 10`,
    [projectId, incident.id, new Date(impact.window.from), new Date(impact.window.to), impact.workflows],
  );
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/**
 * When the first affected run started (for time to detect): the earliest linked run, or, with none
 * linked, the earliest failure with the incident's reason in the 24 hours before it was opened.
 */
export async function firstAffectedRunAt(db: Db, projectId: string, incident: IncidentCore): Promise<Date | null> {
  const [linked] = await db.sql.query<{ at: Date | null }>(
    `SELECT min(r."startedAt") AS "at" FROM "incident_runs" ir JOIN "runs" r ON r."pk" = ir."runPk" AND r."projectId" = ir."projectId" WHERE ir."incidentId" = $1`,
    [incident.id],
  );
  if (linked?.at) return new Date(linked.at);
  if (!incident.failureCategory || !incident.failureReason) return null;
  const [first] = await db.sql.query<{ at: Date | null }>(
    `SELECT min(r."startedAt") AS "at" FROM "runs" r
      WHERE r."projectId" = $1 AND r."outcome" = 'failure' AND r."failureCategory"::text = $2 AND r."failureReason" = $3
        AND r."startedAt" >= $4 AND r."startedAt" <= $5`,
    [projectId, incident.failureCategory, incident.failureReason, new Date(incident.openedAt.getTime() - 86_400_000), incident.openedAt],
  );
  return first?.at ? new Date(first.at) : null;
}

/** The incident's fix items: those created from it (its timeline says which) and those for its failure (category, reason). */
export async function incidentFixItems(db: Db, projectId: string, incident: IncidentCore, now: Date): Promise<FixItemDto[]> {
  const created = await db.prisma.incidentEvent.findMany({ where: { incidentId: incident.id, kind: "fix_item_created" }, select: { payload: true } });
  const ids = created.map((e) => (e.payload as { fixItemId?: unknown } | null)?.fixItemId).filter((id): id is string => typeof id === "string");
  const failure =
    incident.failureCategory && incident.failureReason
      ? [{ category: incident.failureCategory as FixItemDto["category"], reason: incident.failureReason }]
      : [];
  const rows = await db.prisma.fixItem.findMany({
    where: { projectId, OR: [{ id: { in: ids } }, ...failure] },
    include: itemInclude,
    orderBy: [{ dueDate: "asc" }, { createdAt: "asc" }],
    take: 100,
  });
  return rows.map((r) => toFixItemDto(r, now));
}
