import "server-only";
import type { Db } from "../../db/handle";
// Metrics from the hourly rollups (issue 14). A window [from, to) reads its whole UTC hours from
// the rollup tables and its partial hours at the edges from the raw rows, computed by the very
// aggregates that fill the rollups (lib/server/rollups/maintain.ts computeSelect), so both halves
// mean the same thing and are merged by plain sums. Latency percentiles merge the cells' sketches
// bucket by bucket (lib/server/rollups/sketch.ts: within 0.8 % of percentile_cont); every other
// number is exact. KEEL_METRICS_SOURCE=raw (or { source: "raw" }) reads raw rows only, as before.
import { computeSelect, rollupColumns, ROLLUP_TABLES, type RollupTable } from "../../rollups/maintain";
import { mergeBuckets, sketchPercentiles, type Sketch } from "../../rollups/sketch";
import type { FilterSql, MetricsFilter } from "./filter";
import type { LatencyPercentiles } from "@/lib/shared/metrics";

export type MetricsSource = "rollup" | "raw";

export interface MetricsOptions {
  /** Default: KEEL_METRICS_SOURCE (`raw` or `rollup`), else rollup. */
  source?: MetricsSource;
}

export function metricsSource(opts?: MetricsOptions): MetricsSource {
  return opts?.source ?? (process.env.KEEL_METRICS_SOURCE === "raw" ? "raw" : "rollup");
}

const HOUR_MS = 3_600_000;

/** The whole UTC hours inside [from, to) (empty, from = to, when there are none). */
export function wholeHours(from: Date, to: Date): { from: Date; to: Date } {
  const hf = Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS;
  const ht = Math.floor(to.getTime() / HOUR_MS) * HOUR_MS;
  return hf < ht ? { from: new Date(hf), to: new Date(ht) } : { from, to: from };
}

/** `$n` of the whole hours' bounds, added to the statement's parameters. */
export interface RollupWindow {
  s: FilterSql;
  hourFrom: string;
  hourTo: string;
}

export function rollupWindow(s: FilterSql, filter: MetricsFilter): RollupWindow {
  const h = wholeHours(filter.from, filter.to);
  return { s, hourFrom: s.params.add(h.from), hourTo: s.params.add(h.to) };
}

/**
 * The rows of a rollup table for the window and filter, as a subquery: the stored cells of the
 * whole hours UNION ALL the same rows computed from the raw runs of the partial hours. `extra`
 * narrows both halves (e.g. one tool): `rollup` over alias c, `raw` over r/tc.
 */
export function cells(w: RollupWindow, name: RollupTable["name"], extra?: { rollup: string; raw: string }): string {
  const t = ROLLUP_TABLES.find((x) => x.name === name)!;
  const { s } = w;
  const stored = [
    `c."projectId" = ${s.project}`,
    `c."hour" >= ${w.hourFrom}`,
    `c."hour" < ${w.hourTo}`,
    ...s.runColumns("c"),
    ...(extra ? [extra.rollup] : []),
  ];
  // Two index ranges (the partial hour at each end; the whole window when it has no whole hour).
  const edges = [
    `r."projectId" = ${s.project}`,
    `((r."startedAt" >= ${s.from} AND r."startedAt" < ${w.hourFrom}) OR (r."startedAt" >= ${w.hourTo} AND r."startedAt" < ${s.to}))`,
    ...s.runColumns("r"),
    ...(extra ? [extra.raw] : []),
  ];
  return `(SELECT ${rollupColumns(t)
    .map((col) => `c.${col}`)
    .join(", ")} FROM "${name}" c WHERE ${stored.join(" AND ")}
    UNION ALL
    ${computeSelect(t, edges.join(" AND "), "1", false)})`;
}

/** Sums of run_rollups cells `rc` (a RunTotalsRow plus critical violations, categories, retry cost). */
export function runSumColumns(a = "rc"): string {
  const int = (col: string, as = col) => `coalesce(sum(${a}."${col}"), 0)::int AS "${as}"`;
  const usd = (col: string) => `coalesce(sum(${a}."${col}"), 0)::float8 AS "${col}"`;
  return [
    int("runs"),
    int("successes"),
    int("escalations"),
    int("failures"),
    int("criticalPolicyViolations"),
    int("toolErrorFailures", "tool_error"),
    int("policyViolationFailures", "policy_violation"),
    int("contextFailures", "context_failure"),
    int("modelFailures", "model_failure"),
    usd("totalCostUsd"),
    usd("escalatedCostUsd"),
    usd("retryCostUsd"),
  ].join(",\n    ");
}

/**
 * Merged latency sketches of the window, one per key (`key` an expression over the sketch rows
 * `k`, e.g. k."workflow"; a timestamp key is keyed by its ISO string), as p50/p95/p99.
 */
export async function percentilesBy(
  db: Db,
  w: RollupWindow,
  table: "run_latency_sketch" | "tool_latency_sketch",
  key: string,
  extra?: { rollup: string; raw: string },
): Promise<Map<string, LatencyPercentiles>> {
  const rows = await db.sql.query<{ key: unknown; bucket: number; count: number | string; sum: number | string }>(
    `SELECT ${key} AS "key", k."bucket", sum(k."count")::float8 AS "count", sum(k."sumMs")::float8 AS "sum"
  FROM ${cells(w, table, extra)} k
  GROUP BY 1, 2`,
    w.s.params.values,
  );
  const sketches = new Map<string, Sketch>();
  for (const row of rows) {
    const k = keyString(row.key);
    let sk = sketches.get(k);
    if (!sk) sketches.set(k, (sk = new Map()));
    mergeBuckets([{ index: row.bucket, count: Number(row.count), sum: Number(row.sum) }], sk);
  }
  return new Map([...sketches].map(([k, sk]) => [k, sketchPercentiles(sk)]));
}

export function keyString(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

export const NO_PERCENTILES: LatencyPercentiles = { p50: null, p95: null, p99: null };
