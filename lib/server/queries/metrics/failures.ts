import "server-only";
import type { Db } from "../../db/handle";
// Top failure reasons (CONTRACT §3): failed runs grouped by (category, reason), count desc, then
// reason in code-point order (COLLATE "C", the same on every server locale), then category by
// name. share = count / all failures of the window (not only the listed ones). Counted from
// failure_rollups (whole days, whole hours, partial hours raw); KEEL_METRICS_SOURCE=raw counts runs.
import { ratio, type FailureReasonMetrics } from "@/lib/shared/metrics";
import { filterSql, runsWhere, type MetricsFilter } from "./filter";
import { cells, metricsSource, rollupWindow, type MetricsOptions } from "./rollups";

interface FailureRow {
  category: FailureReasonMetrics["category"];
  reason: string;
  count: number;
  failures: number;
}

export async function getTopFailureReasons(db: Db, filter: MetricsFilter, limit = 10, opts?: MetricsOptions): Promise<FailureReasonMetrics[]> {
  const s = filterSql(filter);
  const from =
    metricsSource(opts) === "raw"
      ? `(SELECT r."failureCategory" AS "category", r."failureReason" AS "reason", 1 AS "runs" FROM "runs" r
          WHERE ${runsWhere(s)} AND r."outcome" = 'failure') f`
      : `${cells(rollupWindow(s, filter), "failure_rollups")} f`;
  const lim = s.params.add(limit);
  const rows = await db.sql.query<FailureRow>(
    `SELECT f."category"::text AS "category", f."reason",
    sum(f."runs")::int AS "count",
    (sum(sum(f."runs")) OVER ())::int AS "failures"
  FROM ${from}
  GROUP BY f."category", f."reason"
  HAVING sum(f."runs") > 0
  ORDER BY "count" DESC, f."reason" COLLATE "C" ASC, f."category"::text COLLATE "C" ASC
  LIMIT ${lim}`,
    s.params.values,
  );
  return rows.map((row) => ({ category: row.category, reason: row.reason, count: row.count, share: ratio(row.count, row.failures) }));
}
