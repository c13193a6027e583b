import "server-only";
// The ownership map (issue 18, docs/governance.md), write side: PUT replaces the whole map; a custom
// area left out is removed, a built-in one left out becomes unassigned. One audit row (key → owner).
import type { Database } from "../db";
import { transaction } from "../db/handle";
import { getOwnership } from "../queries/ownership";
import { recordAudit } from "./audit";
import { resolveMemberId } from "./member-ref";
import { BUILTIN_AREAS, type OwnershipArea, type OwnershipPut } from "@/lib/shared/ownership";

const ownersOf = (areas: OwnershipArea[]) => Object.fromEntries(areas.map((a) => [a.key, a.owner]));

export async function putOwnership(db: Database, projectId: string, actorUserId: string, input: OwnershipPut): Promise<OwnershipArea[]> {
  return transaction(db, async (tx) => {
    const before = await getOwnership(tx, projectId);
    const rows: { key: string; label: string; userId: string | null }[] = [];
    for (const [i, a] of input.areas.entries()) {
      const builtin = BUILTIN_AREAS.find((b) => b.key === a.key);
      const userId = a.owner ? await resolveMemberId(tx, projectId, a.owner, `areas.${i}.owner`) : null;
      rows.push({ key: a.key, label: builtin ? builtin.label : a.label!, userId });
    }
    await tx.prisma.ownershipArea.deleteMany({ where: { projectId } });
    if (rows.length) await tx.prisma.ownershipArea.createMany({ data: rows.map((r) => ({ projectId, ...r })) });
    const after = await getOwnership(tx, projectId);
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actorUserId },
      action: "ownership.update",
      targetType: "ownership",
      before: ownersOf(before),
      after: ownersOf(after),
    });
    return after;
  });
}
