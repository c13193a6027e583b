import "server-only";
// Fix items (CONTRACT §6): who fixes which failure type by when. Every write records one
// FixItemChange per changed field (who, when, old → new) and one audit_logs row, in the same
// transaction as the change itself.
import type { Database } from "../db";
import { transaction, type DbTx } from "../db/handle";
import type { Prisma } from "../generated/prisma/client";
import { badRequest, notFound } from "../http/errors";
import { dateValue, itemInclude, toFixItemDto } from "../queries/fix-items";
import { recordAudit } from "./audit";
import type { FixItemCreate, FixItemDto, FixItemPatch } from "@/lib/shared/fix-items";

/** The owner must be a member of the project (any role): else a 400 naming `owner`. */
async function resolveOwner(tx: DbTx, projectId: string, email: string) {
  const m = await tx.prisma.membership.findFirst({
    where: { projectId, user: { email: email.trim().toLowerCase() } },
    select: { userId: true },
  });
  if (!m) throw badRequest(`owner: ${email} is not a member of this project`, [
    { path: "owner", message: "must be the email of a member of this project" },
  ]);
  return m.userId;
}

type Snapshot = Record<"category" | "reason" | "owner" | "dueDate" | "status" | "notes", string | null>;
const snapshot = (d: FixItemDto): Snapshot => ({
  category: d.category,
  reason: d.reason,
  owner: d.owner,
  dueDate: d.dueDate,
  status: d.status,
  notes: d.notes,
});

export async function createFixItem(
  db: Database,
  projectId: string,
  actorUserId: string,
  input: FixItemCreate,
): Promise<FixItemDto> {
  return transaction(db, (tx) => insertFixItem(tx, projectId, actorUserId, input));
}

/** A new fix item with its history and audit row, in the caller's transaction (an incident's "Create fix item" adds its timeline event beside it). */
export async function insertFixItem(tx: DbTx, projectId: string, actorUserId: string, input: FixItemCreate): Promise<FixItemDto> {
  const ownerId = await resolveOwner(tx, projectId, input.owner);
  const row = await tx.prisma.fixItem.create({
    data: {
      projectId,
      category: input.category,
      reason: input.reason,
      ownerId,
      dueDate: dateValue(input.dueDate),
      status: input.status ?? "open",
      notes: input.notes ?? null,
      createdById: actorUserId,
    },
    include: itemInclude,
  });
  const dto = toFixItemDto(row);
  const after = snapshot(dto);
  await tx.prisma.fixItemChange.createMany({
    data: (Object.keys(after) as (keyof Snapshot)[])
      .filter((f) => after[f] !== null)
      .map((field) => ({ fixItemId: row.id, actorId: actorUserId, at: row.createdAt, field, oldValue: null, newValue: after[field] })),
  });
  await recordAudit(tx.prisma, {
    projectId,
    actor: { type: "user", userId: actorUserId },
    action: "fix_item.create",
    targetType: "fix_item",
    targetId: row.id,
    after,
  });
  return dto;
}

export async function updateFixItem(
  db: Database,
  projectId: string,
  actorUserId: string,
  id: string,
  patch: FixItemPatch,
): Promise<FixItemDto> {
  return transaction(db, async (tx) => {
    const current = await tx.prisma.fixItem.findFirst({ where: { id, projectId }, include: itemInclude });
    if (!current) throw notFound(`fix item '${id}' not found`);
    const before = snapshot(toFixItemDto(current));
    const data: Prisma.FixItemUncheckedUpdateInput = {};
    if (patch.category !== undefined) data.category = patch.category;
    if (patch.reason !== undefined) data.reason = patch.reason;
    if (patch.owner !== undefined) data.ownerId = await resolveOwner(tx, projectId, patch.owner);
    if (patch.dueDate !== undefined) data.dueDate = dateValue(patch.dueDate);
    if (patch.status !== undefined) data.status = patch.status;
    if (patch.notes !== undefined) data.notes = patch.notes === "" ? null : patch.notes;

    const wanted: Partial<Snapshot> = { ...patch, ...(patch.notes === "" ? { notes: null } : {}) };
    const changed = (Object.keys(wanted) as (keyof Snapshot)[]).filter((f) => wanted[f] !== before[f]);
    if (changed.length === 0) return toFixItemDto(current);

    const row = await tx.prisma.fixItem.update({ where: { id }, data, include: itemInclude });
    const dto = toFixItemDto(row);
    const after = snapshot(dto);
    await tx.prisma.fixItemChange.createMany({
      data: changed.map((field) => ({
        fixItemId: id,
        actorId: actorUserId,
        at: row.updatedAt,
        field,
        oldValue: before[field],
        newValue: after[field],
      })),
    });
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actorUserId },
      action: "fix_item.update",
      targetType: "fix_item",
      targetId: id,
      before: Object.fromEntries(changed.map((f) => [f, before[f]])),
      after: Object.fromEntries(changed.map((f) => [f, after[f]])),
    });
    return dto;
  });
}
