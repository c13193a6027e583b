import "server-only";
// The overview (CONTRACT §3/§5): one statement over the window's runs, its retried tool calls
// and the incidents opened in it. Also the weekly review's KPI object: a pure function of a filter.
import { ratio, type OverviewMetrics } from "@/lib/shared/metrics";
import { filterSql, incidentsWhere, num, percentileColumns, percentiles, runsWhere, toolCallsFromWhere, type MetricsDb, type MetricsFilter, type PercentileRow } from "./filter";

interface OverviewRow extends PercentileRow {
  runs: number;
  sessions: number;
  successes: number;
  escalations: number;
  failures: number;
  totalCostUsd: number | string;
  escalatedCostUsd: number | string;
  criticalPolicyViolations: number;
  retryCostUsd: number | string;
  incidentsOpened: number;
}

export async function getOverview(db: MetricsDb, filter: MetricsFilter): Promise<OverviewMetrics> {
  const s = filterSql(filter);
  const [row] = await db.sql.query<OverviewRow>(
    `SELECT
    count(*)::int AS "runs",
    count(DISTINCT r."sessionId")::int AS "sessions",
    count(*) FILTER (WHERE r."outcome" = 'success')::int AS "successes",
    count(*) FILTER (WHERE r."outcome" = 'escalated')::int AS "escalations",
    count(*) FILTER (WHERE r."outcome" = 'failure')::int AS "failures",
    coalesce(sum(r."costUsd"), 0)::float8 AS "totalCostUsd",
    coalesce(sum(r."costUsd" + coalesce(r."reviewCostUsd", 0)) FILTER (WHERE r."outcome" = 'escalated'), 0)::float8 AS "escalatedCostUsd",
    count(*) FILTER (WHERE r."outcome" = 'failure' AND r."failureCategory" = 'policy_violation' AND r."failureCritical")::int
      AS "criticalPolicyViolations",
    ${percentileColumns(`r."durationMs"`)},
    (SELECT coalesce(sum(tc."costUsd"), 0)::float8 ${toolCallsFromWhere(s, [`tc."retry"`])}) AS "retryCostUsd",
    (SELECT count(*)::int FROM "incidents" i WHERE ${incidentsWhere(s)}) AS "incidentsOpened"
  FROM "runs" r
  WHERE ${runsWhere(s)}`,
    s.params.values,
  );
  return toOverview(row);
}

function toOverview(row: OverviewRow): OverviewMetrics {
  const totalCostUsd = num(row.totalCostUsd) ?? 0;
  return {
    runs: row.runs,
    sessions: row.sessions,
    successRate: ratio(row.successes, row.runs),
    escalationRate: ratio(row.escalations, row.runs),
    failureRate: ratio(row.failures, row.runs),
    totalCostUsd,
    costPerSuccessUsd: ratio(totalCostUsd, row.successes),
    costPerEscalationUsd: ratio(num(row.escalatedCostUsd) ?? 0, row.escalations),
    retryCostUsd: num(row.retryCostUsd) ?? 0,
    incidentRatePer1kSessions: ratio(row.incidentsOpened * 1000, row.sessions),
    criticalPolicyViolations: row.criticalPolicyViolations,
    runLatencyMs: percentiles(row),
    successes: row.successes,
    escalations: row.escalations,
    failures: row.failures,
    incidentsOpened: row.incidentsOpened,
  };
}
