import "server-only";
// The ownership map (issue 18, docs/governance.md), read side: the four built-in areas (always
// listed, unassigned until someone is given them) and the project's custom areas.
import type { DbOrTx } from "../db/handle";
import { BUILTIN_AREAS, BUILTIN_AREA_KEYS, type OwnershipArea } from "@/lib/shared/ownership";

export async function getOwnership(db: DbOrTx, projectId: string): Promise<OwnershipArea[]> {
  const rows = await db.prisma.ownershipArea.findMany({
    where: { projectId },
    include: { user: { select: { email: true, name: true } } },
    orderBy: [{ label: "asc" }, { key: "asc" }],
  });
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const builtin: OwnershipArea[] = BUILTIN_AREAS.map((a) => {
    const row = byKey.get(a.key);
    return {
      key: a.key,
      label: `${a.label} (${a.role})`,
      builtin: true,
      description: a.description,
      owner: row?.user?.email ?? null,
      ownerName: row?.user?.name ?? null,
    };
  });
  const custom: OwnershipArea[] = rows
    .filter((r) => !BUILTIN_AREA_KEYS.includes(r.key))
    .map((r) => ({ key: r.key, label: r.label, builtin: false, description: null, owner: r.user?.email ?? null, ownerName: r.user?.name ?? null }));
  return [...builtin, ...custom];
}
