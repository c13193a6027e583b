import "server-only";
// Writing incidents: open (numbered per project), change status/commander/severity, link runs,
// add notes. Each change writes its timeline event(s) (incident_events) and one audit_logs row in
// the same transaction.
import { Prisma } from "../generated/prisma/client";
import { transaction, type Db, type DbTx } from "../db/handle";
import { badRequest, HttpError, notFound } from "../http/errors";
import { getIncident } from "../queries/incidents";
import { recordAudit } from "./audit";
import {
  NEXT_STATUSES,
  type CreateIncidentInput,
  type IncidentDetail,
  type UpdateIncidentInput,
} from "@/lib/shared/incidents";

export interface IncidentActor {
  userId: string;
}

const conflict = (message: string) => new HttpError(409, "conflict", message);

type PersonRef = { email: string; name: string | null };

const notAMember = (path: string) =>
  badRequest(`invalid body: ${path}: not a member of this project`, [{ path, message: "not a member of this project" }]);

/** The commander named by email or by user id; anyone else (or another project's member) is a 400 naming the field. */
async function resolveCommander(
  tx: DbTx,
  projectId: string,
  input: { ownerEmail?: string | null | undefined; ownerId?: string | null | undefined },
): Promise<{ id: string; person: PersonRef } | null | undefined> {
  const path = input.ownerId !== undefined ? "ownerId" : "ownerEmail";
  const value = input.ownerId !== undefined ? input.ownerId : input.ownerEmail;
  if (value === undefined) return undefined;
  if (value === null) return null;
  const where =
    path === "ownerId" ? { projectId, userId: value.trim() } : { projectId, user: { email: value.trim().toLowerCase() } };
  const m = await tx.prisma.membership.findFirst({ where, select: { user: { select: { id: true, email: true, name: true } } } });
  if (!m) throw notAMember(path);
  return { id: m.user.id, person: { email: m.user.email, name: m.user.name } };
}

/** Run pks for client run ids of this project; an unknown id is the caller's mistake (400). */
async function runPks(tx: DbTx, projectId: string, ids: string[]): Promise<Map<string, bigint>> {
  const unique = [...new Set(ids)];
  const rows = await tx.prisma.run.findMany({ where: { projectId, id: { in: unique } }, select: { pk: true, id: true } });
  const found = new Map(rows.map((r) => [r.id, r.pk]));
  const issues = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !found.has(id))
    .map(({ i }) => ({ path: `runIds.${i}`, message: "no run with this id in the project" }));
  if (issues.length > 0) throw badRequest(`invalid body: ${issues[0].path}: ${issues[0].message}`, issues);
  return new Map(unique.map((id) => [id, found.get(id)!]));
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

export type EventInput = { kind: string; body?: string; payload?: Prisma.InputJsonValue };

/** Timeline events of one change, in the order given; one instant so they read as one step. */
export async function addEvents(tx: DbTx, incidentId: string, actor: IncidentActor, events: EventInput[], at = new Date()) {
  // One row at a time: the BIGSERIAL id then keeps the given order among events of the same instant.
  for (const e of events) {
    await tx.prisma.incidentEvent.create({
      data: {
        incidentId,
        kind: e.kind,
        actorUserId: actor.userId,
        at,
        ...(e.body !== undefined ? { body: e.body } : {}),
        ...(e.payload !== undefined ? { payload: e.payload } : {}),
      },
    });
  }
}

export async function createIncident(
  db: Db,
  projectId: string,
  actor: IncidentActor,
  input: CreateIncidentInput,
): Promise<IncidentDetail> {
  // number = max + 1 inside the transaction; two concurrent opens may pick the same number, the
  // unique (projectId, number) refuses the second, which then retries with the next one.
  for (let attempt = 0; ; attempt++) {
    try {
      const number = await transaction(db, async (tx) => {
        const commander = await resolveCommander(tx, projectId, input);
        const pks = input.runIds?.length ? await runPks(tx, projectId, input.runIds) : new Map<string, bigint>();
        const max = await tx.prisma.incident.aggregate({ where: { projectId }, _max: { number: true } });
        const next = (max._max.number ?? 0) + 1;
        const created = await tx.prisma.incident.create({
          data: {
            projectId,
            number: next,
            title: input.title,
            severity: input.severity,
            description: input.description ?? null,
            failureCategory: input.failureCategory ?? null,
            failureReason: input.failureReason ?? null,
            ownerId: commander?.id ?? null,
            createdById: actor.userId,
          },
        });
        if (pks.size) await tx.prisma.incidentRun.createMany({ data: [...pks.values()].map((runPk) => ({ incidentId: created.id, runPk, projectId })) });
        const events: EventInput[] = [
          {
            kind: "opened",
            payload: {
              title: input.title,
              severity: input.severity,
              failureCategory: input.failureCategory ?? null,
              failureReason: input.failureReason ?? null,
            },
          },
        ];
        if (commander) events.push({ kind: "owner", payload: { from: null, to: commander.person } });
        if (pks.size) events.push({ kind: "runs_linked", payload: { runIds: [...pks.keys()] } });
        await addEvents(tx, created.id, actor, events, created.openedAt);
        await recordAudit(tx.prisma, {
          projectId,
          actor: { type: "user", userId: actor.userId },
          action: "incident.open",
          targetType: "incident",
          targetId: created.id,
          after: {
            number: next,
            title: input.title,
            severity: input.severity,
            ownerEmail: commander?.person.email ?? null,
            runIds: [...pks.keys()],
          },
        });
        return next;
      });
      return (await getIncident(db, projectId, number))!;
    } catch (err) {
      if (isUniqueViolation(err) && attempt < 5) continue;
      throw err;
    }
  }
}

export async function updateIncident(
  db: Db,
  projectId: string,
  number: number,
  actor: IncidentActor,
  input: UpdateIncidentInput,
): Promise<IncidentDetail> {
  await transaction(db, async (tx) => {
    const current = await tx.prisma.incident.findUnique({
      where: { projectId_number: { projectId, number } },
      include: { owner: { select: { email: true, name: true } } },
    });
    if (!current) throw notFound(`incident #${number} not found`);
    const data: Prisma.IncidentUncheckedUpdateInput = {};
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
    const events: EventInput[] = [];
    const now = new Date();

    if (input.status !== undefined && input.status !== current.status) {
      if (!NEXT_STATUSES[current.status].includes(input.status))
        throw conflict(`an incident goes open → mitigated → resolved; it cannot go from ${current.status} to ${input.status}`);
      data.status = input.status;
      if (input.status === "mitigated") data.mitigatedAt = now;
      if (input.status === "resolved") {
        data.resolvedAt = now;
        // Resolved straight from open: it was mitigated at the same moment.
        if (!current.mitigatedAt) data.mitigatedAt = now;
      }
      before.status = current.status;
      after.status = input.status;
      events.push({ kind: "status", payload: { from: current.status, to: input.status } });
    }
    if (input.severity !== undefined && input.severity !== current.severity) {
      data.severity = input.severity;
      before.severity = current.severity;
      after.severity = input.severity;
      events.push({ kind: "severity", payload: { from: current.severity, to: input.severity } });
    }
    if (input.title !== undefined && input.title !== current.title) {
      data.title = input.title;
      before.title = current.title;
      after.title = input.title;
      events.push({ kind: "title", payload: { from: current.title, to: input.title } });
    }
    if (input.description !== undefined && input.description !== current.description) {
      data.description = input.description;
      before.description = current.description;
      after.description = input.description;
      events.push({ kind: "description" });
    }
    const commander = await resolveCommander(tx, projectId, input);
    if (commander !== undefined && (commander?.id ?? null) !== current.ownerId) {
      data.ownerId = commander?.id ?? null;
      before.ownerEmail = current.owner?.email ?? null;
      after.ownerEmail = commander?.person.email ?? null;
      const from = current.owner ? { email: current.owner.email, name: current.owner.name } : null;
      events.push({ kind: "owner", payload: { from, to: commander?.person ?? null } });
    }
    if (events.length === 0) return;
    await tx.prisma.incident.update({ where: { id: current.id }, data });
    await addEvents(tx, current.id, actor, events, now);
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actor.userId },
      action: "incident.update",
      targetType: "incident",
      targetId: current.id,
      before,
      after,
    });
  });
  return (await getIncident(db, projectId, number))!;
}

export async function linkIncidentRuns(
  db: Db,
  projectId: string,
  number: number,
  actor: IncidentActor,
  runIds: string[],
): Promise<IncidentDetail> {
  await transaction(db, async (tx) => {
    const incident = await tx.prisma.incident.findUnique({ where: { projectId_number: { projectId, number } }, select: { id: true } });
    if (!incident) throw notFound(`incident #${number} not found`);
    const pks = await runPks(tx, projectId, runIds);
    const already = await tx.prisma.incidentRun.findMany({
      where: { incidentId: incident.id, runPk: { in: [...pks.values()] } },
      select: { runPk: true },
    });
    const linked = new Set(already.map((r) => r.runPk));
    const fresh = [...pks].filter(([, pk]) => !linked.has(pk));
    if (fresh.length === 0) return;
    await tx.prisma.incidentRun.createMany({
      data: fresh.map(([, runPk]) => ({ incidentId: incident.id, runPk, projectId })),
      skipDuplicates: true,
    });
    const ids = fresh.map(([id]) => id);
    await addEvents(tx, incident.id, actor, [{ kind: "runs_linked", payload: { runIds: ids } }]);
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actor.userId },
      action: "incident.link_runs",
      targetType: "incident",
      targetId: incident.id,
      after: { runIds: ids },
    });
  });
  return (await getIncident(db, projectId, number))!;
}

/** A note on the timeline: plain text, kept as typed (the page shows it as text, never as HTML). */
export async function addIncidentNote(
  db: Db,
  projectId: string,
  number: number,
  actor: IncidentActor,
  body: string,
): Promise<IncidentDetail> {
  await transaction(db, async (tx) => {
    const incident = await tx.prisma.incident.findUnique({
      where: { projectId_number: { projectId, number } },
      select: { id: true, title: true },
    });
    if (!incident) throw notFound(`incident #${number} not found`);
    await addEvents(tx, incident.id, actor, [{ kind: "note", body }]);
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actor.userId },
      action: "incident.note",
      targetType: "incident",
      targetId: incident.id,
      after: { number, title: incident.title, length: body.length },
    });
  });
  return (await getIncident(db, projectId, number))!;
}
