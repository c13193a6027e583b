import "server-only";
import type { Db } from "../../db/handle";
// Top failure reasons (CONTRACT §3): failed runs grouped by (category, reason), count desc, then
// reason in code-point order (COLLATE "C", the same on every server locale), then category by
// name. share = count / all failures of the window (not only the listed ones).
import { ratio, type FailureReasonMetrics } from "@/lib/shared/metrics";
import { filterSql, runsWhere, type MetricsFilter } from "./filter";

interface FailureRow {
  category: FailureReasonMetrics["category"];
  reason: string;
  count: number;
  failures: number;
}

export async function getTopFailureReasons(db: Db, filter: MetricsFilter, limit = 10): Promise<FailureReasonMetrics[]> {
  const s = filterSql(filter);
  const lim = s.params.add(limit);
  const rows = await db.sql.query<FailureRow>(
    `SELECT r."failureCategory"::text AS "category", r."failureReason" AS "reason",
    count(*)::int AS "count",
    (sum(count(*)) OVER ())::int AS "failures"
  FROM "runs" r
  WHERE ${runsWhere(s)} AND r."outcome" = 'failure'
  GROUP BY r."failureCategory", r."failureReason"
  ORDER BY "count" DESC, r."failureReason" COLLATE "C" ASC, r."failureCategory"::text COLLATE "C" ASC
  LIMIT ${lim}`,
    s.params.values,
  );
  return rows.map((row) => ({ category: row.category, reason: row.reason, count: row.count, share: ratio(row.count, row.failures) }));
}
