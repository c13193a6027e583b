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
import { filterSql, runsWhere, type FilterSql, type MetricsFilter } from "./filter";
import { num } from "./sql";

/** The window's runs as a CTE `w`: the run's key, the columns grouped by, its UTC day. */
const windowRuns = (s: FilterSql) => `w AS (
    SELECT r."pk", r."workflow", r."release", r."outcome"::text AS "outcome", r."costUsd",
      to_char(r."startedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "day"
    FROM "runs" r WHERE ${runsWhere(s)}
  )`;

/** Rows of a table keyed by run (alias `a`) stored with the window's runs: the index's window. */
const storedInWindow = (s: FilterSql, a: string) => `${a}."projectId" = ${s.project} AND ${a}."runStartedAt" >= ${s.from} AND ${a}."runStartedAt" < ${s.to}`;

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

async function breachRows(db: Db, filter: MetricsFilter): Promise<BreachRow[]> {
  const s = filterSql(filter);
  const rows = await db.sql.query<Omit<BreachRow, "breachingCostUsd"> & { breachingCostUsd: Numeric }>(
    `WITH ${windowRuns(s)},
  br AS (SELECT DISTINCT b."runPk" FROM "run_budget_breaches" b WHERE ${storedInWindow(s, "b")})
  SELECT w."workflow", w."release", w."day",
    count(*)::int AS "runs", count(br."runPk")::int AS "breachingRuns",
    coalesce(sum(w."costUsd") FILTER (WHERE br."runPk" IS NOT NULL), 0)::float8 AS "breachingCostUsd"
  FROM w LEFT JOIN br ON br."runPk" = w."pk"
  GROUP BY GROUPING SETS ((), (w."workflow"), (w."release"), (w."day"))`,
    s.params.values,
  );
  return rows.map((r) => ({ ...r, breachingCostUsd: num(r.breachingCostUsd) ?? 0 }));
}

async function breachLimitRows(db: Db, filter: MetricsFilter): Promise<{ limit: string; runs: number }[]> {
  const s = filterSql(filter);
  return db.sql.query<{ limit: string; runs: number }>(
    `WITH ${windowRuns(s)}
  SELECT b."limit"::text AS "limit", count(DISTINCT b."runPk")::int AS "runs"
  FROM "run_budget_breaches" b JOIN w ON w."pk" = b."runPk"
  WHERE ${storedInWindow(s, "b")}
  GROUP BY 1`,
    s.params.values,
  );
}

async function blockedRows(db: Db, filter: MetricsFilter): Promise<BlockedRow[]> {
  const s = filterSql(filter);
  const rows = await db.sql.query<Omit<BlockedRow, "set"> & { gt: number; gd: number; go: number }>(
    `WITH ${windowRuns(s)},
  bc AS (SELECT tc."runPk", tc."name", tc."errorType" FROM "tool_calls" tc WHERE ${storedInWindow(s, "tc")} AND tc."status" = 'blocked')
  SELECT GROUPING(bc."name")::int AS "gt", GROUPING(w."day")::int AS "gd", GROUPING(w."outcome")::int AS "go",
    bc."name" AS "tool", bc."errorType", w."workflow", w."day", w."outcome",
    count(*)::int AS "calls", count(DISTINCT bc."runPk")::int AS "runs"
  FROM bc JOIN w ON w."pk" = bc."runPk"
  GROUP BY GROUPING SETS ((), (bc."name", bc."errorType", w."workflow"), (w."day"), (w."outcome"))`,
    s.params.values,
  );
  return rows.map(({ gt, gd, go, ...r }) => ({ ...r, set: gt === 0 ? "tool" : gd === 0 ? "day" : go === 0 ? "outcome" : "total" }));
}

async function detectionRows(db: Db, filter: MetricsFilter): Promise<DetectionRow[]> {
  const s = filterSql(filter);
  const rows = await db.sql.query<Omit<DetectionRow, "set" | "wastedCostUsd"> & { gw: number; gt: number; gd: number; wastedCostUsd: Numeric }>(
    `WITH ${windowRuns(s)},
  d AS (SELECT d."runPk", d."kind"::text AS "kind", d."tool", d."count", d."wastedCostUsd" FROM "run_detections" d WHERE ${storedInWindow(s, "d")})
  SELECT GROUPING(w."workflow")::int AS "gw", GROUPING(d."tool")::int AS "gt", GROUPING(w."day")::int AS "gd",
    d."kind", w."workflow", d."tool", w."day",
    count(DISTINCT d."runPk")::int AS "runs", count(*)::int AS "detections",
    coalesce(sum(d."wastedCostUsd"), 0)::float8 AS "wastedCostUsd", coalesce(sum(d."count" - 1), 0)::int AS "extraEffects"
  FROM d JOIN w ON w."pk" = d."runPk"
  GROUP BY GROUPING SETS ((d."kind"), (d."kind", w."workflow"), (d."kind", d."tool"), (d."kind", w."day"))`,
    s.params.values,
  );
  return rows.map(({ gw, gt, gd, ...r }) => ({
    ...r,
    wastedCostUsd: num(r.wastedCostUsd) ?? 0,
    set: gw === 0 ? "workflow" : gt === 0 ? "tool" : gd === 0 ? "day" : "kind",
  }));
}
