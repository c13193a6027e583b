import "server-only";
// Per-tool calls, error rate and latency percentiles (CONTRACT §3/§5) over the calls of the
// window's runs. Sorted by calls desc, then tool name in code-point order.
import { ratio, type ToolMetrics } from "@/lib/shared/metrics";
import { filterSql, percentileColumns, percentiles, toolCallsFromWhere, type MetricsDb, type MetricsFilter, type PercentileRow } from "./filter";

interface ToolRow extends PercentileRow {
  tool: string;
  calls: number;
  errors: number;
}

export async function getToolMetrics(db: MetricsDb, filter: MetricsFilter): Promise<ToolMetrics[]> {
  const s = filterSql(filter);
  const rows = await db.sql.query<ToolRow>(
    `SELECT tc."name" AS "tool",
    count(*)::int AS "calls",
    count(*) FILTER (WHERE tc."status" <> 'ok')::int AS "errors",
    ${percentileColumns(`tc."latencyMs"`)}
  ${toolCallsFromWhere(s)}
  GROUP BY tc."name"
  ORDER BY "calls" DESC, tc."name" COLLATE "C" ASC`,
    s.params.values,
  );
  return rows.map((row) => ({
    tool: row.tool,
    calls: row.calls,
    errorRate: ratio(row.errors, row.calls),
    latencyMs: percentiles(row),
    errors: row.errors,
  }));
}
