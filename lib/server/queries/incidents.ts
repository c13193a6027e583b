import "server-only";
// Reading incidents of a project (list, one by its number with its linked runs and timeline, the
// members who can command one) and the critical policy violations nobody has opened an incident for yet.
import type { Db } from "../db/handle";
import type {
  IncidentCommander,
  IncidentDetail,
  IncidentEvent,
  IncidentRunRef,
  IncidentStatus,
  IncidentView,
} from "@/lib/shared/incidents";
import type { RunListItem } from "@/lib/shared/runs-query";
import { RUN_LIST_COLUMNS, toListItem } from "./runs-list";

const person = { select: { email: true, name: true } } as const;
const incidentSelect = {
  id: true,
  number: true,
  title: true,
  severity: true,
  status: true,
  description: true,
  failureCategory: true,
  failureReason: true,
  openedAt: true,
  mitigatedAt: true,
  resolvedAt: true,
  owner: { select: { id: true, email: true, name: true } },
  createdBy: person,
  _count: { select: { runs: true } },
} as const;

type IncidentRecord = {
  id: string;
  number: number;
  title: string;
  severity: IncidentView["severity"];
  status: IncidentView["status"];
  description: string | null;
  failureCategory: IncidentView["failureCategory"];
  failureReason: string | null;
  openedAt: Date;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  owner: { id: string; email: string; name: string | null } | null;
  createdBy: { email: string; name: string | null } | null;
  _count: { runs: number };
};

function toView(i: IncidentRecord): IncidentView {
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    severity: i.severity,
    status: i.status,
    description: i.description,
    failureCategory: i.failureCategory,
    failureReason: i.failureReason,
    owner: i.owner,
    createdBy: i.createdBy,
    openedAt: i.openedAt.toISOString(),
    mitigatedAt: i.mitigatedAt?.toISOString() ?? null,
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
    runCount: i._count.runs,
  };
}

/** Newest first; open ones are not hoisted so the list reads as a timeline. */
export async function listIncidents(
  db: Db,
  projectId: string,
  opts: { status?: IncidentStatus; limit?: number } = {},
): Promise<IncidentView[]> {
  const rows = await db.prisma.incident.findMany({
    where: { projectId, ...(opts.status ? { status: opts.status } : {}) },
    orderBy: [{ openedAt: "desc" }, { number: "desc" }],
    take: opts.limit ?? 200,
    select: incidentSelect,
  });
  return rows.map(toView);
}

export async function getIncident(db: Db, projectId: string, number: number): Promise<IncidentDetail | null> {
  const row = await db.prisma.incident.findUnique({
    where: { projectId_number: { projectId, number } },
    select: {
      ...incidentSelect,
      runs: {
        orderBy: { linkedAt: "asc" },
        take: 1000,
        select: {
          linkedAt: true,
          run: {
            select: { id: true, workflow: true, outcome: true, failureCategory: true, failureReason: true, startedAt: true },
          },
        },
      },
      events: {
        orderBy: [{ at: "asc" }, { id: "asc" }],
        take: 2000,
        select: { id: true, kind: true, at: true, body: true, payload: true, actor: person },
      },
    },
  });
  if (!row) return null;
  const runs: IncidentRunRef[] = row.runs.map((l) => ({
    id: l.run.id,
    workflow: l.run.workflow,
    outcome: l.run.outcome,
    failureCategory: l.run.failureCategory,
    failureReason: l.run.failureReason,
    startedAt: l.run.startedAt.toISOString(),
    linkedAt: l.linkedAt.toISOString(),
  }));
  const timeline: IncidentEvent[] = row.events.map((e) => ({
    id: e.id.toString(),
    kind: e.kind,
    at: e.at.toISOString(),
    actor: e.actor,
    body: e.body,
    payload: e.payload && typeof e.payload === "object" && !Array.isArray(e.payload) ? (e.payload as Record<string, unknown>) : null,
  }));
  // Incidents written without the service (the demo loader) have no "opened" event: the row says it.
  if (!timeline.some((e) => e.kind === "opened")) {
    timeline.unshift({
      id: "opened",
      kind: "opened",
      at: row.openedAt.toISOString(),
      actor: row.createdBy,
      body: null,
      payload: { title: row.title, severity: row.severity, failureCategory: row.failureCategory, failureReason: row.failureReason },
    });
  }
  return { ...toView(row), runs, timeline };
}

/** Who can command an incident: every member of the project (the API accepts any member). */
export async function listIncidentCommanders(db: Db, projectId: string): Promise<IncidentCommander[]> {
  const rows = await db.prisma.membership.findMany({
    where: { projectId },
    select: { role: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: { user: { email: "asc" } },
  });
  return rows.map((m) => ({ id: m.user.id, email: m.user.email, name: m.user.name, role: m.role }));
}

/** Incidents a run is linked to (the run detail shows them). */
export async function listRunIncidents(db: Db, projectId: string, runId: string): Promise<IncidentView[]> {
  const rows = await db.prisma.incident.findMany({
    where: { projectId, runs: { some: { run: { projectId, id: runId } } } },
    orderBy: { number: "desc" },
    select: incidentSelect,
  });
  return rows.map(toView);
}

/**
 * Critical policy violations (CONTRACT §3) in the window that no incident links to yet: the
 * incidents page flags them for attention.
 */
export async function listUnhandledCriticalViolations(
  db: Db,
  projectId: string,
  since: Date,
  limit = 20,
): Promise<RunListItem[]> {
  const rows = await db.sql.query<Parameters<typeof toListItem>[0]>(
    `SELECT ${RUN_LIST_COLUMNS}
     FROM "runs" r
     WHERE r."projectId" = $1 AND r."outcome" = 'failure' AND r."failureCategory" = 'policy_violation'
       AND r."failureCritical" AND r."startedAt" >= $2
       AND NOT EXISTS (SELECT 1 FROM "incident_runs" ir WHERE ir."runPk" = r."pk")
     ORDER BY r."startedAt" DESC, r."id" ASC LIMIT $3`,
    [projectId, since, limit],
  );
  return rows.map(toListItem);
}

/**
 * An incident as someone who may not read traces sees it (a viewer): no linked runs, and the
 * timeline says how many runs were linked, not which.
 */
export function withoutRunData<T extends { runs: IncidentRunRef[]; timeline: IncidentEvent[] }>(incident: T): T {
  return {
    ...incident,
    runs: [],
    timeline: incident.timeline.map((e) =>
      e.kind === "runs_linked" && e.payload && Array.isArray(e.payload.runIds) ? { ...e, payload: { count: e.payload.runIds.length } } : e,
    ),
  };
}
