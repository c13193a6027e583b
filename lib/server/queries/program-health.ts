import "server-only";
// The executive overview's "Program health" card (issue 18): objectives met (of the approved
// ones), open SEV1/SEV2 incidents, overdue fix items, risks whose review is overdue — all "now".
import type { Db } from "../db/handle";
import { dateValue } from "./fix-items";
import { listObjectivesWithStatus } from "./objectives";
import { countOverdueRisks } from "./risks";
import { ACTIVE_FIX_STATUSES, utcToday } from "@/lib/shared/fix-items";

export interface ProgramHealth {
  objectivesMet: number;
  objectives: number;
  openSev12: number;
  overdueFixItems: number;
  overdueRisks: number;
}

export async function getProgramHealth(db: Db, projectId: string, now: Date = new Date()): Promise<ProgramHealth> {
  const objectives = await listObjectivesWithStatus(db, projectId, now, { status: "approved" });
  const openSev12 = await db.prisma.incident.count({ where: { projectId, severity: { in: ["SEV1", "SEV2"] }, status: { not: "resolved" } } });
  const overdueFixItems = await db.prisma.fixItem.count({ where: { projectId, status: { in: [...ACTIVE_FIX_STATUSES] }, dueDate: { lt: dateValue(utcToday(now)) } } });
  return {
    objectivesMet: objectives.filter((o) => o.current.health === "met").length,
    objectives: objectives.length,
    openSev12,
    overdueFixItems,
    overdueRisks: await countOverdueRisks(db, projectId, now),
  };
}
