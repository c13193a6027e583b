import "server-only";
// Cost and outcomes by release (the cost page): same definitions as the overview, grouped by
// the run's release. Ordered by first run in the window, oldest first (the rollout order).
import { ratio, type ReleaseMetrics } from "@/lib/shared/metrics";
import { filterSql, iso, num, runsWhere, toolCallsFromWhere, type MetricsDb, type MetricsFilter } from "./filter";

interface ReleaseRow {
  release: string;
  runs: number;
  successes: number;
  escalations: number;
  totalCostUsd: number | string;
  escalatedCostUsd: number | string;
  retryCostUsd: number | string | null;
  firstRunAt: Date | string;
  lastRunAt: Date | string;
}

export async function getReleaseMetrics(db: MetricsDb, filter: MetricsFilter): Promise<ReleaseMetrics[]> {
  const s = filterSql(filter);
  const rows = await db.sql.query<ReleaseRow>(
    `WITH retry AS (
    SELECT r."release", sum(tc."costUsd")::float8 AS "retryCostUsd" ${toolCallsFromWhere(s, [`tc."retry"`], { joinRun: true })}
    GROUP BY r."release"
  ), agg AS (
    SELECT r."release",
      count(*)::int AS "runs",
      count(*) FILTER (WHERE r."outcome" = 'success')::int AS "successes",
      count(*) FILTER (WHERE r."outcome" = 'escalated')::int AS "escalations",
      coalesce(sum(r."costUsd"), 0)::float8 AS "totalCostUsd",
      coalesce(sum(r."costUsd" + coalesce(r."reviewCostUsd", 0)) FILTER (WHERE r."outcome" = 'escalated'), 0)::float8 AS "escalatedCostUsd",
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
  return rows.map((row) => {
    const totalCostUsd = num(row.totalCostUsd) ?? 0;
    return {
      release: row.release,
      runs: row.runs,
      successes: row.successes,
      escalations: row.escalations,
      successRate: ratio(row.successes, row.runs),
      totalCostUsd,
      costPerSuccessUsd: ratio(totalCostUsd, row.successes),
      costPerEscalationUsd: ratio(num(row.escalatedCostUsd) ?? 0, row.escalations),
      retryCostUsd: num(row.retryCostUsd) ?? 0,
      firstRunAt: iso(row.firstRunAt),
      lastRunAt: iso(row.lastRunAt),
    };
  });
}
