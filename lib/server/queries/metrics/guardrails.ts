import "server-only";
import type { Db } from "../../db/handle";
// Guardrails metrics (issue 17, docs/guardrails.md "Reading the numbers"): budget breaches
// (run_budget_breaches), blocked calls (tool_calls with status blocked), retry storms, loops and
// duplicate side effects (run_detections) of the window's runs. All three tables are written with the
// run at ingest, keyed by the run and carrying its start, so each read is one grouped pass over the
// window. The counts are exact (counted over runs, not cells); lib/shared/guardrails.ts fills the days
// and makes the rates.
import { assembleGuardrails, type BlockedRow, type BreachRow, type DetectionRow } from "@/lib/shared/guardrails";
import type { GuardrailsMetrics } from "@/lib/shared/api/guardrails";
import { filterSql, type FilterSql, type MetricsFilter } from "./filter";
import { cells, rollupWindow } from "./rollups";
import { num } from "./sql";

/** The UTC calendar day of an instant column. */
const utcDay = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

/** Rows of a table keyed by run (alias `a`) stored with the window's runs: the index's window. */
const storedInWindow = (s: FilterSql, a: string) => `${a}."projectId" = ${s.project} AND ${a}."runStartedAt" >= ${s.from} AND ${a}."runStartedAt" < ${s.to}`;

/**
 * The run of a row keyed by run (alias `a`), looked up by its primary key and narrowed by the
 * filter's run columns only (the window is already on the row's copy of the run's start). OFFSET 0
 * keeps it a lookup per row: flattened into a join, a planner without fresh statistics (right after a
 * bulk load on PostgreSQL) scans the project's runs once per row instead.
 */
const runOf = (s: FilterSql, a: string) =>
  `JOIN LATERAL (SELECT r."workflow", r."outcome" FROM "runs" r
      WHERE r."pk" = ${a}."runPk" AND r."projectId" = ${a}."projectId"${s.runColumns("r").map((c) => ` AND ${c}`).join("")} OFFSET 0) r ON true`;

type Numeric = number | string | null;

export async function getGuardrailMetrics(db: Db, filter: MetricsFilter): Promise<GuardrailsMetrics> {
  const [breaches, breachesByLimit, blocked, detections] = await Promise.all([
    breachRows(db, filter),
    breachLimitRows(db, filter),
    blockedRows(db, filter),
    detectionRows(db, filter),
  ]);
  return assembleGuardrails({ from: filter.from, to: filter.to, breaches, breachesByLimit, blocked, detections });
}

/**
 * Runs per workflow, release and UTC day from the rollups (whole days and hours stored, the
 * partial hours raw), and the breaching runs from run_budget_breaches (few rows) with their run
 * looked up by key: no pass over every run of the window.
 */
async function breachRows(db: Db, filter: MetricsFilter): Promise<BreachRow[]> {
  const s = filterSql(filter);
  const w = rollupWindow(s, filter);
  const rows = await db.sql.query<Omit<BreachRow, "breachingCostUsd"> & { breachingCostUsd: Numeric }>(
    `WITH x AS (
    SELECT rc."workflow", rc."release", ${utcDay(`rc."hour"`)} AS "day", rc."runs", 0 AS "breaching", 0::numeric AS "cost"
    FROM ${cells(w, "run_rollups", { by: ["workflow", "release"] })} rc
    UNION ALL
    SELECT r."workflow", r."release", ${utcDay(`b."runStartedAt"`)}, 0, 1, r."costUsd"
    FROM (SELECT DISTINCT b."projectId", b."runPk", b."runStartedAt" FROM "run_budget_breaches" b WHERE ${storedInWindow(s, "b")}) b
    JOIN LATERAL (SELECT r."workflow", r."release", r."costUsd" FROM "runs" r
      WHERE r."pk" = b."runPk" AND r."projectId" = b."projectId"${s.runColumns("r").map((c) => ` AND ${c}`).join("")} OFFSET 0) r ON true
  )
  SELECT x."workflow", x."release", x."day",
    coalesce(sum(x."runs"), 0)::int AS "runs", coalesce(sum(x."breaching"), 0)::int AS "breachingRuns",
    coalesce(sum(x."cost"), 0)::float8 AS "breachingCostUsd"
  FROM x
  GROUP BY GROUPING SETS ((), (x."workflow"), (x."release"), (x."day"))`,
    s.params.values,
  );
  return rows.map((r) => ({ ...r, breachingCostUsd: num(r.breachingCostUsd) ?? 0 }));
}

async function breachLimitRows(db: Db, filter: MetricsFilter): Promise<{ limit: string; runs: number }[]> {
  const s = filterSql(filter);
  return db.sql.query<{ limit: string; runs: number }>(
    `SELECT b."limit"::text AS "limit", count(DISTINCT b."runPk")::int AS "runs"
  FROM "run_budget_breaches" b ${runOf(s, "b")}
  WHERE ${storedInWindow(s, "b")}
  GROUP BY 1`,
    s.params.values,
  );
}

async function blockedRows(db: Db, filter: MetricsFilter): Promise<BlockedRow[]> {
  const s = filterSql(filter);
  const rows = await db.sql.query<Omit<BlockedRow, "set"> & { gt: number; gd: number; go: number }>(
    `WITH bc AS (
    SELECT tc."runPk", tc."name", tc."errorType", r."workflow", r."outcome"::text AS "outcome", ${utcDay(`tc."runStartedAt"`)} AS "day"
    FROM "tool_calls" tc ${runOf(s, "tc")}
    WHERE ${storedInWindow(s, "tc")} AND tc."status" = 'blocked'
  )
  SELECT GROUPING(bc."name")::int AS "gt", GROUPING(bc."day")::int AS "gd", GROUPING(bc."outcome")::int AS "go",
    bc."name" AS "tool", bc."errorType", bc."workflow", bc."day", bc."outcome",
    count(*)::int AS "calls", count(DISTINCT bc."runPk")::int AS "runs"
  FROM bc
  GROUP BY GROUPING SETS ((), (bc."name", bc."errorType", bc."workflow"), (bc."day"), (bc."outcome"))`,
    s.params.values,
  );
  return rows.map(({ gt, gd, go, ...r }) => ({ ...r, set: gt === 0 ? "tool" : gd === 0 ? "day" : go === 0 ? "outcome" : "total" }));
}

async function detectionRows(db: Db, filter: MetricsFilter): Promise<DetectionRow[]> {
  const s = filterSql(filter);
  const rows = await db.sql.query<Omit<DetectionRow, "set" | "wastedCostUsd"> & { gw: number; gt: number; gd: number; wastedCostUsd: Numeric }>(
    `WITH x AS (
    SELECT d."runPk", d."kind"::text AS "kind", d."tool", d."count", d."wastedCostUsd", r."workflow", ${utcDay(`d."runStartedAt"`)} AS "day"
    FROM "run_detections" d ${runOf(s, "d")}
    WHERE ${storedInWindow(s, "d")}
  )
  SELECT GROUPING(x."workflow")::int AS "gw", GROUPING(x."tool")::int AS "gt", GROUPING(x."day")::int AS "gd",
    x."kind", x."workflow", x."tool", x."day",
    count(DISTINCT x."runPk")::int AS "runs", count(*)::int AS "detections",
    coalesce(sum(x."wastedCostUsd"), 0)::float8 AS "wastedCostUsd", coalesce(sum(x."count" - 1), 0)::int AS "extraEffects"
  FROM x
  GROUP BY GROUPING SETS ((x."kind"), (x."kind", x."workflow"), (x."kind", x."tool"), (x."kind", x."day"))`,
    s.params.values,
  );
  return rows.map(({ gw, gt, gd, ...r }) => ({
    ...r,
    wastedCostUsd: num(r.wastedCostUsd) ?? 0,
    set: gw === 0 ? "workflow" : gt === 0 ? "tool" : gd === 0 ? "day" : "kind",
  }));
}
