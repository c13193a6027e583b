import "server-only";
// `keel otel remap` and Settings → OpenTelemetry → Re-map (CONTRACT §7): the raw spans are kept,
// so the runs of stored traces can be rebuilt with the current mapping. A remap is a job row
// (otel_remap_jobs) that walks the stored traces in (projectId, traceId) order, a batch at a
// time; after each batch the row holds the last trace done, so an interrupted remap resumes where
// it stopped. Rebuilding is the ingest path's own (rebuildTraces): idempotent (the same spans make
// the same run), the run's pk kept (incident links survive), native runs never touched.
import { hostname } from "node:os";
import type { Database } from "../db";
import { transaction, type Db } from "../db/handle";
import { recordAudit, type AuditActor } from "../services/audit";
import type { RemapJob, RemapStatus } from "@/lib/shared/otel-remap";
import { rebuildTraces } from "./index";

export type { RemapJob, RemapStatus } from "@/lib/shared/otel-remap";

export interface RemapScope {
  /** null: every project (the CLI only). */
  projectId: string | null;
  /** Only traces with a span that started at or after this instant. */
  since: Date | null;
}

export const REMAP_BATCH = 200;

// Jobs this process is running now. A row says `running` but is not here: its process stopped
// (a restart, a killed CLI) — shown as `interrupted`, and resumed by the next remap of its scope.
const active: Set<string> = ((globalThis as { __keelRemapJobs?: Set<string> }).__keelRemapJobs ??= new Set());

type Row = Omit<RemapJob, "startedAt" | "updatedAt" | "finishedAt" | "since" | "status"> & {
  status: string;
  since: Date | string | null;
  startedAt: Date | string;
  updatedAt: Date | string;
  finishedAt: Date | string | null;
  cursorProjectId: string | null;
  cursorTraceId: string | null;
  runner: string | null;
};

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/**
 * Which process runs a job (`host:pid`). Another live process on this host is asked directly (a
 * killed CLI's job is resumable at once); one on another host (several servers on one PostgreSQL)
 * moves updatedAt every batch, so a job that has not moved for STALE_MS has stopped.
 */
const STALE_MS = 120_000;
const ME = `${hostname()}:${process.pid}`;

function runningElsewhere(r: Row): boolean {
  if (r.status !== "running" || active.has(r.id) || !r.runner || r.runner === ME) return false;
  const sep = r.runner.lastIndexOf(":");
  const [host, pid] = [r.runner.slice(0, sep), Number(r.runner.slice(sep + 1))];
  if (host === hostname()) return pidAlive(pid);
  return Date.now() - new Date(r.updatedAt).getTime() < STALE_MS;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function toJob(r: Row): RemapJob {
  const stopped = r.status === "running" && !active.has(r.id) && !runningElsewhere(r);
  const status = stopped ? "interrupted" : (r.status as RemapStatus);
  return {
    id: r.id,
    projectId: r.projectId,
    since: iso(r.since),
    status,
    totalTraces: Number(r.totalTraces),
    doneTraces: Number(r.doneTraces),
    runsWritten: Number(r.runsWritten),
    runsKept: Number(r.runsKept),
    tracesWithoutRun: Number(r.tracesWithoutRun),
    lastError: r.lastError,
    actorType: r.actorType,
    actorLabel: r.actorLabel,
    startedAt: iso(r.startedAt)!,
    updatedAt: iso(r.updatedAt)!,
    finishedAt: iso(r.finishedAt),
  };
}

const JOB_COLUMNS = `"id", "projectId", "since", "status", "cursorProjectId", "cursorTraceId", "totalTraces", "doneTraces",
  "runsWritten", "runsKept", "tracesWithoutRun", "lastError", "actorType", "actorLabel", "startedAt", "updatedAt", "finishedAt", "runner"`;

async function loadJob(db: Db, id: string): Promise<Row | null> {
  const [row] = await db.sql.query<Row>(`SELECT ${JOB_COLUMNS} FROM "otel_remap_jobs" WHERE "id" = $1`, [id]);
  return row ?? null;
}

/** The project's remaps, newest first (for Settings). */
export async function listRemapJobs(db: Db, projectId: string, limit = 5): Promise<RemapJob[]> {
  const rows = await db.sql.query<Row>(
    `SELECT ${JOB_COLUMNS} FROM "otel_remap_jobs" WHERE "projectId" = $1 ORDER BY "startedAt" DESC, "id" DESC LIMIT $2`,
    [projectId, limit],
  );
  return rows.map(toJob);
}

/** How many stored traces the scope covers. */
async function countTraces(db: Db, scope: RemapScope): Promise<number> {
  const [row] = await db.sql.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM (SELECT DISTINCT "projectId", "traceId" FROM "otel_spans"
       WHERE ($1::text IS NULL OR "projectId" = $1) AND ($2::timestamptz IS NULL OR "startedAt" >= $2)) t`,
    [scope.projectId, scope.since?.toISOString() ?? null],
  );
  return Number(row.n);
}

/**
 * Starts a remap of the scope, or resumes the unfinished one of the same scope (interrupted or
 * failed: its cursor is kept). Returns the job and whether it was resumed. Refuses (throws
 * RemapBusyError) while this process is already running one for the scope.
 */
export async function startRemap(
  db: Database,
  scope: RemapScope,
  actor: AuditActor & { label?: string },
): Promise<{ job: RemapJob; resumed: boolean }> {
  const [open] = await db.sql.query<Row>(
    `SELECT ${JOB_COLUMNS} FROM "otel_remap_jobs"
      WHERE "projectId" IS NOT DISTINCT FROM $1 AND "since" IS NOT DISTINCT FROM $2::timestamptz AND "status" IN ('running', 'failed')
      ORDER BY "startedAt" DESC LIMIT 1`,
    [scope.projectId, scope.since?.toISOString() ?? null],
  );
  if (open && (active.has(open.id) || runningElsewhere(open))) throw new RemapBusyError(toJob(open));
  const busy = scope.projectId
    ? (await db.sql.query<Row>(
        `SELECT ${JOB_COLUMNS} FROM "otel_remap_jobs" WHERE "status" = 'running' AND ("projectId" = $1 OR "projectId" IS NULL)`,
        [scope.projectId],
      )).find((r) => active.has(r.id) || runningElsewhere(r))
    : undefined;
  if (busy) throw new RemapBusyError(toJob(busy));
  if (open) {
    await db.sql.query(`UPDATE "otel_remap_jobs" SET "status" = 'running', "lastError" = NULL, "updatedAt" = now() WHERE "id" = $1`, [open.id]);
    return { job: { ...toJob((await loadJob(db, open.id))!), status: "running" }, resumed: true };
  }
  const total = await countTraces(db, scope);
  const created = await transaction(db, async (tx) => {
    const job = await tx.prisma.otelRemapJob.create({
      data: {
        projectId: scope.projectId,
        since: scope.since,
        totalTraces: total,
        actorType: actor.type,
        // Who, in words, for the job's history (the audit row has the person too, but scrolls away).
        actorLabel:
          actor.type === "user"
            ? ((await tx.prisma.user.findUnique({ where: { id: actor.userId }, select: { email: true } }))?.email ?? null)
            : actor.type === "cli" || actor.type === "system"
              ? (actor.label ?? null)
              : null,
      },
    });
    await recordAudit(tx.prisma, {
      projectId: scope.projectId,
      actor,
      action: "otel.remap",
      targetType: "otel_remap_job",
      targetId: job.id,
      after: { since: scope.since?.toISOString() ?? null, traces: total },
    });
    return job;
  });
  // "running": the caller runs it next (toJob would call it interrupted until then).
  return { job: { ...toJob((await loadJob(db, created.id))!), status: "running" }, resumed: false };
}

export class RemapBusyError extends Error {
  constructor(readonly job: RemapJob) {
    super(`a remap of this scope is already running (job ${job.id}, ${job.doneTraces} of ${job.totalTraces} traces done)`);
  }
}

/**
 * Runs the job from its cursor to the end, a batch of traces at a time, calling onProgress after
 * each. On an error the job is marked failed with the message (and resumes from its cursor).
 */
export async function runRemap(
  db: Database,
  jobId: string,
  options: { batch?: number; onProgress?: (job: RemapJob) => void } = {},
): Promise<RemapJob> {
  const batch = options.batch ?? REMAP_BATCH;
  if (active.has(jobId)) throw new Error(`remap job ${jobId} is already running in this process`);
  active.add(jobId);
  try {
    await db.sql.query(`UPDATE "otel_remap_jobs" SET "runner" = $2, "status" = 'running', "updatedAt" = now() WHERE "id" = $1`, [jobId, ME]);
    for (;;) {
      const job = await loadJob(db, jobId);
      if (!job) throw new Error(`remap job ${jobId} not found`);
      const traces = await db.sql.query<{ projectId: string; traceId: string }>(
        `SELECT DISTINCT "projectId", "traceId" FROM "otel_spans"
          WHERE ($1::text IS NULL OR "projectId" = $1) AND ($2::timestamptz IS NULL OR "startedAt" >= $2)
            AND ($3::text IS NULL OR ("projectId", "traceId") > ($3::text, $4::text))
          ORDER BY "projectId", "traceId" LIMIT $5`,
        [job.projectId, iso(job.since), job.cursorProjectId, job.cursorTraceId, batch],
      );
      if (traces.length === 0) {
        await db.sql.query(
          `UPDATE "otel_remap_jobs" SET "status" = 'done', "updatedAt" = now(), "finishedAt" = now(),
             "totalTraces" = GREATEST("totalTraces", "doneTraces") WHERE "id" = $1`,
          [jobId],
        );
        const done = toJob((await loadJob(db, jobId))!);
        options.onProgress?.(done);
        return done;
      }
      const byProject = new Map<string, string[]>();
      for (const t of traces) byProject.set(t.projectId, [...(byProject.get(t.projectId) ?? []), t.traceId]);
      let written = 0;
      let kept = 0;
      let without = 0;
      for (const [projectId, ids] of byProject) {
        const r = await rebuildTraces(db, projectId, ids);
        written += r.written;
        kept += r.keptNative.length;
        without += r.withoutRoot + r.invalid.length;
      }
      const last = traces[traces.length - 1];
      // The cursor moves only after the batch's runs are written: a crash in between redoes the
      // batch, which writes the same runs again (idempotent).
      await db.sql.query(
        `UPDATE "otel_remap_jobs" SET "cursorProjectId" = $2, "cursorTraceId" = $3, "doneTraces" = "doneTraces" + $4,
           "runsWritten" = "runsWritten" + $5, "runsKept" = "runsKept" + $6, "tracesWithoutRun" = "tracesWithoutRun" + $7,
           "totalTraces" = GREATEST("totalTraces", "doneTraces" + $4), "updatedAt" = now()
         WHERE "id" = $1`,
        [jobId, last.projectId, last.traceId, traces.length, written, kept, without],
      );
      options.onProgress?.(toJob((await loadJob(db, jobId))!));
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db.sql
      .query(`UPDATE "otel_remap_jobs" SET "status" = 'failed', "lastError" = $2, "updatedAt" = now() WHERE "id" = $1`, [jobId, message.slice(0, 1000)])
      .catch(() => undefined);
    throw err;
  } finally {
    active.delete(jobId);
  }
}

/** For the server: runs the job in the background (the request that started it answers at once). */
export function runRemapInBackground(db: Database, jobId: string): void {
  // runRemap marks the job active before its first await, so it shows as running at once.
  runRemap(db, jobId).catch((err) => console.error(`[keel] otel remap ${jobId} failed:`, err));
}

export async function getRemapJob(db: Db, id: string): Promise<RemapJob | null> {
  const row = await loadJob(db, id);
  return row ? toJob(row) : null;
}
