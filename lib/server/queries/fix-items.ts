import "server-only";
// Fix-item reads: the row → DTO mapping (also used by the writes in services/fix-items.ts) and the
// active item of each failure type (the weekly review).
import type { Database } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { ACTIVE_FIX_STATUSES, isOverdue, type FailureCategory, type FixItemDto } from "@/lib/shared/fix-items";

export const itemInclude = { owner: { select: { email: true, name: true } } } as const;
type ItemRow = Prisma.FixItemGetPayload<{ include: typeof itemInclude }>;

const dateText = (d: Date) => d.toISOString().slice(0, 10);
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
