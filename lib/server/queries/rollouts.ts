import "server-only";
// Reads of release analysis and stages (CONTRACT §9): the canary and baseline cohorts of a window
// from the hourly rollups (partial hours raw, queries/metrics/rollups.ts), their run-latency
// sketches as binned samples for the rank test, the stage history, chart markers, the KPIs around
// a stage change and the daily quality scores.
import type { Db } from "../db/handle";
import { filterSql } from "./metrics/filter";
import { cells, rollupWindow, runSumColumns, type RollupWindow } from "./metrics/rollups";
import { num, runTotals, type RunTotalsRow } from "./metrics/sql";
import { mergeBuckets, sketchPercentiles, type Sketch } from "../rollups/sketch";
import { runRates } from "@/lib/shared/metrics";
import type { CanaryCohort } from "@/lib/shared/canary";
import type { ReleaseEventItem, ReleaseStage } from "@/lib/shared/rollouts";

type Side = "canary" | "baseline";

/** Live traffic of the release (canary or production runs) vs production runs of every other release. */
function cohortSql(w: RollupWindow, release: string): { key: (a: string) => string; extra: { rollup: string; raw: string } } {
  const r = w.s.params.add(release);
  const where = (a: string) =>
    `((${a}."release" = ${r} AND ${a}."environment" IN ('canary', 'production')) OR (${a}."release" <> ${r} AND ${a}."environment" = 'production'))`;
  return { key: (a) => `(CASE WHEN ${a}."release" = ${r} THEN 'canary' ELSE 'baseline' END)`, extra: { rollup: where("c"), raw: where("r") } };
}

function windowOf(projectId: string, from: Date, to: Date): RollupWindow {
  const filter = { projectId, from, to };
  return rollupWindow(filterSql(filter), filter);
}

export interface CanaryCohorts {
  canary: CanaryCohort;
  baseline: CanaryCohort;
  /** Run durations binned by sketch bucket (the bucket index orders them): a = canary, b = baseline. */
  latency: Array<{ value: number; a: number; b: number }>;
}

const EMPTY: CanaryCohort = { runs: 0, escalations: 0, failures: 0, criticalPolicyViolations: 0, runP95Ms: null };

/** The two sides of a release's canary analysis over [from, to). */
export async function getCanaryCohorts(db: Db, projectId: string, release: string, from: Date, to: Date): Promise<CanaryCohorts> {
  const a = windowOf(projectId, from, to);
  const ca = cohortSql(a, release);
  const b = windowOf(projectId, from, to);
  const cb = cohortSql(b, release);
  const [counts, buckets] = await Promise.all([
    db.sql.query<{ side: Side; runs: number; escalations: number; failures: number; criticalPolicyViolations: number }>(
      `SELECT ${ca.key("rc")} AS side, ${runSumColumns("rc")} FROM ${cells(a, "run_rollups", { extra: ca.extra, by: ["release", "environment"] })} rc GROUP BY 1`,
      a.s.params.values,
    ),
    db.sql.query<{ side: Side; bucket: number; count: number | string; sum: number | string }>(
      `SELECT ${cb.key("k")} AS side, k."bucket", sum(k."count")::float8 AS "count", sum(k."sumMs")::float8 AS "sum"
       FROM ${cells(b, "run_latency_sketch", { extra: cb.extra, by: ["release", "environment"] })} k GROUP BY 1, 2`,
      b.s.params.values,
    ),
  ]);
  const sketches: Record<Side, Sketch> = { canary: new Map(), baseline: new Map() };
  const bins = new Map<number, { value: number; a: number; b: number }>();
  for (const row of buckets) {
    const count = Number(row.count);
    if (count <= 0) continue;
    mergeBuckets([{ index: row.bucket, count, sum: Number(row.sum) }], sketches[row.side]);
    const bin = bins.get(row.bucket) ?? { value: row.bucket, a: 0, b: 0 };
    if (row.side === "canary") bin.a += count;
    else bin.b += count;
    bins.set(row.bucket, bin);
  }
  const side = (s: Side): CanaryCohort => {
    const row = counts.find((c) => c.side === s);
    if (!row || row.runs === 0) return EMPTY;
    return {
      runs: row.runs,
      escalations: row.escalations,
      failures: row.failures,
      criticalPolicyViolations: row.criticalPolicyViolations,
      runP95Ms: sketchPercentiles(sketches[s]).p95,
    };
  };
  return { canary: side("canary"), baseline: side("baseline"), latency: [...bins.values()].sort((x, y) => x.value - y.value) };
}

// ---- stage events ----

export interface ReleaseEventRow {
  id: string;
  release: string;
  stage: ReleaseStage;
  trafficPercent: number | null;
  at: Date;
  source: string;
  recordedBy: string | null;
  createdAt: Date;
}

export const toReleaseEventItem = (e: ReleaseEventRow): ReleaseEventItem => ({
  id: e.id,
  release: e.release,
  stage: e.stage,
  trafficPercent: e.trafficPercent,
  at: e.at.toISOString(),
  source: e.source,
  recordedBy: e.recordedBy,
  createdAt: e.createdAt.toISOString(),
});

/** The columns of a release_events row as raw SQL reads them (toReleaseEventItem's input, dates as pg answers them). */
export const RELEASE_EVENT_COLUMNS = `"id", "release", "stage"::text AS "stage", "trafficPercent", "at", "source", "recordedBy", "createdAt"`;

export const releaseEventFromSql = (r: ReleaseEventRow): ReleaseEventItem => toReleaseEventItem({ ...r, at: new Date(r.at), createdAt: new Date(r.createdAt) });

/** Stage changes of the project, oldest first: of one release, and/or in [from, to). */
export async function listReleaseEvents(
  db: Db,
  projectId: string,
  f: { release?: string; from?: Date; to?: Date; limit?: number },
): Promise<ReleaseEventItem[]> {
  const rows = await db.prisma.releaseEvent.findMany({
    where: {
      projectId,
      ...(f.release !== undefined ? { release: f.release } : {}),
      ...(f.from !== undefined || f.to !== undefined ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    },
    orderBy: [{ at: "asc" }, { createdAt: "asc" }],
    take: f.limit ?? 500,
  });
  return rows.map(toReleaseEventItem);
}

/** The release's latest stage change at or before `at` (null when none). */
export async function latestStageEvent(db: Db, projectId: string, release: string, at: Date): Promise<ReleaseEventItem | null> {
  const row = await db.prisma.releaseEvent.findFirst({
    where: { projectId, release, at: { lte: at } },
    orderBy: [{ at: "desc" }, { createdAt: "desc" }],
  });
  return row ? toReleaseEventItem(row) : null;
}

/** The release's stage change just before `at` (strictly earlier), or null. */
export async function stageEventBefore(db: Db, projectId: string, release: string, at: Date): Promise<ReleaseEventItem | null> {
  const row = await db.prisma.releaseEvent.findFirst({
    where: { projectId, release, at: { lt: at } },
    orderBy: [{ at: "desc" }, { createdAt: "desc" }],
  });
  return row ? toReleaseEventItem(row) : null;
}

/** Every release whose latest stage (now) is one of `stages`, across projects: the rollback loop's work list. */
export async function releasesInStages(db: Db, stages: readonly ReleaseStage[], now: Date): Promise<Array<ReleaseEventItem & { projectId: string }>> {
  const rows = await db.sql.query<ReleaseEventRow & { projectId: string }>(
    `SELECT * FROM (
       SELECT DISTINCT ON ("projectId", "release") "projectId", ${RELEASE_EVENT_COLUMNS}
       FROM release_events WHERE "at" <= $1
       ORDER BY "projectId", "release", "at" DESC, "createdAt" DESC
     ) latest WHERE "stage" = ANY($2::text[])`,
    [now, [...stages]],
  );
  return rows.map((r) => ({ ...releaseEventFromSql(r), projectId: r.projectId }));
}

export async function rollbackFired(db: Db, projectId: string, release: string, stage: ReleaseStage): Promise<boolean> {
  const row = await db.prisma.releaseRollback.findUnique({ where: { projectId_release_stage: { projectId, release, stage } }, select: { release: true } });
  return row !== null;
}

// ---- KPIs around a stage change ----

export interface ImpactSide {
  runs: number;
  successRate: number | null;
  escalationRate: number | null;
  failureRate: number | null;
  runP95Ms: number | null;
  costPerSuccessUsd: number | null;
}

const LIVE = (a: string) => `${a}."environment" IN ('canary', 'production')`;

/** The project's live traffic (canary and production runs, every release) in [from, to). */
export async function getLiveKpis(db: Db, projectId: string, from: Date, to: Date): Promise<ImpactSide> {
  const a = windowOf(projectId, from, to);
  const b = windowOf(projectId, from, to);
  const extra = { rollup: LIVE("c"), raw: LIVE("r") };
  const [[row], lat] = await Promise.all([
    db.sql.query<RunTotalsRow>(`SELECT ${runSumColumns("rc")} FROM ${cells(a, "run_rollups", { extra, by: ["environment"] })} rc`, a.s.params.values),
    db.sql.query<{ bucket: number; count: number | string; sum: number | string }>(
      `SELECT k."bucket", sum(k."count")::float8 AS "count", sum(k."sumMs")::float8 AS "sum" FROM ${cells(b, "run_latency_sketch", { extra, by: ["environment"] })} k GROUP BY 1`,
      b.s.params.values,
    ),
  ]);
  const t = runTotals(row);
  const rates = runRates(t);
  const sk = mergeBuckets(lat.map((l) => ({ index: l.bucket, count: Number(l.count), sum: Number(l.sum) })));
  return {
    runs: t.runs,
    successRate: rates.successRate,
    escalationRate: rates.escalationRate,
    failureRate: rates.failureRate,
    runP95Ms: t.runs ? sketchPercentiles(sk).p95 : null,
    costPerSuccessUsd: rates.costPerSuccessUsd,
  };
}

// ---- quality drift ----

/** Mean post-run qualityScore per UTC day of [from, to): the release's live runs vs production runs of the others. */
export async function getQualityByDay(
  db: Db,
  projectId: string,
  release: string,
  from: Date,
  to: Date,
): Promise<Array<{ day: string; canary: { runs: number; meanQualityScore: number | null }; baseline: { runs: number; meanQualityScore: number | null } }>> {
  const rows = await db.sql.query<{ day: string; side: Side; runs: number; mean: number | string | null }>(
    `SELECT to_char(r."startedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
            CASE WHEN r."release" = $4 THEN 'canary' ELSE 'baseline' END AS side,
            count(*)::int AS runs, avg(r."qualityScore")::float8 AS mean
     FROM runs r
     WHERE r."projectId" = $1 AND r."startedAt" >= $2 AND r."startedAt" < $3 AND r."qualityScore" IS NOT NULL
       AND ((r."release" = $4 AND ${LIVE("r")}) OR (r."release" <> $4 AND r."environment" = 'production'))
     GROUP BY 1, 2 ORDER BY 1`,
    [projectId, from, to, release],
  );
  const days = new Map<string, { day: string; canary: { runs: number; meanQualityScore: number | null }; baseline: { runs: number; meanQualityScore: number | null } }>();
  for (const r of rows) {
    const day = days.get(r.day) ?? { day: r.day, canary: { runs: 0, meanQualityScore: null }, baseline: { runs: 0, meanQualityScore: null } };
    day[r.side] = { runs: r.runs, meanQualityScore: num(r.mean) };
    days.set(r.day, day);
  }
  return [...days.values()];
}

/**
 * The canary runs behind failing checks, newest first (at most `limit`): escalated runs for the
 * escalation rate, failed runs for the failure rate, critical policy violations, and runs slower
 * than the baseline's p95 for latency. What the rollback incident links.
 */
export async function canaryRunsBehind(
  db: Db,
  projectId: string,
  release: string,
  from: Date,
  to: Date,
  why: { escalations: boolean; failures: boolean; criticalViolations: boolean; slowerThanMs: number | null },
  limit = 200,
): Promise<Array<{ pk: string; id: string }>> {
  const params: unknown[] = [projectId, release, from, to, limit];
  const any: string[] = [];
  if (why.escalations) any.push(`r."outcome" = 'escalated'`);
  if (why.failures) any.push(`r."outcome" = 'failure'`);
  if (why.criticalViolations) any.push(`(r."outcome" = 'failure' AND r."failureCategory" = 'policy_violation' AND r."failureCritical")`);
  if (why.slowerThanMs !== null) {
    params.push(why.slowerThanMs);
    any.push(`r."durationMs" > $${params.length}`);
  }
  if (any.length === 0) return [];
  return db.sql.query<{ pk: string; id: string }>(
    `SELECT r."pk"::text AS "pk", r."id" FROM runs r
     WHERE r."projectId" = $1 AND r."release" = $2 AND r."startedAt" >= $3 AND r."startedAt" < $4 AND ${LIVE("r")} AND (${any.join(" OR ")})
     ORDER BY r."startedAt" DESC, r."id" LIMIT $5`,
    params,
  );
}
