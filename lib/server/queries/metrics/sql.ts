import "server-only";
// The KPI columns of CONTRACT §3, written once: every metric query, the releases list and the
// gates' cohorts select these fragments and turn the row into numbers here; the rates are then
// made by lib/shared/metrics (runRates), so a definition cannot drift between two pages.
// Fragments take the alias of the runs (or tool calls) they aggregate; column names are fixed.
import type { FilterSql } from "./filter";
import { toolCallsFromWhere } from "./filter";
import type { LatencyPercentiles, OutcomeCounts, RunTotals } from "@/lib/shared/metrics";

const list = (cols: string[]) => cols.join(",\n    ");

/** "runs", "successes", "escalations", "failures" of runs `a`. */
export function outcomeCountColumns(a = "r"): string {
  return list([
    `count(*)::int AS "runs"`,
    `count(*) FILTER (WHERE ${a}."outcome" = 'success')::int AS "successes"`,
    `count(*) FILTER (WHERE ${a}."outcome" = 'escalated')::int AS "escalations"`,
    `count(*) FILTER (WHERE ${a}."outcome" = 'failure')::int AS "failures"`,
  ]);
}

/**
 * The outcome counts plus "totalCostUsd" (all spend) and "escalatedCostUsd" (escalated runs' cost
 * plus their human review): the totals behind runRates.
 */
export function runTotalsColumns(a = "r"): string {
  return list([
    outcomeCountColumns(a),
    `coalesce(sum(${a}."costUsd"), 0)::float8 AS "totalCostUsd"`,
    `coalesce(sum(${a}."costUsd" + coalesce(${a}."reviewCostUsd", 0)) FILTER (WHERE ${a}."outcome" = 'escalated'), 0)::float8 AS "escalatedCostUsd"`,
  ]);
}

/** "criticalPolicyViolations": failed runs with category policy_violation and critical = true. */
export function criticalPolicyViolationsColumn(a = "r"): string {
  return `count(*) FILTER (WHERE ${a}."outcome" = 'failure' AND ${a}."failureCategory" = 'policy_violation' AND ${a}."failureCritical")::int
      AS "criticalPolicyViolations"`;
}

/** "calls" and "errors" (status other than ok) of tool calls `a`. */
export function toolCallCountColumns(a = "tc"): string {
  return list([`count(*)::int AS "calls"`, `count(*) FILTER (WHERE ${a}."status" <> 'ok')::int AS "errors"`]);
}

/**
 * "retryCostUsd" of the window's tool calls with retry = true (CONTRACT §3), as a SELECT: one
 * number, or one row per `by` key (named `by.as`; `joinRun` when the key is a run column).
 * Without rows the sum is NULL; runTotals-style readers take it as 0.
 */
export function retryCostSelect(s: FilterSql, by?: { key: string; as: string; joinRun?: boolean }): string {
  const from = toolCallsFromWhere(s, [`tc."retry"`], { joinRun: by?.joinRun === true });
  if (!by) return `SELECT sum(tc."costUsd")::float8 AS "retryCostUsd" ${from}`;
  return `SELECT ${by.key} AS "${by.as}", sum(tc."costUsd")::float8 AS "retryCostUsd" ${from}
    GROUP BY 1`;
}

/** percentile_cont (linear interpolation, CONTRACT §3) of an expression: "p50", "p95", "p99" by default. */
export function percentileColumns(expr: string, quantiles: readonly (0.5 | 0.95 | 0.99)[] = [0.5, 0.95, 0.99]): string {
  return quantiles.map((q) => `percentile_cont(${q}) WITHIN GROUP (ORDER BY ${expr}) AS "p${Math.round(q * 100)}"`).join(",\n    ");
}

/** Drivers may hand numerics back as strings; null stays null (no data). */
export function num(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  return typeof v === "number" ? v : Number(v);
}

export interface PercentileRow {
  p50: number | string | null;
  p95: number | string | null;
  p99: number | string | null;
}

export function percentiles(row: PercentileRow): LatencyPercentiles {
  return { p50: num(row.p50), p95: num(row.p95), p99: num(row.p99) };
}

/** A row carrying runTotalsColumns, as the driver returns it. */
export interface RunTotalsRow extends OutcomeCounts {
  totalCostUsd: number | string;
  escalatedCostUsd: number | string;
}

export function runTotals(row: RunTotalsRow): RunTotals {
  return {
    runs: row.runs,
    successes: row.successes,
    escalations: row.escalations,
    failures: row.failures,
    totalCostUsd: num(row.totalCostUsd) ?? 0,
    escalatedCostUsd: num(row.escalatedCostUsd) ?? 0,
  };
}
