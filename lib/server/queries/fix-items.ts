import "server-only";
// Fix items (CONTRACT §6), read side: lists, one item with its history, the active items of some
// failure types (for the weekly review) and the people an item may be given to.
import type { Database } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { notFound } from "../http/errors";
import {
  ACTIVE_FIX_STATUSES,
  isOverdue,
  utcToday,
  type FixItemChangeDto,
  type FixItemDto,
  type FixItemListQuery,
  type FixItemWithHistory,
  type FailureCategory,
} from "@/lib/shared/fix-items";

export const itemInclude = { owner: { select: { email: true, name: true } } } as const;
type ItemRow = Prisma.FixItemGetPayload<{ include: typeof itemInclude }>;

const dateText = (d: Date) => d.toISOString().slice(0, 10);
export const dateValue = (text: string) => new Date(`${text}T00:00:00.000Z`);

export function toFixItemDto(row: ItemRow, now: Date = new Date()): FixItemDto {
  const dueDate = dateText(row.dueDate);
  return {
    id: row.id,
    category: row.category,
    reason: row.reason,
    owner: row.owner.email,
    ownerName: row.owner.name,
    dueDate,
    status: row.status,
    notes: row.notes,
    overdue: isOverdue({ dueDate, status: row.status }, now),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listFixItems(
  db: Database,
  projectId: string,
  filter: FixItemListQuery & { ownerEmail?: string },
  now: Date = new Date(),
): Promise<FixItemDto[]> {
  const where: Prisma.FixItemWhereInput = { projectId };
  const ownerEmail = filter.ownerEmail ?? filter.owner;
  if (ownerEmail) where.owner = { email: ownerEmail };
  if (filter.category) where.category = filter.category;
  const statuses = filter.status ? [filter.status] : undefined;
  if (filter.overdue === true) {
    where.status = { in: ACTIVE_FIX_STATUSES.filter((s) => !statuses || statuses.includes(s)) };
    where.dueDate = { lt: dateValue(utcToday(now)) };
  } else if (filter.overdue === false) {
    where.OR = [{ status: { notIn: [...ACTIVE_FIX_STATUSES] } }, { dueDate: { gte: dateValue(utcToday(now)) } }];
    if (statuses) where.status = { in: statuses };
  } else if (statuses) {
    where.status = { in: statuses };
  }
  const rows = await db.prisma.fixItem.findMany({
    where,
    include: itemInclude,
    orderBy: [{ dueDate: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => toFixItemDto(r, now));
}

export async function getFixItem(db: Database, projectId: string, id: string): Promise<FixItemWithHistory> {
  const row = await db.prisma.fixItem.findFirst({
    where: { id, projectId },
    include: {
      ...itemInclude,
      changes: { orderBy: [{ at: "asc" }, { id: "asc" }], include: { actor: { select: { email: true } } } },
    },
  });
  // Another project's item is as absent as an unknown one.
  if (!row) throw notFound(`fix item '${id}' not found`);
  const history: FixItemChangeDto[] = row.changes.map((c) => ({
    at: c.at.toISOString(),
    actor: c.actor?.email ?? null,
    field: c.field,
    oldValue: c.oldValue,
    newValue: c.newValue,
  }));
  return { ...toFixItemDto(row), history };
}

/** The active (open / in progress) fix items of these failure types, newest first per type. */
export async function findActiveFixItems(
  db: Database,
  projectId: string,
  types: { category: FailureCategory; reason: string }[],
): Promise<Map<string, FixItemDto>> {
  const out = new Map<string, FixItemDto>();
  if (types.length === 0) return out;
  const rows = await db.prisma.fixItem.findMany({
    where: {
      projectId,
      status: { in: [...ACTIVE_FIX_STATUSES] },
      OR: types.map((t) => ({ category: t.category, reason: t.reason })),
    },
    include: itemInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  for (const r of rows) {
    const key = fixItemKey(r.category, r.reason);
    if (!out.has(key)) out.set(key, toFixItemDto(r));
  }
  return out;
}

export const fixItemKey = (category: string, reason: string) => `${category}\u0000${reason}`;

/** Members who can be given a fix item (any member, CONTRACT §6), for the owner pickers. */
export async function listAssignableMembers(db: Database, projectId: string): Promise<{ email: string; name: string | null }[]> {
  const rows = await db.prisma.membership.findMany({
    where: { projectId },
    select: { user: { select: { email: true, name: true } } },
    orderBy: { user: { email: "asc" } },
  });
  return rows.map((r) => r.user);
}
