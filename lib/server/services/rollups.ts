import "server-only";
// `keel rollups rebuild`: recomputes the hourly rollups from raw rows (after the migration on an
// existing database, after a COPY load, or to repair). It works per project in chunks of hours;
// each chunk deletes and re-inserts its cells in one transaction, so a chunk is all-or-nothing,
// running it again changes nothing, and a rebuild stopped midway resumes by running it again
// (with --from at the last hour it printed, to skip the finished chunks). On PostgreSQL a chunk
// holds a SHARE lock on runs, so no ingest commits a run between the chunk's delete and its
// recount (ingest waits for the chunk, typically well under a second).
import { sqlTransaction, type Db } from "../db/handle";
import { DAILY_TABLES, foldDay, rebuildHours, ROLLUP_TABLES, staleDays } from "../rollups/maintain";

const HOUR_MS = 3_600_000;

export interface RebuildOptions {
  projectId?: string | null;
  from?: Date | null;
  to?: Date | null;
  /** Hours per chunk (transaction). */
  chunkHours?: number;
  onChunk?: (p: { projectId: string; from: Date; to: Date }) => void;
}

export interface RebuildResult {
  projects: number;
  hours: number;
  chunks: number;
}

const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
const ceilHour = (d: Date) => new Date(Math.ceil(d.getTime() / HOUR_MS) * HOUR_MS);

/** The hours a project has runs or rollup rows in: [first, last + 1 h). Null when it has neither. */
async function projectSpan(db: Db, projectId: string): Promise<{ from: Date; to: Date } | null> {
  const spans = ROLLUP_TABLES.map((t) => `SELECT min("hour") AS lo, max("hour") AS hi FROM "${t.name}" WHERE "projectId" = $1`);
  const [row] = await db.sql.query<{ lo: Date | string | null; hi: Date | string | null }>(
    `SELECT min(lo) AS lo, max(hi) AS hi FROM (
      SELECT min("startedAt") AS lo, max("startedAt") AS hi FROM "runs" WHERE "projectId" = $1
      UNION ALL ${spans.join(" UNION ALL ")}) s`,
    [projectId],
  );
  if (!row || row.lo === null || row.hi === null) return null;
  return { from: floorHour(new Date(row.lo)), to: new Date(floorHour(new Date(row.hi)).getTime() + HOUR_MS) };
}

export async function rebuildRollups(db: Db, opts: RebuildOptions = {}): Promise<RebuildResult> {
  const chunkMs = Math.max(1, opts.chunkHours ?? 24) * HOUR_MS;
  const projectIds = opts.projectId
    ? [opts.projectId]
    : (await db.prisma.project.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((p) => p.id);
  const out: RebuildResult = { projects: 0, hours: 0, chunks: 0 };
  for (const projectId of projectIds) {
    const span = await projectSpan(db, projectId);
    if (!span) continue;
    const from = opts.from ? floorHour(opts.from) : span.from;
    const to = opts.to ? ceilHour(opts.to) : span.to;
    if (from >= to) continue;
    out.projects++;
    // Chunks on a grid from the epoch (whole UTC days at the default 24 h), so each day is folded once.
    for (let t = from.getTime(); t < to.getTime(); t = (Math.floor(t / chunkMs) + 1) * chunkMs) {
      const chunk = { from: new Date(t), to: new Date(Math.min((Math.floor(t / chunkMs) + 1) * chunkMs, to.getTime())) };
      await sqlTransaction(db, async (tx) => {
        if (tx.kind === "postgres") await tx.sql.query(`LOCK TABLE "runs" IN SHARE MODE`);
        await rebuildHours(tx, projectId, chunk.from, chunk.to);
      });
      out.chunks++;
      out.hours += (chunk.to.getTime() - chunk.from.getTime()) / HOUR_MS;
      opts.onChunk?.({ projectId, ...chunk });
    }
  }
  // Fresh planner statistics for the tables just rewritten (autovacuum would get there later;
  // PGlite has none): without them a long window's plan guesses one row per CTE.
  if (out.chunks > 0) await db.sql.query(`ANALYZE ${[...ROLLUP_TABLES, ...DAILY_TABLES].map((t) => `"${t.name}"`).join(", ")}, "rollup_days", "rollup_hours"`);
  return out;
}

export interface FoldOptions {
  /** Days that ended before this instant's UTC day are folded (default: now). */
  now?: Date;
  projectId?: string | null;
  /** Stops starting new days after this long (default 10 s); the next call goes on. */
  maxMs?: number;
}

/**
 * Folds the days whose hours changed since their last fold into the daily projections, one day
 * per transaction (a fold of one day reads ~24 hours of rollup rows: well under a second on
 * PGlite at its intended sizes, so the one connection is never held long). Returns the days folded.
 */
export async function foldStaleDays(db: Db, opts: FoldOptions = {}): Promise<number> {
  const started = Date.now();
  const maxMs = opts.maxMs ?? 10_000;
  let folded = 0;
  for (;;) {
    const days = await staleDays(db, opts.now ?? new Date(), 20, opts.projectId ?? undefined);
    if (days.length === 0) return folded;
    for (const { projectId, day } of days) {
      await sqlTransaction(db, (tx) => foldDay(tx, projectId, day));
      folded++;
      if (Date.now() - started > maxMs) return folded;
    }
  }
}

/** KEEL_ROLLUP_FOLD_INTERVAL_MS: default 60 s; 0 or "off" turns the loop off. */
function foldIntervalMs(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.KEEL_ROLLUP_FOLD_INTERVAL_MS;
  if (raw === undefined || raw === "") return 60_000;
  if (raw === "off") return null;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : null;
}

let foldTimer: ReturnType<typeof setInterval> | null = null;

/** At start and then every KEEL_ROLLUP_FOLD_INTERVAL_MS: folds the days that ended and changed. */
export function startRollupFolder(db: Db, env: NodeJS.ProcessEnv = process.env): void {
  const every = foldIntervalMs(env);
  if (every === null || foldTimer) return;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    foldStaleDays(db)
      .catch((err: unknown) => console.error(`[keel] rollup fold failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = false;
      });
  };
  foldTimer = setInterval(tick, every);
  foldTimer.unref?.();
  tick();
}
