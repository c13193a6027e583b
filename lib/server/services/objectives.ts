import "server-only";
// Objectives (CONTRACT §8), write side: create (a draft), patch, approve. Only owners and admins
// reach these (the routes' `objectives:write`); every change writes one audit_logs row in the same
// transaction. Changing the SLI, target, period or scope of an approved objective sends it back
// to draft: what leadership approved is no longer what is measured. `autoIncident` (open an incident
// when an alert pages) is how an alert is handled, not what is measured: changing it keeps the status.
import type { Db } from "../db/handle";
import { transaction } from "../db/handle";
import { badRequest, notFound } from "../http/errors";
import { objectiveInclude, objectiveSpecOf, toObjectiveDto } from "../queries/objectives";
import { recordAudit } from "./audit";
import {
  DEFAULT_PERIOD_DAYS,
  objectiveSpecIssues,
  SPEC_FIELDS,
  type ObjectiveCreate,
  type ObjectiveDto,
  type ObjectivePatch,
  type ObjectiveSpec,
} from "@/lib/shared/objectives";

function assertSpec(spec: ObjectiveSpec): void {
  const issues = objectiveSpecIssues(spec);
  if (issues.length) throw badRequest(`invalid body: ${issues[0].path}: ${issues[0].message}`, issues);
}

export async function createObjective(db: Db, projectId: string, actorUserId: string, input: ObjectiveCreate): Promise<ObjectiveDto> {
  const spec: ObjectiveSpec = {
    workflow: input.workflow ?? null,
    sli: input.sli,
    tool: input.tool ?? null,
    thresholdMs: input.thresholdMs ?? null,
    target: input.target,
    periodDays: input.periodDays ?? DEFAULT_PERIOD_DAYS,
  };
  assertSpec(spec);
  const autoIncident = input.autoIncident ?? false;
  return transaction(db, async (tx) => {
    const row = await tx.prisma.objective.create({
      data: { projectId, ...spec, autoIncident, status: "draft", createdById: actorUserId },
      include: objectiveInclude,
    });
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actorUserId },
      action: "objective.create",
      targetType: "objective",
      targetId: row.id,
      after: { ...spec, autoIncident, status: "draft" },
    });
    return toObjectiveDto(row);
  });
}

export async function updateObjective(db: Db, projectId: string, actorUserId: string, id: string, patch: ObjectivePatch): Promise<ObjectiveDto> {
  return transaction(db, async (tx) => {
    const current = await tx.prisma.objective.findUnique({ where: { projectId_id: { projectId, id } }, include: objectiveInclude });
    if (!current) throw notFound(`objective '${id}' not found`);
    const before = objectiveSpecOf(current);
    const after: ObjectiveSpec = { ...before };
    for (const f of SPEC_FIELDS) if (patch[f] !== undefined) (after as unknown as Record<string, unknown>)[f] = patch[f];
    assertSpec(after);
    const changed = SPEC_FIELDS.filter((f) => after[f] !== before[f]);
    const autoIncidentChanged = patch.autoIncident !== undefined && patch.autoIncident !== current.autoIncident;
    if (changed.length === 0 && !autoIncidentChanged) return toObjectiveDto(current);

    const backToDraft = current.status === "approved" && changed.length > 0;
    const row = await tx.prisma.objective.update({
      where: { projectId_id: { projectId, id } },
      data: {
        ...after,
        ...(autoIncidentChanged ? { autoIncident: patch.autoIncident } : {}),
        ...(backToDraft ? { status: "draft", approvedById: null, approvedAt: null } : {}),
      },
      include: objectiveInclude,
    });
    const pick = (s: ObjectiveSpec) => Object.fromEntries(changed.map((f) => [f, s[f]]));
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actorUserId },
      action: "objective.update",
      targetType: "objective",
      targetId: id,
      before: { ...pick(before), ...(autoIncidentChanged ? { autoIncident: current.autoIncident } : {}), ...(backToDraft ? { status: "approved" } : {}) },
      after: { ...pick(after), ...(autoIncidentChanged ? { autoIncident: patch.autoIncident } : {}), ...(backToDraft ? { status: "draft" } : {}) },
    });
    return toObjectiveDto(row);
  });
}

/** draft → approved, keeping who and when. Approving an approved objective changes nothing. */
export async function approveObjective(db: Db, projectId: string, actorUserId: string, id: string, now = new Date()): Promise<ObjectiveDto> {
  return transaction(db, async (tx) => {
    const current = await tx.prisma.objective.findUnique({ where: { projectId_id: { projectId, id } }, include: objectiveInclude });
    if (!current) throw notFound(`objective '${id}' not found`);
    if (current.status === "approved") return toObjectiveDto(current);
    const row = await tx.prisma.objective.update({
      where: { projectId_id: { projectId, id } },
      data: { status: "approved", approvedById: actorUserId, approvedAt: now },
      include: objectiveInclude,
    });
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actorUserId },
      action: "objective.approve",
      targetType: "objective",
      targetId: id,
      before: { status: "draft" },
      after: { status: "approved", approvedAt: now.toISOString() },
    });
    return toObjectiveDto(row);
  });
}
