import "server-only";
import type { Db } from "../../db/handle";
// Per-workflow outcome rates, cost and run latency (CONTRACT §5), sorted by runs desc, then
// workflow name in code-point order so ties are stable.
import { runRates, type WorkflowMetrics } from "@/lib/shared/metrics";
import { filterSql, runsWhere, type MetricsFilter } from "./filter";
import { cells, metricsSource, NO_PERCENTILES, percentilesBy, rollupWindow, runSumColumns, type MetricsOptions } from "./rollups";
import { num, percentileColumns, percentiles, retryCostSelect, runTotals, runTotalsColumns, type PercentileRow, type RunTotalsRow } from "./sql";

interface WorkflowRow extends RunTotalsRow, PercentileRow {
  workflow: string;
  retryCostUsd: number | string | null;
}

export async function getWorkflowMetrics(db: Db, filter: MetricsFilter, opts?: MetricsOptions): Promise<WorkflowMetrics[]> {
  if (metricsSource(opts) === "raw") return (await workflowRowsFromRaw(db, filter)).map(workflowOf);
  const s = filterSql(filter);
  const [rows, latency] = await Promise.all([
    db.sql.query<Omit<WorkflowRow, keyof PercentileRow>>(
      `SELECT rc."workflow", ${runSumColumns("rc")}
  FROM ${cells(rollupWindow(s, filter), "run_rollups", { by: ["workflow"] })} rc
  GROUP BY rc."workflow"
  HAVING sum(rc."runs") > 0
  ORDER BY "runs" DESC, rc."workflow" COLLATE "C" ASC`,
      s.params.values,
    ),
    percentilesBy(db, rollupWindow(filterSql(filter), filter), "run_latency_sketch", `k."workflow"`, { by: ["workflow"] }),
  ]);
  return rows.map((row) => workflowOf(Object.assign(row, latency.get(row.workflow) ?? NO_PERCENTILES)));
}

async function workflowRowsFromRaw(db: Db, filter: MetricsFilter): Promise<WorkflowRow[]> {
  const s = filterSql(filter);
  return db.sql.query<WorkflowRow>(
    `WITH retry AS (
    ${retryCostSelect(s, { key: `r."workflow"`, as: "workflow", joinRun: true })}
  ), agg AS (
    SELECT r."workflow",
      ${runTotalsColumns("r")},
      ${percentileColumns(`r."durationMs"`)}
    FROM "runs" r
    WHERE ${runsWhere(s)}
    GROUP BY r."workflow"
  )
  SELECT agg.*, retry."retryCostUsd" FROM agg LEFT JOIN retry ON retry."workflow" = agg."workflow"
  ORDER BY agg."runs" DESC, agg."workflow" COLLATE "C" ASC`,
    s.params.values,
  );
}

function workflowOf(row: WorkflowRow): WorkflowMetrics {
  const t = runTotals(row);
  const rates = runRates(t);
  return {
    workflow: row.workflow,
    runs: t.runs,
    successRate: rates.successRate,
    escalationRate: rates.escalationRate,
    failureRate: rates.failureRate,
    totalCostUsd: t.totalCostUsd,
    costPerSuccessUsd: rates.costPerSuccessUsd,
    runLatencyMs: percentiles(row),
    successes: t.successes,
    escalations: t.escalations,
    failures: t.failures,
    costPerEscalationUsd: rates.costPerEscalationUsd,
    retryCostUsd: num(row.retryCostUsd) ?? 0,
  };
}
