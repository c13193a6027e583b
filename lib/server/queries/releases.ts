import "server-only";
// Releases, gold-set results and gate thresholds: every number the gates and the releases
// pages read. Rates follow CONTRACT §3; percentiles are percentile_cont over durationMs.
import type { Database } from "../db";
import type { Db } from "../db/handle";
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
export async function getCohortStats(db: Db, projectId: string, f: CohortFilter): Promise<CohortWithViolations> {
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

/** True when the project has runs or gold-set results of this release (else the API answers 404). */
export async function releaseExists(db: Db, projectId: string, release: string): Promise<boolean> {
  const rows = await db.sql.query<{ found: boolean }>(
    `SELECT (EXISTS (SELECT 1 FROM runs WHERE "projectId" = $1 AND "release" = $2)
          OR EXISTS (SELECT 1 FROM eval_results WHERE "projectId" = $1 AND "release" = $2)) AS found`,
    [projectId, release],
  );
  return rows[0]?.found === true;
}

interface ReleaseRow extends CountsRow {
  release: string;
  firstSeenAt: Date | string | null;
  lastSeenAt: Date | string | null;
  environments: string[] | null;
  goldSet: string | null;
  passed: number | null;
  total: number | null;
  ranAt: Date | string | null;
}

/**
 * Every release seen in the project: from its runs (in [from, to) when given) and from its
 * gold-set results. Newest first by first run; releases with only evals come last.
 */
export async function listReleases(db: Db, projectId: string, w: { from?: Date; to?: Date }): Promise<ReleaseListItem[]> {
  const params: unknown[] = [projectId];
  const where = [`"projectId" = $1`];
  if (w.from) {
    params.push(w.from);
    where.push(`"startedAt" >= $${params.length}`);
  }
  if (w.to) {
    params.push(w.to);
    where.push(`"startedAt" < $${params.length}`);
  }
  const rows = await db.sql.query<ReleaseRow>(
    `WITH r AS (
       SELECT "release", min("startedAt") AS "firstSeenAt", max("startedAt") AS "lastSeenAt",
              array_agg(DISTINCT "environment"::text) AS environments, ${COUNTS}
       FROM runs run WHERE ${where.join(" AND ")} GROUP BY "release"
     ), e AS (
       SELECT DISTINCT ON ("release") "release", "goldSet", passed, total, "ranAt"
       FROM eval_results WHERE "projectId" = $1
       ORDER BY "release", "ranAt" DESC, "createdAt" DESC
     )
     SELECT coalesce(r."release", e."release") AS "release", r."firstSeenAt", r."lastSeenAt", r.environments,
            coalesce(r."runs", 0) AS "runs", coalesce(r."successes", 0) AS "successes", coalesce(r."escalations", 0) AS "escalations",
            coalesce(r."failures", 0) AS "failures", coalesce(r."criticalPolicyViolations", 0) AS "criticalPolicyViolations", r."p95",
            coalesce(r."totalCostUsd", 0)::float8 AS "totalCostUsd", coalesce(r."escalatedCostUsd", 0)::float8 AS "escalatedCostUsd",
            e."goldSet", e.passed, e.total, e."ranAt"
     FROM r FULL OUTER JOIN e ON e."release" = r."release"`,
    params,
  );

  const items = rows.map((row) => {
    const kpis = kpisOf(row);
    const item: ReleaseListItem = {
      release: row.release,
      firstSeenAt: row.firstSeenAt === null ? null : iso(row.firstSeenAt),
      lastSeenAt: row.lastSeenAt === null ? null : iso(row.lastSeenAt),
      environments: [...(row.environments ?? [])].sort((a, b) => ENV_ORDER.indexOf(a) - ENV_ORDER.indexOf(b)),
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

  // Order of appearance decides "previous": the release first seen just before.
  const withRuns = items
    .filter((i) => i.firstSeenAt !== null)
    .sort((a, b) => (a.firstSeenAt! < b.firstSeenAt! ? -1 : a.firstSeenAt! > b.firstSeenAt! ? 1 : a.release < b.release ? -1 : 1));
  for (let i = 1; i < withRuns.length; i++) {
    withRuns[i].previousRelease = withRuns[i - 1].release;
    withRuns[i].delta = kpiDelta(withRuns[i], withRuns[i - 1]);
  }
  const evalOnly = items.filter((i) => i.firstSeenAt === null).sort((a, b) => (a.release < b.release ? -1 : 1));
  return [...withRuns.reverse(), ...evalOnly];
}

// ---- gold-set results ----

type EvalRecord = { id: string; release: string; goldSet: string; passed: number; total: number; ranAt: Date; createdAt: Date };

export function toEvalItem(e: EvalRecord): EvalResultItem {
  return { id: e.id, release: e.release, goldSet: e.goldSet, passed: e.passed, total: e.total, passRate: e.passed / e.total, ranAt: e.ranAt.toISOString(), createdAt: e.createdAt.toISOString() };
}

/** A release's gold-set results, latest first (ranAt, then arrival). */
export async function listEvalResults(db: Database, projectId: string, release: string, limit = 100): Promise<EvalResultItem[]> {
  const rows = await db.prisma.evalResult.findMany({
    where: { projectId, release },
    orderBy: [{ ranAt: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map(toEvalItem);
}

// ---- thresholds ----

export async function getGateSettings(db: Database, projectId: string): Promise<GateSettingsResponse> {
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
    updatedAt: s.updatedAt.toISOString(),
  };
}
