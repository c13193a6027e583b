import "server-only";
// The evaluator's side of objective status: computes every approved objective's status (per
// project, through the hourly cache of lib/server/queries/objective-status.ts) and stores the whole
// hours it had to count from raw rows, so the next evaluation reads them from objective_hours.
// Each statement is short: nothing here holds a transaction (PGlite serves one at a time).
import type { Db } from "../db/handle";
import { earliestStart, getObjectiveStatuses, type FreshHour, type ObjectiveRef } from "../queries/objective-status";
import type { ObjectiveStatusDto, Sli } from "@/lib/shared/objectives";

interface ApprovedRow {
  projectId: string;
  id: string;
  workflow: string | null;
  sli: string;
  tool: string | null;
  thresholdMs: number | null;
  target: number;
  periodDays: number;
}

/** Stores freshly counted hours (newer revisions win) and drops cached hours before each objective's earliest window. */
async function storeObjectiveHours(db: Db, projectId: string, objectives: ObjectiveRef[], fresh: FreshHour[], now: Date): Promise<void> {
  if (fresh.length)
    await db.sql.query(
      `INSERT INTO "objective_hours" ("projectId", "objectiveId", "hour", "spec", "rev", "good", "total")
       SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::bigint[], $6::int[], $7::int[])
       ORDER BY 2, 3 -- objective, hour: two evaluators at once lock the same rows in the same order
       ON CONFLICT ("projectId", "objectiveId", "hour") DO UPDATE
         SET "spec" = EXCLUDED."spec", "rev" = EXCLUDED."rev", "good" = EXCLUDED."good", "total" = EXCLUDED."total"
         WHERE "objective_hours"."rev" <= EXCLUDED."rev"`,
      [
        projectId,
        fresh.map((h) => h.objectiveId),
        fresh.map((h) => h.hour),
        fresh.map((h) => h.spec),
        fresh.map((h) => h.rev),
        fresh.map((h) => h.good),
        fresh.map((h) => h.total),
      ],
    );
  await db.sql.query(
    `DELETE FROM "objective_hours" oh USING unnest($2::text[], $3::timestamptz[]) AS o("id", "from")
     WHERE oh."projectId" = $1 AND oh."objectiveId" = o."id" AND oh."hour" < o."from"`,
    [projectId, objectives.map((o) => o.id), objectives.map((o) => new Date(earliestStart(o, now)))],
  );
}

/** The status at `now` of every approved objective (or one project's), keyed `projectId/id`. */
export async function approvedObjectiveStatuses(db: Db, now: Date, projectId?: string): Promise<Map<string, ObjectiveStatusDto>> {
  const rows = await db.sql.query<ApprovedRow>(
    `SELECT "projectId", "id", "workflow", "sli", "tool", "thresholdMs", "target", "periodDays"
     FROM "objectives" WHERE "status" = 'approved' ${projectId ? `AND "projectId" = $1` : ""} ORDER BY "projectId", "id"`,
    projectId ? [projectId] : [],
  );
  const byProject = new Map<string, ObjectiveRef[]>();
  for (const r of rows) {
    const list = byProject.get(r.projectId) ?? byProject.set(r.projectId, []).get(r.projectId)!;
    list.push({ id: r.id, workflow: r.workflow, sli: r.sli as Sli, tool: r.tool, thresholdMs: r.thresholdMs, target: Number(r.target), periodDays: r.periodDays });
  }
  const out = new Map<string, ObjectiveStatusDto>();
  for (const [pid, objectives] of byProject) {
    const { statuses, freshHours } = await getObjectiveStatuses(db, pid, objectives, now);
    await storeObjectiveHours(db, pid, objectives, freshHours, now);
    for (const [id, s] of statuses) out.set(`${pid}/${id}`, s);
  }
  return out;
}
