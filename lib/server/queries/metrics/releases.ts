import "server-only";
import type { Db } from "../../db/handle";
// Cost and outcomes by release (the cost page): same definitions as the overview, grouped by
// the run's release. Ordered by first run in the window, oldest first (the rollout order).
import { runRates, type ReleaseMetrics } from "@/lib/shared/metrics";
import { filterSql, iso, runsWhere, type MetricsFilter } from "./filter";
import { cells, metricsSource, rollupWindow, runSumColumns, type MetricsOptions } from "./rollups";
import { num, retryCostSelect, runTotals, runTotalsColumns, type RunTotalsRow } from "./sql";

interface ReleaseRow extends RunTotalsRow {
  release: string;
  retryCostUsd: number | string | null;
  firstRunAt: Date | string;
  lastRunAt: Date | string;
}

export async function getReleaseMetrics(db: Db, filter: MetricsFilter, opts?: MetricsOptions): Promise<ReleaseMetrics[]> {
  return (await (metricsSource(opts) === "raw" ? releaseRowsFromRaw(db, filter) : releaseRowsFromRollups(db, filter))).map(releaseOf);
}

/**
 * Sums from the rollups; a release's first and last run in the window are exact instants, read
 * from raw rows through the (projectId, release, startedAt) index, but only inside the release's
 * first and last cell (an hour or a day): a bounded range even when a filter skips most runs.
 */
async function releaseRowsFromRollups(db: Db, filter: MetricsFilter): Promise<ReleaseRow[]> {
  const s = filterSql(filter);
  const edge = (cell: string, dir: "ASC" | "DESC") =>
    `SELECT r."startedAt" FROM "runs" r WHERE ${runsWhere(s)} AND r."release" = agg."release"
       AND r."startedAt" >= agg."${cell}" AND r."startedAt" < agg."${cell}" + interval '1 day'
     ORDER BY r."startedAt" ${dir} LIMIT 1`;
  return db.sql.query<ReleaseRow>(
    `WITH agg AS (
    SELECT rc."release", ${runSumColumns("rc")}, min(rc."hour") FILTER (WHERE rc."runs" > 0) AS "firstCell",
      max(rc."hour") FILTER (WHERE rc."runs" > 0) AS "lastCell"
    FROM ${cells(rollupWindow(s, filter), "run_rollups", { by: ["release"] })} rc
    GROUP BY rc."release"
    HAVING sum(rc."runs") > 0
  )
  SELECT agg.*, (${edge("firstCell", "ASC")}) AS "firstRunAt", (${edge("lastCell", "DESC")}) AS "lastRunAt" FROM agg
  ORDER BY "firstRunAt" ASC, agg."release" COLLATE "C" ASC`,
    s.params.values,
  );
}

async function releaseRowsFromRaw(db: Db, filter: MetricsFilter): Promise<ReleaseRow[]> {
  const s = filterSql(filter);
  return db.sql.query<ReleaseRow>(
    `WITH retry AS (
    ${retryCostSelect(s, { key: `r."release"`, as: "release", joinRun: true })}
  ), agg AS (
    SELECT r."release",
      ${runTotalsColumns("r")},
      min(r."startedAt") AS "firstRunAt",
      max(r."startedAt") AS "lastRunAt"
    FROM "runs" r
    WHERE ${runsWhere(s)}
    GROUP BY r."release"
  )
  SELECT agg.*, retry."retryCostUsd" FROM agg LEFT JOIN retry ON retry."release" = agg."release"
  ORDER BY agg."firstRunAt" ASC, agg."release" COLLATE "C" ASC`,
    s.params.values,
  );
}

function releaseOf(row: ReleaseRow): ReleaseMetrics {
  const t = runTotals(row);
  const rates = runRates(t);
  return {
    release: row.release,
    runs: t.runs,
    successes: t.successes,
    escalations: t.escalations,
    successRate: rates.successRate,
    totalCostUsd: t.totalCostUsd,
    costPerSuccessUsd: rates.costPerSuccessUsd,
    costPerEscalationUsd: rates.costPerEscalationUsd,
    retryCostUsd: num(row.retryCostUsd) ?? 0,
    firstRunAt: iso(row.firstRunAt),
    lastRunAt: iso(row.lastRunAt),
  };
}
