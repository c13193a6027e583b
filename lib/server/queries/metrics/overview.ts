import "server-only";
import type { Db } from "../../db/handle";
// The overview (CONTRACT §3/§5): one statement over the window's runs, its retried tool calls
// and the incidents opened in it. Also the weekly review's KPI object: a pure function of a filter.
import { incidentRatePer1k, runRates, type OverviewMetrics } from "@/lib/shared/metrics";
import { filterSql, incidentsWhere, runsWhere, type FilterSql, type MetricsFilter } from "./filter";
import { cells, metricsSource, NO_PERCENTILES, percentilesBy, rollupWindow, runSumColumns, type MetricsOptions } from "./rollups";
import {
  criticalPolicyViolationsColumn,
  num,
  percentileColumns,
  percentiles,
  retryCostSelect,
  runTotals,
  runTotalsColumns,
  type PercentileRow,
  type RunTotalsRow,
} from "./sql";

/** The overview's columns as the driver returns them (also a trend bucket's, timeseries.ts). */
export interface OverviewRow extends RunTotalsRow, PercentileRow {
  sessions: number;
  criticalPolicyViolations: number;
  retryCostUsd: number | string | null;
  incidentsOpened: number;
}

export async function getOverview(db: Db, filter: MetricsFilter, opts?: MetricsOptions): Promise<OverviewMetrics> {
  if (metricsSource(opts) === "raw") return overviewFromRaw(db, filter);
  const s = filterSql(filter);
  const w = rollupWindow(s, filter);
  // DISTINCT in a subquery may hash; count(DISTINCT) always sorts (2-3x slower on 200k sessions).
  const distinct = `(SELECT count(*)::int FROM (SELECT DISTINCT sh."sessionId" FROM ${cells(w, "session_hours")} sh WHERE sh."runs" > 0) ds)`;
  const [rows, latency] = await Promise.all([
    db.sql.query<Omit<OverviewRow, keyof PercentileRow>>(
      `SELECT ${runSumColumns("rc")},
    ${s.releaseOnly ? releaseSessions(s, s.releaseOnly, distinct) : distinct} AS "sessions",
    (SELECT count(*)::int FROM "incidents" i WHERE ${incidentsWhere(s)}) AS "incidentsOpened"
  FROM ${cells(w, "run_rollups")} rc`,
      s.params.values,
    ),
    percentilesBy(db, rollupWindow(filterSql(filter), filter), "run_latency_sketch", "''"),
  ]);
  return overviewOf(Object.assign(rows[0], latency.get("") ?? NO_PERCENTILES));
}

/**
 * Distinct sessions of a release-only filter. When the window starts at or before the release's
 * first run, it holds every run of the release that starts before its end, so its sessions are the
 * release_sessions rows whose first run is before that end: one index range of the release's rows
 * rather than a distinct count over every day of its life (the review's since-release KPIs).
 * Otherwise `distinct`, which PostgreSQL then evaluates (an InitPlan runs only when reached).
 */
function releaseSessions(s: FilterSql, release: string, distinct: string): string {
  return `(SELECT CASE WHEN rs."first" >= ${s.from} THEN rs."n" ELSE ${distinct} END
    FROM (SELECT min(x."firstAt") AS "first", (count(*) FILTER (WHERE x."firstAt" < ${s.to}))::int AS "n"
            FROM "release_sessions" x WHERE x."projectId" = ${s.project} AND x."release" = ${release}) rs)`;
}

/** The overview from raw rows only (KEEL_METRICS_SOURCE=raw): the definitions the rollups must match. */
async function overviewFromRaw(db: Db, filter: MetricsFilter): Promise<OverviewMetrics> {
  const s = filterSql(filter);
  const [row] = await db.sql.query<OverviewRow>(
    `SELECT
    ${runTotalsColumns("r")},
    count(DISTINCT r."sessionId")::int AS "sessions",
    ${criticalPolicyViolationsColumn("r")},
    ${percentileColumns(`r."durationMs"`)},
    (${retryCostSelect(s)}) AS "retryCostUsd",
    (SELECT count(*)::int FROM "incidents" i WHERE ${incidentsWhere(s)}) AS "incidentsOpened"
  FROM "runs" r
  WHERE ${runsWhere(s)}`,
    s.params.values,
  );
  return overviewOf(row);
}

export function overviewOf(row: OverviewRow): OverviewMetrics {
  const t = runTotals(row);
  const rates = runRates(t);
  return {
    runs: t.runs,
    sessions: row.sessions,
    successRate: rates.successRate,
    escalationRate: rates.escalationRate,
    failureRate: rates.failureRate,
    totalCostUsd: t.totalCostUsd,
    costPerSuccessUsd: rates.costPerSuccessUsd,
    costPerEscalationUsd: rates.costPerEscalationUsd,
    retryCostUsd: num(row.retryCostUsd) ?? 0,
    incidentRatePer1kSessions: incidentRatePer1k(row.incidentsOpened, row.sessions),
    criticalPolicyViolations: row.criticalPolicyViolations,
    runLatencyMs: percentiles(row),
    successes: t.successes,
    escalations: t.escalations,
    failures: t.failures,
    incidentsOpened: row.incidentsOpened,
  };
}
