import "server-only";
import type { Db } from "../../db/handle";
// Per-tool calls, error rate and latency percentiles (CONTRACT §3/§5) over the calls of the
// window's runs. Sorted by calls desc, then tool name in code-point order.
import { toolErrorRate, type ToolMetrics } from "@/lib/shared/metrics";
import { filterSql, toolCallsFromWhere, type MetricsFilter } from "./filter";
import { cells, metricsSource, NO_PERCENTILES, percentilesBy, rollupWindow, type MetricsOptions } from "./rollups";
import { percentileColumns, percentiles, toolCallCountColumns, type PercentileRow } from "./sql";

interface ToolRow extends PercentileRow {
  tool: string;
  calls: number;
  errors: number;
}

export async function getToolMetrics(db: Db, filter: MetricsFilter, opts?: MetricsOptions): Promise<ToolMetrics[]> {
  if (metricsSource(opts) === "raw") return (await toolRowsFromRaw(db, filter)).map(toolOf);
  const s = filterSql(filter);
  const [rows, latency] = await Promise.all([
    db.sql.query<Omit<ToolRow, keyof PercentileRow>>(
      `SELECT t."tool", coalesce(sum(t."calls"), 0)::int AS "calls", coalesce(sum(t."errors"), 0)::int AS "errors"
  FROM ${cells(rollupWindow(s, filter), "tool_rollups")} t
  GROUP BY t."tool"
  HAVING sum(t."calls") > 0
  ORDER BY "calls" DESC, t."tool" COLLATE "C" ASC`,
      s.params.values,
    ),
    percentilesBy(db, rollupWindow(filterSql(filter), filter), "tool_latency_sketch", `k."tool"`),
  ]);
  return rows.map((row) => toolOf(Object.assign(row, latency.get(row.tool) ?? NO_PERCENTILES)));
}

async function toolRowsFromRaw(db: Db, filter: MetricsFilter): Promise<ToolRow[]> {
  const s = filterSql(filter);
  return db.sql.query<ToolRow>(
    `SELECT tc."name" AS "tool",
    ${toolCallCountColumns("tc")},
    ${percentileColumns(`tc."latencyMs"`)}
  ${toolCallsFromWhere(s)}
  GROUP BY tc."name"
  ORDER BY "calls" DESC, tc."name" COLLATE "C" ASC`,
    s.params.values,
  );
}

function toolOf(row: ToolRow): ToolMetrics {
  return { tool: row.tool, calls: row.calls, errorRate: toolErrorRate(row), latencyMs: percentiles(row), errors: row.errors };
}
