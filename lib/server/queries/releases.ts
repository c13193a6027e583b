import "server-only";
// Releases, gold-set results and gate thresholds: every number the gates and the releases
// pages read. Rates follow CONTRACT §3. Counts and costs come from the hourly rollups with the
// partial hours read raw (queries/metrics/rollups.ts), p95 from the merged latency sketches
// (within 0.8 % of percentile_cont); KEEL_METRICS_SOURCE=raw reads the raw rows as before.
import type { Db } from "../db/handle";
import { filterSql } from "./metrics/filter";
import { cells, metricsSource, percentilesBy, rollupWindow, runSumColumns, type MetricsOptions, type RollupWindow } from "./metrics/rollups";
import { DEFAULT_GATE_SETTINGS, type GateSettings, type GateSettingsResponse } from "@/lib/shared/gate-settings";
import type { CohortStats } from "@/lib/shared/gates";
import type { EvalResultItem } from "@/lib/shared/evals";
import { kpiDelta, releaseKpis, type ReleaseListItem } from "@/lib/shared/releases";
import { criticalPolicyViolationsColumn, num, percentileColumns, runTotals, runTotalsColumns, type RunTotalsRow } from "./metrics/sql";

const ENV_ORDER = ["production", "canary", "staging", "sandbox"];

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

interface CountsRow extends RunTotalsRow {
  criticalPolicyViolations: number;
  p95: number | string | null;
}

/** The KPI columns of runs `run`: the metric queries' fragments, p95 only. */
const COUNTS = `${runTotalsColumns("run")},
  ${criticalPolicyViolationsColumn("run")},
  ${percentileColumns(`run."durationMs"`, [0.95])}`;

const kpisOf = (row: CountsRow) => releaseKpis(runTotals(row), num(row.p95));

export interface CohortFilter {
  from: Date;
  to: Date;
  release?: string;
  /** Every release but this one (the production baseline of a canary). */
  excludeRelease?: string;
  environment?: "production" | "canary" | "staging" | "sandbox";
}

export interface CohortWithViolations extends CohortStats {
  criticalPolicyViolations: number;
}

/** Runs of the project in [from, to), narrowed by release / other releases / environment. */
export async function getCohortStats(db: Db, projectId: string, f: CohortFilter, opts?: MetricsOptions): Promise<CohortWithViolations> {
  if (metricsSource(opts) === "raw") return cohortFromRaw(db, projectId, f);
  // A fresh window per statement (each has its own parameter list), narrowed the same way.
  const cohort = () => {
    const filter = { projectId, from: f.from, to: f.to, ...(f.release !== undefined ? { release: f.release } : {}), ...(f.environment ? { environment: f.environment } : {}) };
    const w = rollupWindow(filterSql(filter), filter);
    const other = f.excludeRelease !== undefined ? w.s.params.add(f.excludeRelease) : null;
    return { w, extra: other ? { rollup: `c."release" <> ${other}`, raw: `r."release" <> ${other}` } : undefined };
  };
  const a = cohort();
  const b = cohort();
  const [[row], latency] = await Promise.all([
    db.sql.query<Omit<CountsRow, "p95">>(`SELECT ${runSumColumns("rc")} FROM ${cells(a.w, "run_rollups", { extra: a.extra, by: ["release"] })} rc`, a.w.s.params.values),
    percentilesBy(db, b.w, "run_latency_sketch", "''", { extra: b.extra, by: ["release"] }),
  ]);
  return { ...kpisOf({ ...row, p95: latency.get("")?.p95 ?? null }), criticalPolicyViolations: row.criticalPolicyViolations };
}

async function cohortFromRaw(db: Db, projectId: string, f: CohortFilter): Promise<CohortWithViolations> {
  const params: unknown[] = [projectId, f.from, f.to];
  const where = [`"projectId" = $1`, `"startedAt" >= $2`, `"startedAt" < $3`];
  if (f.release !== undefined) {
    params.push(f.release);
    where.push(`"release" = $${params.length}`);
  }
  if (f.excludeRelease !== undefined) {
    params.push(f.excludeRelease);
    where.push(`"release" <> $${params.length}`);
  }
  if (f.environment !== undefined) {
    params.push(f.environment);
    where.push(`"environment" = $${params.length}::"Environment"`);
  }
  const [row] = await db.sql.query<CountsRow>(`SELECT ${COUNTS} FROM runs run WHERE ${where.join(" AND ")}`, params);
  return { ...kpisOf(row), criticalPolicyViolations: row.criticalPolicyViolations };
}

/** True when the project has runs, gold-set results or stage changes of this release (else the API answers 404). */
export async function releaseExists(db: Db, projectId: string, release: string): Promise<boolean> {
  const rows = await db.sql.query<{ found: boolean }>(
    `SELECT (EXISTS (SELECT 1 FROM runs WHERE "projectId" = $1 AND "release" = $2)
          OR EXISTS (SELECT 1 FROM eval_results WHERE "projectId" = $1 AND "release" = $2)
          OR EXISTS (SELECT 1 FROM release_events WHERE "projectId" = $1 AND "release" = $2)) AS found`,
    [projectId, release],
  );
  return rows[0]?.found === true;
}

type ReleaseRow = SeenRow & EvalRow;

interface SeenRow extends CountsRow {
  release: string;
  firstSeenAt: Date | string | null;
  lastSeenAt: Date | string | null;
  environments: string[] | null;
}

interface EvalRow {
  release: string;
  goldSet: string | null;
  passed: number | null;
  total: number | null;
  ranAt: Date | string | null;
}

/** Per release of the window: counts from the rollups, p95 from the sketches, first/last run exact. */
async function releaseRunRows(db: Db, projectId: string, from: Date, to: Date): Promise<SeenRow[]> {
  const window = (): RollupWindow => {
    const filter = { projectId, from, to };
    return rollupWindow(filterSql(filter), filter);
  };
  const w = window();
  const [counts, latency] = await Promise.all([
    db.sql.query<Omit<SeenRow, "p95" | "firstSeenAt" | "lastSeenAt">>(
      `SELECT rc."release", array_agg(DISTINCT rc."environment"::text) AS "environments", ${runSumColumns("rc")}
       FROM ${cells(w, "run_rollups", { by: ["release", "environment"] })} rc GROUP BY rc."release"`,
      w.s.params.values,
    ),
    percentilesBy(db, window(), "run_latency_sketch", `k."release"`, { by: ["release"] }),
  ]);
  if (counts.length === 0) return [];
  const seenOf = await firstAndLastRuns(db, projectId, from, to, counts.map((c) => c.release));
  return counts.map((c) => ({
    ...c,
    p95: latency.get(c.release)?.p95 ?? null,
    firstSeenAt: seenOf.get(c.release)?.firstSeenAt ?? null,
    lastSeenAt: seenOf.get(c.release)?.lastSeenAt ?? null,
  }));
}

/** First and last run of each release in [from, to): two index lookups each on (projectId, release, startedAt). */
async function firstAndLastRuns(
  db: Db,
  projectId: string,
  from: Date,
  to: Date,
  releases: string[],
): Promise<Map<string, { firstSeenAt: Date | string; lastSeenAt: Date | string }>> {
  const seen = await db.sql.query<{ release: string; firstSeenAt: Date | string; lastSeenAt: Date | string }>(
    `SELECT x."release",
       (SELECT min(r."startedAt") FROM runs r WHERE r."projectId" = $1 AND r."release" = x."release" AND r."startedAt" >= $2 AND r."startedAt" < $3) AS "firstSeenAt",
       (SELECT max(r."startedAt") FROM runs r WHERE r."projectId" = $1 AND r."release" = x."release" AND r."startedAt" >= $2 AND r."startedAt" < $3) AS "lastSeenAt"
     FROM unnest($4::text[]) AS x("release")`,
    [projectId, from, to, releases],
  );
  return new Map(seen.map((r) => [r.release, r]));
}

/** The same rows from raw runs only (KEEL_METRICS_SOURCE=raw): the definitions the rollups match. */
async function releaseRunRowsFromRaw(db: Db, projectId: string, from: Date, to: Date): Promise<SeenRow[]> {
  return db.sql.query<SeenRow>(
    `SELECT "release", min("startedAt") AS "firstSeenAt", max("startedAt") AS "lastSeenAt",
            array_agg(DISTINCT "environment"::text) AS environments, ${COUNTS}
     FROM runs run WHERE "projectId" = $1 AND "startedAt" >= $2 AND "startedAt" < $3 GROUP BY "release"`,
    [projectId, from, to],
  );
}

/** Open ends of the releases list: from the first instant to far past any clock skew. */
const ALL_FROM = new Date(0);
const ALL_TO = new Date("9999-01-01T00:00:00.000Z");

/**
 * Every release seen in the project: from its runs (in [from, to) when given) and from its
 * gold-set results. Newest first by first run; releases with only evals come last.
 */
export async function listReleases(db: Db, projectId: string, w: { from?: Date; to?: Date }, opts?: MetricsOptions): Promise<ReleaseListItem[]> {
  const from = w.from ?? ALL_FROM;
  const to = w.to ?? ALL_TO;
  const [runRows, evals] = await Promise.all([
    (metricsSource(opts) === "raw" ? releaseRunRowsFromRaw : releaseRunRows)(db, projectId, from, to),
    db.sql.query<EvalRow>(
      `SELECT DISTINCT ON ("release") "release", "goldSet", passed, total, "ranAt"
       FROM eval_results WHERE "projectId" = $1
       ORDER BY "release", "ranAt" DESC, "createdAt" DESC`,
      [projectId],
    ),
  ]);
  const evalOf = new Map(evals.map((e) => [e.release, e]));
  const noRuns = { firstSeenAt: null, lastSeenAt: null, environments: null, runs: 0, successes: 0, escalations: 0, failures: 0, criticalPolicyViolations: 0, p95: null, totalCostUsd: 0, escalatedCostUsd: 0 };
  const rows: ReleaseRow[] = [
    ...runRows.map((r) => ({ ...r, ...(evalOf.get(r.release) ?? { goldSet: null, passed: null, total: null, ranAt: null }) })),
    ...evals.filter((e) => !runRows.some((r) => r.release === e.release)).map((e) => ({ ...noRuns, ...e })),
  ];

  const items = rows.map((row) => {
    const kpis = kpisOf(row);
    const item: ReleaseListItem = {
      release: row.release,
      firstSeenAt: row.firstSeenAt === null ? null : iso(row.firstSeenAt),
      lastSeenAt: row.lastSeenAt === null ? null : iso(row.lastSeenAt),
      environments: envOrder(row.environments),
      ...kpis,
      criticalPolicyViolations: row.criticalPolicyViolations,
      totalCostUsd: num(row.totalCostUsd) ?? 0,
      latestEval:
        row.goldSet === null || row.passed === null || row.total === null || row.ranAt === null
          ? null
          : { goldSet: row.goldSet, passed: row.passed, total: row.total, passRate: row.passed / row.total, ranAt: iso(row.ranAt) },
      previousRelease: null,
      delta: null,
    };
    return item;
  });

  const withRuns = byAppearance(items.filter((i) => i.firstSeenAt !== null));
  for (let i = 1; i < withRuns.length; i++) {
    withRuns[i].previousRelease = withRuns[i - 1].release;
    withRuns[i].delta = kpiDelta(withRuns[i], withRuns[i - 1]);
  }
  const evalOnly = items.filter((i) => i.firstSeenAt === null).sort((a, b) => (a.release < b.release ? -1 : 1));
  return [...withRuns.reverse(), ...evalOnly];
}

const envOrder = (envs: string[] | null) => [...(envs ?? [])].sort((a, b) => ENV_ORDER.indexOf(a) - ENV_ORDER.indexOf(b));

/** Order of appearance, which decides "previous" (the release first seen just before): first run, then name. */
function byAppearance<T extends { release: string; firstSeenAt: string | null }>(items: T[]): T[] {
  return items.sort((a, b) => (a.firstSeenAt! < b.firstSeenAt! ? -1 : a.firstSeenAt! > b.firstSeenAt! ? 1 : a.release < b.release ? -1 : 1));
}

export interface ReleaseSeen {
  release: string;
  firstSeenAt: string;
  environments: string[];
  previousRelease: string | null;
}

/**
 * The releases with runs before `to`, newest first, each with its first run, environments and
 * previous release exactly as listReleases({ to }) gives them, without the KPIs (no latency
 * sketches over the project's whole history): the weekly review's since-release comparison.
 */
export async function releasesSeen(db: Db, projectId: string, to: Date): Promise<ReleaseSeen[]> {
  const filter = { projectId, from: ALL_FROM, to };
  const w = rollupWindow(filterSql(filter), filter);
  const rows = await db.sql.query<{ release: string; environments: string[] }>(
    `SELECT rc."release", array_agg(DISTINCT rc."environment"::text) AS "environments"
       FROM ${cells(w, "run_rollups", { by: ["release", "environment"] })} rc GROUP BY rc."release"`,
    w.s.params.values,
  );
  if (rows.length === 0) return [];
  const seenOf = await firstAndLastRuns(db, projectId, ALL_FROM, to, rows.map((r) => r.release));
  const seen = byAppearance(
    rows.flatMap((r) => {
      const first = seenOf.get(r.release)?.firstSeenAt;
      return first == null ? [] : [{ release: r.release, firstSeenAt: iso(first), environments: envOrder(r.environments), previousRelease: null as string | null }];
    }),
  );
  for (let i = 1; i < seen.length; i++) seen[i].previousRelease = seen[i - 1].release;
  return seen.reverse();
}

// ---- gold-set results ----

type EvalRecord = { id: string; release: string; goldSet: string; passed: number; total: number; ranAt: Date; createdAt: Date };

export function toEvalItem(e: EvalRecord): EvalResultItem {
  return { id: e.id, release: e.release, goldSet: e.goldSet, passed: e.passed, total: e.total, passRate: e.passed / e.total, ranAt: e.ranAt.toISOString(), createdAt: e.createdAt.toISOString() };
}

/** A release's gold-set results, latest first (ranAt, then arrival). */
export async function listEvalResults(db: Db, projectId: string, release: string, limit = 100): Promise<EvalResultItem[]> {
  const rows = await db.prisma.evalResult.findMany({
    where: { projectId, release },
    orderBy: [{ ranAt: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map(toEvalItem);
}

// ---- thresholds ----

export async function getGateSettings(db: Db, projectId: string): Promise<GateSettingsResponse> {
  const s = await db.prisma.projectSettings.findUnique({ where: { projectId } });
  if (!s) return { ...DEFAULT_GATE_SETTINGS, updatedAt: null };
  return toGateSettingsResponse(s);
}

export function toGateSettingsResponse(s: GateSettings & { updatedAt: Date }): GateSettingsResponse {
  return {
    goldSetMinPassRate: s.goldSetMinPassRate,
    maxCriticalPolicyViolations: s.maxCriticalPolicyViolations,
    runP95TargetMs: s.runP95TargetMs,
    canaryEscalationMargin: s.canaryEscalationMargin,
    canaryConfidence: s.canaryConfidence,
    canaryLatencyTolerance: s.canaryLatencyTolerance,
    qualityDriftMargin: s.qualityDriftMargin,
    updatedAt: s.updatedAt.toISOString(),
  };
}
