import "server-only";
// The risk register (issue 18, docs/governance.md), write side: create, edit, delete, each with an
// audit row in the same transaction. Owners must be members; linked objectives, fix items and
// runbooks must exist in the project (else a 400 naming the field).
import type { Database } from "../db";
import { transaction, type DbTx } from "../db/handle";
import type { Prisma } from "../generated/prisma/client";
import { badRequest, notFound } from "../http/errors";
import { dateValue } from "../queries/fix-items";
import { getRisk } from "../queries/risks";
import { recordAudit } from "./audit";
import { resolveMemberId } from "./member-ref";
import type { Risk, RiskCreate, RiskLinkKind, RiskPatch } from "@/lib/shared/risks";

const LINK_FIELDS = { objective: "objectiveIds", fix_item: "fixItemIds", runbook: "runbookIds" } as const satisfies Record<RiskLinkKind, string>;

async function existingIds(tx: DbTx, projectId: string, kind: RiskLinkKind, ids: string[]): Promise<Set<string>> {
  const where = { projectId, id: { in: ids } };
  const select = { id: true } as const;
  const rows =
    kind === "objective"
      ? await tx.prisma.objective.findMany({ where, select })
      : kind === "fix_item"
        ? await tx.prisma.fixItem.findMany({ where, select })
        : await tx.prisma.runbook.findMany({ where, select });
  return new Set(rows.map((r) => r.id));
}

/** Replaces the links of the kinds given (a kind left undefined keeps its links). */
async function setLinks(tx: DbTx, projectId: string, riskId: string, input: Partial<Record<(typeof LINK_FIELDS)[RiskLinkKind], string[]>>) {
  for (const kind of Object.keys(LINK_FIELDS) as RiskLinkKind[]) {
    const field = LINK_FIELDS[kind];
    const ids = input[field];
    if (ids === undefined) continue;
    const unique = [...new Set(ids)];
    const found = await existingIds(tx, projectId, kind, unique);
    const missing = unique.findIndex((id) => !found.has(id));
    if (missing >= 0) throw badRequest(`${field}: '${unique[missing]}' is not a ${kind.replace("_", " ")} of this project`, [{ path: `${field}.${ids.indexOf(unique[missing]!)}`, message: "no such item in this project" }]);
    await tx.prisma.riskLink.deleteMany({ where: { projectId, riskId, kind } });
    if (unique.length) await tx.prisma.riskLink.createMany({ data: unique.map((targetId) => ({ projectId, riskId, kind, targetId })) });
  }
}

type Snapshot = Omit<Risk, "id" | "score" | "ownerName" | "overdue" | "createdAt" | "updatedAt" | "links"> & { links: string[] };
const snapshot = (r: Risk): Snapshot => ({
  title: r.title,
  category: r.category,
  likelihood: r.likelihood,
  impact: r.impact,
  owner: r.owner,
  mitigation: r.mitigation,
  status: r.status,
  reviewDate: r.reviewDate,
  links: r.links.map((l) => `${l.kind}:${l.id}`),
});

export async function createRisk(db: Database, projectId: string, actorUserId: string, input: RiskCreate): Promise<Risk> {
  return transaction(db, async (tx) => {
    const ownerId = await resolveMemberId(tx, projectId, input.owner, "owner");
    const row = await tx.prisma.risk.create({
      data: {
        projectId,
        title: input.title,
        category: input.category,
        likelihood: input.likelihood,
        impact: input.impact,
        ownerId,
        mitigation: input.mitigation ?? "",
        status: input.status ?? "open",
        reviewDate: dateValue(input.reviewDate),
      },
    });
    await setLinks(tx, projectId, row.id, input);
    const risk = await getRisk(tx, projectId, row.id);
    await recordAudit(tx.prisma, { projectId, actor: { type: "user", userId: actorUserId }, action: "risk.create", targetType: "risk", targetId: row.id, after: snapshot(risk) });
    return risk;
  });
}

export async function updateRisk(db: Database, projectId: string, actorUserId: string, id: string, patch: RiskPatch): Promise<Risk> {
  return transaction(db, async (tx) => {
    const current = await getRisk(tx, projectId, id);
    const data: Prisma.RiskUncheckedUpdateInput = {};
    if (patch.title !== undefined) data.title = patch.title;
    if (patch.category !== undefined) data.category = patch.category;
    if (patch.likelihood !== undefined) data.likelihood = patch.likelihood;
    if (patch.impact !== undefined) data.impact = patch.impact;
    if (patch.owner !== undefined) data.ownerId = await resolveMemberId(tx, projectId, patch.owner, "owner");
    if (patch.mitigation !== undefined) data.mitigation = patch.mitigation;
    if (patch.status !== undefined) data.status = patch.status;
    if (patch.reviewDate !== undefined) data.reviewDate = dateValue(patch.reviewDate);
    await setLinks(tx, projectId, id, patch);
    if (Object.keys(data).length) await tx.prisma.risk.update({ where: { projectId_id: { projectId, id } }, data });
    const next = await getRisk(tx, projectId, id);
    const before = snapshot(current);
    const after = snapshot(next);
    const changed = (Object.keys(after) as (keyof Snapshot)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length === 0) return next;
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actorUserId },
      action: "risk.update",
      targetType: "risk",
      targetId: id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return next;
  });
}

export async function deleteRisk(db: Database, projectId: string, actorUserId: string, id: string): Promise<void> {
  await transaction(db, async (tx) => {
    const existing = await tx.prisma.risk.findUnique({ where: { projectId_id: { projectId, id } }, select: { title: true } });
    if (!existing) throw notFound(`risk '${id}' not found`);
    await tx.prisma.risk.delete({ where: { projectId_id: { projectId, id } } });
    await recordAudit(tx.prisma, { projectId, actor: { type: "user", userId: actorUserId }, action: "risk.delete", targetType: "risk", targetId: id, before: { title: existing.title } });
  });
}
