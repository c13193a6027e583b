import "server-only";
import type { Db } from "../../db/handle";
// The overview (CONTRACT §3/§5): one statement over the window's runs, its retried tool calls
// and the incidents opened in it. Also the weekly review's KPI object: a pure function of a filter.
import { incidentRatePer1k, runRates, type OverviewMetrics } from "@/lib/shared/metrics";
import { filterSql, incidentsWhere, runsWhere, type MetricsFilter } from "./filter";
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
  const [rows, latency] = await Promise.all([
    db.sql.query<Omit<OverviewRow, keyof PercentileRow>>(
      `SELECT ${runSumColumns("rc")},
    -- DISTINCT in a subquery may hash; count(DISTINCT) always sorts (2-3x slower on 200k sessions).
    (SELECT count(*)::int FROM (SELECT DISTINCT sh."sessionId" FROM ${cells(w, "session_hours")} sh WHERE sh."runs" > 0) ds) AS "sessions",
    (SELECT count(*)::int FROM "incidents" i WHERE ${incidentsWhere(s)}) AS "incidentsOpened"
  FROM ${cells(w, "run_rollups")} rc`,
      s.params.values,
    ),
    percentilesBy(db, rollupWindow(filterSql(filter), filter), "run_latency_sketch", "''"),
  ]);
  return overviewOf(Object.assign(rows[0], latency.get("") ?? NO_PERCENTILES));
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
