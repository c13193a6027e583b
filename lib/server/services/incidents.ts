import "server-only";
// Writing incidents: open (numbered per project), change status/owner/severity, link runs.
// Every change writes an audit_logs row in the same transaction.
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { badRequest, HttpError, notFound } from "../http/errors";
import { getIncident } from "../queries/incidents";
import {
  NEXT_STATUSES,
  type CreateIncidentInput,
  type IncidentDetail,
  type UpdateIncidentInput,
} from "@/lib/shared/incidents";

type Tx = Prisma.TransactionClient;
export interface IncidentActor {
  userId: string;
}

const conflict = (message: string) => new HttpError(409, "conflict", message);

async function memberIdByEmail(tx: Tx, projectId: string, email: string, path: string): Promise<string> {
  const m = await tx.membership.findFirst({
    where: { projectId, user: { email: email.trim().toLowerCase() } },
    select: { userId: true },
  });
  if (!m) throw badRequest(`invalid body: ${path}: not a member of this project`, [{ path, message: "not a member of this project" }]);
  return m.userId;
}

/** Run pks for client run ids of this project; an unknown id is the caller's mistake (400). */
async function runPks(tx: Tx, projectId: string, ids: string[]): Promise<bigint[]> {
  const unique = [...new Set(ids)];
  const rows = await tx.run.findMany({ where: { projectId, id: { in: unique } }, select: { pk: true, id: true } });
  const found = new Map(rows.map((r) => [r.id, r.pk]));
  const issues = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !found.has(id))
    .map(({ i }) => ({ path: `runIds.${i}`, message: "no run with this id in the project" }));
  if (issues.length > 0) throw badRequest(`invalid body: ${issues[0].path}: ${issues[0].message}`, issues);
  return unique.map((id) => found.get(id)!);
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

export async function createIncident(
  prisma: PrismaClient,
  projectId: string,
  actor: IncidentActor,
  input: CreateIncidentInput,
): Promise<IncidentDetail> {
  // number = max + 1 inside the transaction; two concurrent opens may pick the same number, the
  // unique (projectId, number) refuses the second, which then retries with the next one.
  for (let attempt = 0; ; attempt++) {
    try {
      const number = await prisma.$transaction(async (tx) => {
        const ownerId = input.ownerEmail ? await memberIdByEmail(tx, projectId, input.ownerEmail, "ownerEmail") : null;
        const pks = input.runIds?.length ? await runPks(tx, projectId, input.runIds) : [];
        const max = await tx.incident.aggregate({ where: { projectId }, _max: { number: true } });
        const next = (max._max.number ?? 0) + 1;
        const created = await tx.incident.create({
          data: {
            projectId,
            number: next,
            title: input.title,
            severity: input.severity,
            description: input.description ?? null,
            failureCategory: input.failureCategory ?? null,
            failureReason: input.failureReason ?? null,
            ownerId,
            createdById: actor.userId,
          },
        });
        if (pks.length) await tx.incidentRun.createMany({ data: pks.map((runPk) => ({ incidentId: created.id, runPk })) });
        await tx.auditLog.create({
          data: {
            projectId,
            actorUserId: actor.userId,
            action: "incident.open",
            targetType: "incident",
            targetId: created.id,
            after: { number: next, title: input.title, severity: input.severity, ownerEmail: input.ownerEmail ?? null, runIds: input.runIds ?? [] },
          },
        });
        return next;
      });
      return (await getIncident(prisma, projectId, number))!;
    } catch (err) {
      if (isUniqueViolation(err) && attempt < 5) continue;
      throw err;
    }
  }
}

export async function updateIncident(
  prisma: PrismaClient,
  projectId: string,
  number: number,
  actor: IncidentActor,
  input: UpdateIncidentInput,
): Promise<IncidentDetail> {
  await prisma.$transaction(async (tx) => {
    const current = await tx.incident.findUnique({
      where: { projectId_number: { projectId, number } },
      include: { owner: { select: { email: true } } },
    });
    if (!current) throw notFound(`incident #${number} not found`);
    const data: Prisma.IncidentUncheckedUpdateInput = {};
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
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
    }
    if (input.severity !== undefined && input.severity !== current.severity) {
      data.severity = input.severity;
      before.severity = current.severity;
      after.severity = input.severity;
    }
    if (input.title !== undefined && input.title !== current.title) {
      data.title = input.title;
      before.title = current.title;
      after.title = input.title;
    }
    if (input.description !== undefined && input.description !== current.description) {
      data.description = input.description;
      before.description = current.description;
      after.description = input.description;
    }
    if (input.ownerEmail !== undefined) {
      const ownerId = input.ownerEmail === null ? null : await memberIdByEmail(tx, projectId, input.ownerEmail, "ownerEmail");
      if (ownerId !== current.ownerId) {
        data.ownerId = ownerId;
        before.ownerEmail = current.owner?.email ?? null;
        after.ownerEmail = input.ownerEmail === null ? null : input.ownerEmail.trim().toLowerCase();
      }
    }
    if (Object.keys(after).length === 0) return;
    await tx.incident.update({ where: { id: current.id }, data });
    await tx.auditLog.create({
      data: {
        projectId,
        actorUserId: actor.userId,
        action: "incident.update",
        targetType: "incident",
        targetId: current.id,
        before,
        after,
      },
    });
  });
  return (await getIncident(prisma, projectId, number))!;
}

export async function linkIncidentRuns(
  prisma: PrismaClient,
  projectId: string,
  number: number,
  actor: IncidentActor,
  runIds: string[],
): Promise<IncidentDetail> {
  await prisma.$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { projectId_number: { projectId, number } }, select: { id: true } });
    if (!incident) throw notFound(`incident #${number} not found`);
    const pks = await runPks(tx, projectId, runIds);
    const res = await tx.incidentRun.createMany({
      data: pks.map((runPk) => ({ incidentId: incident.id, runPk })),
      skipDuplicates: true,
    });
    if (res.count === 0) return;
    await tx.auditLog.create({
      data: {
        projectId,
        actorUserId: actor.userId,
        action: "incident.link_runs",
        targetType: "incident",
        targetId: incident.id,
        after: { runIds: [...new Set(runIds)] },
      },
    });
  });
  return (await getIncident(prisma, projectId, number))!;
}
