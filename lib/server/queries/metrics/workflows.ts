import "server-only";
// Per-workflow outcome rates, cost and run latency (CONTRACT §5), sorted by runs desc, then
// workflow name in code-point order so ties are stable.
import { ratio, type WorkflowMetrics } from "@/lib/shared/metrics";
import { filterSql, num, percentileColumns, percentiles, runsWhere, toolCallsFromWhere, type MetricsDb, type MetricsFilter, type PercentileRow } from "./filter";

interface WorkflowRow extends PercentileRow {
  workflow: string;
  runs: number;
  successes: number;
  escalations: number;
  failures: number;
  totalCostUsd: number | string;
  escalatedCostUsd: number | string;
  retryCostUsd: number | string | null;
}

export async function getWorkflowMetrics(db: MetricsDb, filter: MetricsFilter): Promise<WorkflowMetrics[]> {
  const s = filterSql(filter);
  const rows = await db.sql.query<WorkflowRow>(
    `WITH retry AS (
    SELECT r."workflow", sum(tc."costUsd")::float8 AS "retryCostUsd" ${toolCallsFromWhere(s, [`tc."retry"`], { joinRun: true })}
    GROUP BY r."workflow"
  ), agg AS (
    SELECT r."workflow",
      count(*)::int AS "runs",
      count(*) FILTER (WHERE r."outcome" = 'success')::int AS "successes",
      count(*) FILTER (WHERE r."outcome" = 'escalated')::int AS "escalations",
      count(*) FILTER (WHERE r."outcome" = 'failure')::int AS "failures",
      coalesce(sum(r."costUsd"), 0)::float8 AS "totalCostUsd",
      coalesce(sum(r."costUsd" + coalesce(r."reviewCostUsd", 0)) FILTER (WHERE r."outcome" = 'escalated'), 0)::float8 AS "escalatedCostUsd",
      ${percentileColumns(`r."durationMs"`)}
    FROM "runs" r
    WHERE ${runsWhere(s)}
    GROUP BY r."workflow"
  )
  SELECT agg.*, retry."retryCostUsd" FROM agg LEFT JOIN retry ON retry."workflow" = agg."workflow"
  ORDER BY agg."runs" DESC, agg."workflow" COLLATE "C" ASC`,
    s.params.values,
  );
  return rows.map((row) => {
    const totalCostUsd = num(row.totalCostUsd) ?? 0;
    return {
      workflow: row.workflow,
      runs: row.runs,
      successRate: ratio(row.successes, row.runs),
      escalationRate: ratio(row.escalations, row.runs),
      failureRate: ratio(row.failures, row.runs),
      totalCostUsd,
      costPerSuccessUsd: ratio(totalCostUsd, row.successes),
      runLatencyMs: percentiles(row),
      successes: row.successes,
      escalations: row.escalations,
      failures: row.failures,
      costPerEscalationUsd: ratio(num(row.escalatedCostUsd) ?? 0, row.escalations),
      retryCostUsd: num(row.retryCostUsd) ?? 0,
    };
  });
}
