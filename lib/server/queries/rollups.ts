import "server-only";
// `keel rollups verify`: recomputes a random sample of hours from the raw rows with the same
// aggregates that maintain the rollups (lib/server/rollups/maintain.ts) and compares every
// rollup table's rows for that project and hour, both ways (a stored row missing from the
// recount, or a recounted row missing or different in the store). Hours are sampled from the
// rollups and from the raw runs, so both stale cells and missing cells are found. The daily
// projections are checked the same way for the UTC day of every sampled hour that is folded at its
// hours' latest revisions (the only days reads take from them), and release_sessions for the
// (release, session) pairs each sampled hour touches.
import type { Db } from "../db/handle";
import { computeSelect, DAILY_TABLES, dailyGrain, dayIsCurrent, rollupColumns, rollupTable, ROLLUP_TABLES } from "../rollups/maintain";

export interface RollupMismatch {
  projectId: string;
  hour: string;
  table: string;
  /** Rows that differ (stored but not recomputed, plus recomputed but not stored). */
  rows: number;
}

export interface VerifyResult {
  hoursChecked: number;
  mismatches: RollupMismatch[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Rows of `stored` and `computed` (same columns) that differ, both ways. */
async function countDiff(db: Db, stored: string, computed: string, args: unknown[]): Promise<number> {
  const [diff] = await db.sql.query<{ rows: number }>(
    `SELECT count(*)::int AS "rows" FROM ((${stored} EXCEPT ALL ${computed}) UNION ALL (${computed} EXCEPT ALL ${stored})) d`,
    args,
  );
  return diff.rows;
}

export async function verifyRollups(db: Db, opts: { projectId?: string | null; sample?: number } = {}): Promise<VerifyResult> {
  const sample = Math.max(1, opts.sample ?? 50);
  const params: unknown[] = [sample];
  const project = opts.projectId ? `WHERE "projectId" = $${params.push(opts.projectId)}` : "";
  const hours = await db.sql.query<{ projectId: string; hour: Date | string }>(
    `SELECT DISTINCT "projectId", "hour" FROM (
      (SELECT "projectId", "hour" FROM (SELECT DISTINCT "projectId", "hour" FROM "run_rollups" ${project}) h ORDER BY random() LIMIT $1)
      UNION ALL
      (SELECT "projectId", date_trunc('hour', "startedAt", 'UTC') AS "hour" FROM "runs" ${project} ORDER BY random() LIMIT $1)
    ) s ORDER BY "projectId", "hour"`,
    params,
  );
  const mismatches: RollupMismatch[] = [];
  for (const h of hours) {
    const hour = new Date(h.hour);
    const args = [h.projectId, hour.toISOString(), new Date(hour.getTime() + HOUR_MS).toISOString()];
    for (const t of ROLLUP_TABLES) {
      const cols = rollupColumns(t).join(", ");
      const stored = `SELECT ${cols} FROM "${t.name}" WHERE "projectId" = $1 AND "hour" = $2::timestamptz AND "${t.count}" <> 0`;
      const computed = `SELECT ${cols} FROM (${computeSelect(
        t,
        `r."projectId" = $1 AND r."startedAt" >= $2::timestamptz AND r."startedAt" < $3::timestamptz`,
        "1",
        false,
      )}) c`;
      const rows = await countDiff(db, stored, computed, args);
      if (rows > 0) mismatches.push({ projectId: h.projectId, hour: hour.toISOString(), table: t.name, rows });
    }
    // release_sessions of the (release, session) pairs with a run in the hour or a recorded first run in it.
    const pairs = `SELECT r."release", r."sessionId" FROM "runs" r WHERE r."projectId" = $1 AND r."startedAt" >= $2::timestamptz AND r."startedAt" < $3::timestamptz
      UNION SELECT x."release", x."sessionId" FROM "release_sessions" x WHERE x."projectId" = $1 AND x."firstAt" >= $2::timestamptz AND x."firstAt" < $3::timestamptz`;
    const stored = `SELECT x."release", x."sessionId", x."firstAt" FROM "release_sessions" x JOIN (${pairs}) p USING ("release", "sessionId") WHERE x."projectId" = $1`;
    const computed = `SELECT r."release", r."sessionId", min(r."startedAt") AS "firstAt" FROM "runs" r JOIN (${pairs}) p USING ("release", "sessionId")
      WHERE r."projectId" = $1 GROUP BY 1, 2`;
    const rows = await countDiff(db, stored, computed, args);
    if (rows > 0) mismatches.push({ projectId: h.projectId, hour: hour.toISOString(), table: "release_sessions", rows });
  }
  const days = new Map<string, { projectId: string; day: Date }>();
  for (const h of hours) {
    const day = new Date(Math.floor(new Date(h.hour).getTime() / DAY_MS) * DAY_MS);
    days.set(`${h.projectId} ${day.toISOString()}`, { projectId: h.projectId, day });
  }
  for (const { projectId, day } of days.values()) {
    const args = [projectId, day.toISOString(), new Date(day.getTime() + DAY_MS).toISOString()];
    // A day not folded since its hours last changed is never read from the projections: skip it.
    const current = await db.sql.query(
      `SELECT 1 FROM "rollup_days" fd WHERE fd."projectId" = $1 AND fd."day" = $2::timestamptz AND ${dayIsCurrent("fd")}`,
      args.slice(0, 2),
    );
    if (current.length === 0) continue;
    for (const d of DAILY_TABLES) {
      const t = rollupTable(d.base);
      const cols = rollupColumns(t, dailyGrain(d)).join(", ");
      const stored = `SELECT ${cols} FROM "${d.name}" WHERE "projectId" = $1 AND "day" = $2::timestamptz AND "${t.count}" <> 0`;
      const where = `r."projectId" = $1 AND r."startedAt" >= $2::timestamptz AND r."startedAt" < $3::timestamptz`;
      const computed = `SELECT ${cols} FROM (${computeSelect(t, where, "1", false, dailyGrain(d))}) c`;
      const rows = await countDiff(db, stored, computed, args);
      if (rows > 0) mismatches.push({ projectId, hour: day.toISOString(), table: d.name, rows });
    }
  }
  return { hoursChecked: hours.length, mismatches };
}
