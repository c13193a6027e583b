import "server-only";
import type { Db } from "../../db/handle";
// Quality drift (issue 17, docs/quality.md): per workflow and per release, scored runs, the mean
// and the p10 (percentile_cont(0.1), PostgreSQL semantics) of qualityScore in the window and by
// UTC day, exact from raw rows; the latest gold-set result before the window's end; and the drift
// flag, 7-day mean vs 28-day mean ending at `to`. Every group with a run in the window (or a scored
// run in the 28 days) is listed; a group without scores has null means and is never flagged.
import { DEFAULT_QUALITY_DRIFT_MARGIN, driftWindows, NO_DRIFT, qualityDrift, type GoldSetRef, type QualityDay, type QualityDrift, type QualityReport } from "@/lib/shared/quality";
import { filterSql, iso, runsWhere, type MetricsFilter } from "./filter";
import { num } from "./sql";

type Dim = "workflow" | "release";

interface WindowRow {
  byWorkflow: number;
  total: number;
  pair: number;
  workflow: string | null;
  release: string | null;
  day: string | null;
  scoredRuns: number;
  mean: number | string | null;
  p10: number | string | null;
}

interface DriftRow {
  byWorkflow: number;
  workflow: string | null;
  release: string | null;
  baselineScoredRuns: number;
  baselineMean: number | string | null;
  recentScoredRuns: number;
  recentMean: number | string | null;
}

interface Group {
  key: string;
  scoredRuns: number;
  meanQualityScore: number | null;
  p10QualityScore: number | null;
  days: QualityDay[];
  releases: Set<string>;
  drift: QualityDrift;
}

/** The project's drift margin (project_settings.qualityDriftMargin), its default without a row. */
export async function getQualityDriftMargin(db: Db, projectId: string): Promise<number> {
  const s = await db.prisma.projectSettings.findUnique({ where: { projectId }, select: { qualityDriftMargin: true } });
  return s?.qualityDriftMargin ?? DEFAULT_QUALITY_DRIFT_MARGIN;
}

export async function getQuality(db: Db, filter: MetricsFilter): Promise<QualityReport> {
  const spans = driftWindows(filter.to);
  const [windowRows, driftRows, margin] = await Promise.all([windowQuality(db, filter), driftQuality(db, filter, spans.recent.from, spans.baseline.from), getQualityDriftMargin(db, filter.projectId)]);

  const groups: Record<Dim, Map<string, Group>> = { workflow: new Map(), release: new Map() };
  const groupOf = (dim: Dim, key: string) => {
    let g = groups[dim].get(key);
    if (!g) groups[dim].set(key, (g = { key, scoredRuns: 0, meanQualityScore: null, p10QualityScore: null, days: [], releases: new Set(), drift: NO_DRIFT }));
    return g;
  };
  for (const r of windowRows) {
    if (r.pair === 1) {
      // (workflow, release): which releases ran the workflow in the window (for its gold set).
      groupOf("workflow", r.workflow as string).releases.add(r.release as string);
      continue;
    }
    const dim: Dim = r.byWorkflow === 1 ? "workflow" : "release";
    const g = groupOf(dim, (dim === "workflow" ? r.workflow : r.release) as string);
    if (dim === "release") g.releases.add(g.key);
    const score = { scoredRuns: r.scoredRuns, meanQualityScore: num(r.mean), p10QualityScore: num(r.p10) };
    if (r.total === 1) Object.assign(g, score);
    else if (r.scoredRuns > 0) g.days.push({ day: r.day as string, ...score });
  }
  for (const r of driftRows) {
    const dim: Dim = r.byWorkflow === 1 ? "workflow" : "release";
    const g = groupOf(dim, (dim === "workflow" ? r.workflow : r.release) as string);
    if (dim === "release") g.releases.add(g.key);
    g.drift = qualityDrift(
      {
        recentScoredRuns: r.recentScoredRuns,
        recentMeanQualityScore: num(r.recentMean),
        baselineScoredRuns: r.baselineScoredRuns,
        baselineMeanQualityScore: num(r.baselineMean),
      },
      margin,
    );
  }

  const evals = await latestEvals(db, filter.projectId, [...groups.release.keys()], filter.to);
  const goldSetOf = (g: Group): GoldSetRef | null => {
    let best: (GoldSetRef & { order: string }) | null = null;
    for (const release of g.releases) {
      const e = evals.get(release);
      if (e && (!best || e.order > best.order)) best = e;
    }
    if (!best) return null;
    const { order: _, ...ref } = best;
    return ref;
  };
  const shape = (g: Group) => ({
    scoredRuns: g.scoredRuns,
    meanQualityScore: g.meanQualityScore,
    p10QualityScore: g.p10QualityScore,
    days: g.days.sort((a, b) => (a.day < b.day ? -1 : 1)),
    goldSet: goldSetOf(g),
    drift: g.drift,
  });
  // Most scored runs first, then the name in code-point order (stable ties).
  const ordered = (m: Map<string, Group>) => [...m.values()].sort((a, b) => b.scoredRuns - a.scoredRuns || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    window: { from: iso(filter.from), to: iso(filter.to) },
    driftMargin: margin,
    driftWindows: {
      recent: { from: iso(spans.recent.from), to: iso(spans.recent.to) },
      baseline: { from: iso(spans.baseline.from), to: iso(spans.baseline.to) },
    },
    workflows: ordered(groups.workflow).map((g) => ({ workflow: g.key, ...shape(g) })),
    releases: ordered(groups.release).map((g) => ({ release: g.key, ...shape(g) })),
  };
}

/**
 * One scan of the window's runs: per workflow and per release, by UTC day and over the window,
 * plus the (workflow, release) pairs. Aggregates skip runs without a score (count, avg and
 * percentile_cont ignore NULL), so a group without scores has 0 scored runs and NULL mean/p10.
 */
async function windowQuality(db: Db, filter: MetricsFilter): Promise<WindowRow[]> {
  const s = filterSql(filter);
  return db.sql.query<WindowRow>(
    `WITH w AS (
    SELECT r."workflow", r."release", to_char(r."startedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "day", r."qualityScore" AS "q"
    FROM "runs" r
    WHERE ${runsWhere(s)}
  )
  SELECT (GROUPING(w."workflow") = 0 AND GROUPING(w."release") = 1)::int AS "byWorkflow",
    GROUPING(w."day")::int AS "total",
    (GROUPING(w."workflow") = 0 AND GROUPING(w."release") = 0)::int AS "pair",
    w."workflow", w."release", w."day",
    count(w."q")::int AS "scoredRuns",
    avg(w."q")::float8 AS "mean",
    percentile_cont(0.1) WITHIN GROUP (ORDER BY w."q") AS "p10"
  FROM w
  GROUP BY GROUPING SETS ((w."workflow", w."day"), (w."workflow"), (w."release", w."day"), (w."release"), (w."workflow", w."release"))`,
    s.params.values,
  );
}

/** Scored runs of [to − 28 d, to) per workflow and per release, and of their last 7 days. */
async function driftQuality(db: Db, filter: MetricsFilter, recentFrom: Date, baselineFrom: Date): Promise<DriftRow[]> {
  const s = filterSql({ ...filter, from: baselineFrom });
  const recent = s.params.add(recentFrom);
  const inRecent = `FILTER (WHERE r."startedAt" >= ${recent})`;
  return db.sql.query<DriftRow>(
    `SELECT (GROUPING(r."workflow") = 0)::int AS "byWorkflow", r."workflow", r."release",
    count(*)::int AS "baselineScoredRuns", avg(r."qualityScore")::float8 AS "baselineMean",
    count(*) ${inRecent}::int AS "recentScoredRuns", avg(r."qualityScore") ${inRecent}::float8 AS "recentMean"
  FROM "runs" r
  WHERE ${runsWhere(s)} AND r."qualityScore" IS NOT NULL
  GROUP BY GROUPING SETS ((r."workflow"), (r."release"))`,
    s.params.values,
  );
}

/** Each release's latest gold-set result that ran before `to` (ranAt, then arrival, then id). */
async function latestEvals(db: Db, projectId: string, releases: string[], to: Date): Promise<Map<string, GoldSetRef & { order: string }>> {
  if (releases.length === 0) return new Map();
  const rows = await db.sql.query<{ release: string; goldSet: string; passed: number; total: number; ranAt: Date | string; createdAt: Date | string; id: string }>(
    `SELECT DISTINCT ON (e."release") e."release", e."goldSet", e."passed", e."total", e."ranAt", e."createdAt", e."id"
  FROM "eval_results" e
  WHERE e."projectId" = $1 AND e."release" = ANY($2::text[]) AND e."ranAt" < $3
  ORDER BY e."release", e."ranAt" DESC, e."createdAt" DESC, e."id" DESC`,
    [projectId, releases, to],
  );
  return new Map(
    rows.map((e) => [
      e.release,
      {
        release: e.release,
        goldSet: e.goldSet,
        passed: e.passed,
        total: e.total,
        passRate: e.passed / e.total,
        ranAt: iso(e.ranAt),
        // A sortable key of "latest" across releases, for a workflow's pick.
        order: `${iso(e.ranAt)}|${iso(e.createdAt)}|${e.id}`,
      },
    ]),
  );
}
