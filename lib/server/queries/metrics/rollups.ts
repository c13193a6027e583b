import "server-only";
import type { Db } from "../../db/handle";
// Metrics from the rollups (issue 14). A window [from, to) reads its whole UTC days from a daily
// projection (when one keeps every dimension the query needs), its other whole UTC hours from the
// hourly tables and its partial hours at the edges from the raw rows, computed by the very
// aggregates that fill the rollups (lib/server/rollups/maintain.ts computeSelect), so the three
// parts mean the same thing and are merged by plain sums. Latency percentiles merge the cells' sketches
// bucket by bucket (lib/server/rollups/sketch.ts: within 0.8 % of percentile_cont); every other
// number is exact. KEEL_METRICS_SOURCE=raw (or { source: "raw" }) reads raw rows only, as before.
import { computeSelect, DAILY_TABLES, dayIsCurrent, HOURLY, rollupColumns, rollupTable, type DailyTable, type Dim, type Grain, type RollupTable } from "../../rollups/maintain";
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

const DAY_MS = 86_400_000;

/** The whole UTC days inside whole hours [from, to) (empty, from = to, when there are none). */
export function wholeDays(h: { from: Date; to: Date }): { from: Date; to: Date } {
  const df = Math.ceil(h.from.getTime() / DAY_MS) * DAY_MS;
  const dt = Math.floor(h.to.getTime() / DAY_MS) * DAY_MS;
  return df < dt ? { from: new Date(df), to: new Date(dt) } : { from: h.from, to: h.from };
}

/**
 * `$n` of the whole hours' bounds, added to the statement's parameters; `days()` adds the whole
 * days' bounds on first use (a statement may only carry parameters it uses).
 */
export interface RollupWindow {
  s: FilterSql;
  hourFrom: string;
  hourTo: string;
  days: () => { from: string; to: string };
}

export function rollupWindow(s: FilterSql, filter: MetricsFilter): RollupWindow {
  const h = wholeHours(filter.from, filter.to);
  let days: { from: string; to: string } | null = null;
  return {
    s,
    hourFrom: s.params.add(h.from),
    hourTo: s.params.add(h.to),
    days: () => {
      const d = wholeDays(h);
      return (days ??= { from: `${s.params.add(d.from)}::timestamptz`, to: `${s.params.add(d.to)}::timestamptz` });
    },
  };
}

export interface CellsOptions {
  /** Narrows every part (e.g. one tool): `rollup` over alias c, `raw` over r/tc. */
  extra?: { rollup: string; raw: string };
  /** Run dimensions the caller groups by or names in `extra`, besides those its filter narrows. */
  by?: readonly Dim[];
  /** Hourly rows only (a caller that buckets by hour, or by days that are not UTC days). */
  hourly?: boolean;
  /**
   * Adds a column "wholeDay": true on the rows of the daily projection when the filter pins every
   * dimension it keeps (so a day's session rows are distinct sessions), false on the others.
   */
  tagWholeDays?: boolean;
}

/** The first daily projection of a table that keeps every needed dimension, if any (DAILY_TABLES order). */
export function pickDaily(name: RollupTable["name"], need: readonly Dim[]): DailyTable | null {
  return DAILY_TABLES.find((d) => d.base === name && need.every((x) => d.dims.includes(x))) ?? null;
}

/**
 * The rows of a rollup table for the window and filter, as a subquery with the hourly table's
 * columns (the time column named "hour": a day's rows carry the day's first instant) minus the
 * dimensions the chosen projection drops: the whole days folded since their hours last changed
 * from the projection UNION ALL the other whole hours (the days not folded yet, and the hours at
 * the day edges) from the hourly table UNION ALL the partial hours computed from the raw runs.
 * One statement, so the days' currency and the rows read come from one snapshot.
 */
export function cells(w: RollupWindow, name: RollupTable["name"], opts: CellsOptions = {}): string {
  const t = rollupTable(name);
  const { s } = w;
  const { extra } = opts;
  const need = [...new Set([...s.dims, ...(opts.by ?? [])])];
  const daily = opts.hourly ? null : pickDaily(name, need);
  const g: Grain = daily ? { time: "hour", dims: daily.dims } : HOURLY;
  const cols = rollupColumns(t, g);
  const narrow = (a: string) => [...s.runColumns(a), ...(extra ? [a === "c" ? extra.rollup : extra.raw] : [])];
  const parts: string[] = [];
  const day = daily ? w.days() : null;
  const tag = opts.tagWholeDays ? `, false AS "wholeDay"` : "";
  const hourCols = cols.map((col) => `c.${col}`).join(", ");
  let withDays = "";
  if (daily && day) {
    // The window's whole days, split into those folded at their hours' latest revisions (read from
    // the projection) and the gaps between them (read from their hours, one index range per gap:
    // a window reaching back years before the data has one gap there, not one per day). OFFSET 0
    // keeps the subquery per gap: flattened into a join, the planner chose one pass over the whole
    // hourly table for a gap list it guessed at four rows and that was empty (1.4 s).
    withDays = `WITH "fresh" AS MATERIALIZED (
      SELECT fd."day" FROM "rollup_days" fd
       WHERE fd."projectId" = ${s.project} AND fd."day" >= ${day.from} AND fd."day" < ${day.to} AND ${dayIsCurrent("fd")}),
    "gaps" AS MATERIALIZED (
      SELECT g."from", g."to" FROM (
        SELECT coalesce(lag(f."day" + interval '24 hours') OVER (ORDER BY f."day"), ${day.from}) AS "from", f."day" AS "to"
          FROM (SELECT "day" FROM "fresh" UNION ALL SELECT ${day.to}) f) g
       WHERE g."from" < g."to")
    `;
    // A projection's rows are one per session only when the filter pins every dimension it keeps.
    const whole = daily.dims.every((d) => s.dims.includes(d));
    const dcols = [...cols.map((col) => (col === `"hour"` ? `c."day" AS "hour"` : `c.${col}`)), ...(opts.tagWholeDays ? [`${whole} AS "wholeDay"`] : [])];
    parts.push(`SELECT ${dcols.join(", ")} FROM "${daily.name}" c
      WHERE ${[`c."projectId" = ${s.project}`, `c."day" >= ${day.from}`, `c."day" < ${day.to}`, `c."day" IN (SELECT "day" FROM "fresh")`, ...narrow("c")].join(" AND ")}`);
    parts.push(`SELECT x.*${tag} FROM "gaps" gp CROSS JOIN LATERAL (SELECT ${hourCols} FROM "${name}" c
      WHERE ${[`c."projectId" = ${s.project}`, `c."hour" >= gp."from"`, `c."hour" < gp."to"`, ...narrow("c")].join(" AND ")} OFFSET 0) x`);
  }
  const hours = day
    ? `((c."hour" >= ${w.hourFrom} AND c."hour" < ${day.from}) OR (c."hour" >= ${day.to} AND c."hour" < ${w.hourTo}))`
    : `c."hour" >= ${w.hourFrom} AND c."hour" < ${w.hourTo}`;
  parts.push(`SELECT ${hourCols}${tag} FROM "${name}" c
    WHERE ${[`c."projectId" = ${s.project}`, hours, ...narrow("c")].join(" AND ")}`);
  // Two index ranges (the partial hour at each end; the whole window when it has no whole hour).
  const edges = [
    `r."projectId" = ${s.project}`,
    `((r."startedAt" >= ${s.from} AND r."startedAt" < ${w.hourFrom}) OR (r."startedAt" >= ${w.hourTo} AND r."startedAt" < ${s.to}))`,
    ...narrow("r"),
  ];
  parts.push(tag ? `SELECT e.*${tag} FROM (${computeSelect(t, edges.join(" AND "), "1", false, g)}) e` : computeSelect(t, edges.join(" AND "), "1", false, g));
  return `(${withDays}${parts.join("\n    UNION ALL\n    ")})`;
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
  opts: CellsOptions = {},
): Promise<Map<string, LatencyPercentiles>> {
  const rows = await db.sql.query<{ key: unknown; bucket: number; count: number | string; sum: number | string }>(
    `SELECT ${key} AS "key", k."bucket", sum(k."count")::float8 AS "count", sum(k."sumMs")::float8 AS "sum"
  FROM ${cells(w, table, opts)} k
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
