import "server-only";
// Runbooks (issue 18, docs/governance.md), write side. Each change of title or body is a new
// version (runbook_versions keeps every one: title, body, author, time) and counts as a review;
// "Mark reviewed" sets lastReviewedAt alone. Every write records an audit row in its transaction.
import type { Database } from "../db";
import { transaction } from "../db/handle";
import type { Prisma } from "../generated/prisma/client";
import { notFound } from "../http/errors";
import { getRunbook } from "../queries/runbooks";
import { recordAudit } from "./audit";
import { resolveMemberId } from "./member-ref";
import type { Runbook, RunbookCreate, RunbookPatch } from "@/lib/shared/runbooks";

const attachmentsOf = (r: { workflow: string | null; tool: string | null; failureCategory: string | null; failureReason: string | null }) => ({
  workflow: r.workflow,
  tool: r.tool,
  category: r.failureCategory,
  reason: r.failureReason,
});

export async function createRunbook(db: Database, projectId: string, actorUserId: string, input: RunbookCreate): Promise<Runbook> {
  const id = await transaction(db, async (tx) => {
    const ownerId = input.owner ? await resolveMemberId(tx, projectId, input.owner, "owner") : null;
    const row = await tx.prisma.runbook.create({
      data: {
        projectId,
        title: input.title,
        body: input.body,
        workflow: input.workflow ?? null,
        tool: input.tool ?? null,
        failureCategory: input.category ?? null,
        failureReason: input.reason ?? null,
        ownerId,
      },
    });
    await tx.prisma.runbookVersion.create({
      data: { projectId, runbookId: row.id, version: 1, title: row.title, body: row.body, authorId: actorUserId, createdAt: row.createdAt },
    });
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actorUserId },
      action: "runbook.create",
      targetType: "runbook",
      targetId: row.id,
      after: { title: row.title, version: 1, owner: input.owner ?? null, ...attachmentsOf(row) },
    });
    return row.id;
  });
  return getRunbook(db, projectId, id);
}

export async function updateRunbook(db: Database, projectId: string, actorUserId: string, id: string, patch: RunbookPatch): Promise<Runbook> {
  await transaction(db, async (tx) => {
    const current = await tx.prisma.runbook.findUnique({ where: { projectId_id: { projectId, id } }, include: { owner: { select: { email: true } } } });
    if (!current) throw notFound(`runbook '${id}' not found`);
    const data: Prisma.RunbookUncheckedUpdateInput = {};
    const before: Record<string, string | number | null> = {};
    const after: Record<string, string | number | null> = {};
    const change = (field: string, old: string | null, next: string | null) => {
      if (old === next) return false;
      before[field] = old;
      after[field] = next;
      return true;
    };
    if (patch.owner !== undefined) {
      const ownerId = patch.owner === null ? null : await resolveMemberId(tx, projectId, patch.owner, "owner");
      if (change("owner", current.owner?.email ?? null, patch.owner)) data.ownerId = ownerId;
    }
    if (patch.workflow !== undefined && change("workflow", current.workflow, patch.workflow)) data.workflow = patch.workflow;
    if (patch.tool !== undefined && change("tool", current.tool, patch.tool)) data.tool = patch.tool;
    if (patch.category !== undefined && change("category", current.failureCategory, patch.category)) data.failureCategory = patch.category;
    if (patch.reason !== undefined && change("reason", current.failureReason, patch.reason)) data.failureReason = patch.reason;

    const title = patch.title ?? current.title;
    const body = patch.body ?? current.body;
    const newVersion = title !== current.title || body !== current.body;
    if (newVersion) {
      const at = new Date();
      const version = current.version + 1;
      Object.assign(data, { title, body, version, lastReviewedAt: at });
      before.version = current.version;
      after.version = version;
      if (title !== current.title) change("title", current.title, title);
      await tx.prisma.runbookVersion.create({ data: { projectId, runbookId: id, version, title, body, authorId: actorUserId, createdAt: at } });
    }
    if (Object.keys(after).length === 0) return;
    await tx.prisma.runbook.update({ where: { projectId_id: { projectId, id } }, data });
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actorUserId },
      action: "runbook.update",
      targetType: "runbook",
      targetId: id,
      before,
      after,
    });
  });
  return getRunbook(db, projectId, id);
}

/** "Mark reviewed": the owner (or any SRE) confirms the runbook is still right, without editing it. */
export async function reviewRunbook(db: Database, projectId: string, actorUserId: string, id: string): Promise<Runbook> {
  await transaction(db, async (tx) => {
    const current = await tx.prisma.runbook.findUnique({ where: { projectId_id: { projectId, id } }, select: { lastReviewedAt: true } });
    if (!current) throw notFound(`runbook '${id}' not found`);
    const at = new Date();
    await tx.prisma.runbook.update({ where: { projectId_id: { projectId, id } }, data: { lastReviewedAt: at } });
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actorUserId },
      action: "runbook.review",
      targetType: "runbook",
      targetId: id,
      before: { lastReviewedAt: current.lastReviewedAt.toISOString() },
      after: { lastReviewedAt: at.toISOString() },
    });
  });
  return getRunbook(db, projectId, id);
}
