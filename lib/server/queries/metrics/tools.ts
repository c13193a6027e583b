import "server-only";
import type { Db } from "../../db/handle";
// Per-tool calls, error rate and latency percentiles (CONTRACT §3/§5) over the calls of the
// window's runs. Sorted by calls desc, then tool name in code-point order.
import { toolErrorRate, type ToolMetrics } from "@/lib/shared/metrics";
import { filterSql, toolCallsFromWhere, type MetricsFilter } from "./filter";
import { percentileColumns, percentiles, toolCallCountColumns, type PercentileRow } from "./sql";

interface ToolRow extends PercentileRow {
  tool: string;
  calls: number;
  errors: number;
}

export async function getToolMetrics(db: Db, filter: MetricsFilter): Promise<ToolMetrics[]> {
  const s = filterSql(filter);
  const rows = await db.sql.query<ToolRow>(
    `SELECT tc."name" AS "tool",
    ${toolCallCountColumns("tc")},
    ${percentileColumns(`tc."latencyMs"`)}
  ${toolCallsFromWhere(s)}
  GROUP BY tc."name"
  ORDER BY "calls" DESC, tc."name" COLLATE "C" ASC`,
    s.params.values,
  );
  return rows.map((row) => ({
    tool: row.tool,
    calls: row.calls,
    errorRate: toolErrorRate(row),
    latencyMs: percentiles(row),
    errors: row.errors,
  }));
}
