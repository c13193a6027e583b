import "server-only";
import type { Db } from "../../db/handle";
// Trends: the window cut into hour or day buckets in a time zone (a day starts at local
// midnight, so a DST day is 23 or 25 hours). Every bucket of the window is returned: counts are
// 0 in an empty bucket, rates and percentiles null (a gap in the chart, never a made-up 0).
// Runs belong to the bucket of their start; tool calls to the bucket of their run's start;
// incidents to the bucket they were opened in (their rate uses the bucket's sessions).
import {
  FAILURE_CATEGORIES,
  outcomeRates,
  toolErrorRate,
  type Bucket,
  type OutcomeCounts,
  type RunBucket,
  type Timeseries,
  type ToolBucket,
  type WorkflowBucket,
} from "@/lib/shared/metrics";
import { overviewOf, type OverviewRow } from "./overview";
import { cells, metricsSource, NO_PERCENTILES, percentilesBy, rollupWindow, runSumColumns, type MetricsOptions } from "./rollups";
import { filterSql, incidentsWhere, iso, runsWhere, toolCallsFromWhere, type FilterSql, type MetricsFilter } from "./filter";
import {
  criticalPolicyViolationsColumn,
  outcomeCountColumns,
  percentileColumns,
  percentiles,
  retryCostSelect,
  runTotalsColumns,
  toolCallCountColumns,
  type PercentileRow,
} from "./sql";

export type TimeseriesRequest =
  | { series: "runs" | "workflows"; bucket: Bucket; timeZone: string }
  | { series: "tool"; tool: string; bucket: Bucket; timeZone: string };

interface BucketCols {
  start: Date | string;
  end: Date | string;
}

/** The buckets CTE and the expression that puts a timestamp into its bucket. */
function bucketSql(s: FilterSql, bucket: Bucket, timeZone: string) {
  const tz = s.params.add(timeZone);
  const lastInstant = `(${s.to}::timestamptz - interval '1 microsecond')`;
  const cte =
    bucket === "hour"
      ? `buckets AS (SELECT b AS "start", b + interval '1 hour' AS "end"
           FROM generate_series(date_trunc('hour', ${s.from}::timestamptz, ${tz}), ${lastInstant}, interval '1 hour') b)`
      : // Local calendar days, turned back into instants: local midnight to local midnight.
        `buckets AS (SELECT (d AT TIME ZONE ${tz}) AS "start", ((d + interval '1 day') AT TIME ZONE ${tz}) AS "end"
           FROM generate_series(date_trunc('day', ${s.from}::timestamptz AT TIME ZONE ${tz}), ${lastInstant} AT TIME ZONE ${tz}, interval '1 day') d)`;
  return { cte, of: (col: string) => `date_trunc('${bucket}', ${col}, ${tz})` };
}

export async function getTimeseries(db: Db, filter: MetricsFilter, req: TimeseriesRequest, opts?: MetricsOptions): Promise<Timeseries> {
  const base = { bucket: req.bucket, timeZone: req.timeZone };
  // Rollup cells are UTC hours: they fall wholly into one bucket only when the zone's offset is
  // whole hours over the window (not e.g. Asia/Kolkata); otherwise the raw rows answer.
  const rollups = metricsSource(opts) === "rollup" && wholeHourOffsets(req.timeZone, filter.from, filter.to);
  if (req.series === "tool")
    return { series: "tool", ...base, tool: req.tool, points: await (rollups ? toolPointsFromRollups : toolPoints)(db, filter, req) };
  if (req.series === "workflows")
    return { series: "workflows", ...base, workflows: await workflowPoints(db, filter, req, rollups) };
  return { series: "runs", ...base, points: await (rollups ? runPointsFromRollups : runPoints)(db, filter, req) };
}

/** Daily projections hold UTC days: they fit day buckets only where the zone is UTC all window. */
function hourlyOnly(filter: MetricsFilter, req: TimeseriesRequest): boolean {
  return req.bucket === "hour" || !utcAllWindow(req.timeZone, filter.from, filter.to);
}

/** True when the zone's UTC offset is a whole number of hours at every day of [from, to]. */
export function wholeHourOffsets(timeZone: string, from: Date, to: Date): boolean {
  return offsetsMatch(timeZone, from, to, /^GMT(?:[+-]\d\d:00)?$/);
}

/** True when the zone is UTC (offset 0) at every day of [from, to]. */
export function utcAllWindow(timeZone: string, from: Date, to: Date): boolean {
  // "GMT", or "GMT+00:00" (Node 20's ICU spells UTC so).
  return offsetsMatch(timeZone, from, to, /^GMT(?:[+-]00:00)?$/);
}

function offsetsMatch(timeZone: string, from: Date, to: Date, offset: RegExp): boolean {
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
  const DAY = 86_400_000;
  for (let t = from.getTime(); ; t = Math.min(t + DAY / 2, to.getTime())) {
    const name = fmt.formatToParts(new Date(t)).find((p) => p.type === "timeZoneName")?.value ?? "";
    // "GMT", "GMT+05:30", "GMT-03:00"
    if (!offset.test(name)) return false;
    if (t >= to.getTime()) return true;
  }
}

type RunBucketRow = BucketCols & OverviewRow & Record<(typeof FAILURE_CATEGORIES)[number], number>;

async function runPoints(db: Db, filter: MetricsFilter, req: TimeseriesRequest): Promise<RunBucket[]> {
  const s = filterSql(filter);
  const b = bucketSql(s, req.bucket, req.timeZone);
  const categories = FAILURE_CATEGORIES.map((c) => `count(*) FILTER (WHERE r."failureCategory" = '${c}')::int AS "${c}"`).join(",\n      ");
  const rows = await db.sql.query<RunBucketRow>(
    `WITH ${b.cte},
  agg AS (
    SELECT ${b.of(`r."startedAt"`)} AS "start",
      ${runTotalsColumns("r")},
      count(DISTINCT r."sessionId")::int AS "sessions",
      ${criticalPolicyViolationsColumn("r")},
      ${categories},
      ${percentileColumns(`r."durationMs"`)}
    FROM "runs" r WHERE ${runsWhere(s)}
    GROUP BY 1
  ),
  retry AS (
    ${retryCostSelect(s, { key: b.of(`tc."runStartedAt"`), as: "start" })}
  ),
  inc AS (
    SELECT ${b.of(`i."openedAt"`)} AS "start", count(*)::int AS "incidentsOpened"
    FROM "incidents" i WHERE ${incidentsWhere(s)}
    GROUP BY 1
  )
  SELECT bk."start", bk."end", coalesce(a."runs", 0) AS "runs", coalesce(a."sessions", 0) AS "sessions",
    coalesce(a."successes", 0) AS "successes", coalesce(a."escalations", 0) AS "escalations", coalesce(a."failures", 0) AS "failures",
    coalesce(a."criticalPolicyViolations", 0) AS "criticalPolicyViolations", coalesce(inc."incidentsOpened", 0) AS "incidentsOpened",
    coalesce(a."totalCostUsd", 0) AS "totalCostUsd", coalesce(a."escalatedCostUsd", 0) AS "escalatedCostUsd",
    ${FAILURE_CATEGORIES.map((c) => `coalesce(a."${c}", 0) AS "${c}"`).join(", ")},
    a."p50", a."p95", a."p99", coalesce(rt."retryCostUsd", 0) AS "retryCostUsd"
  FROM buckets bk
  LEFT JOIN agg a ON a."start" = bk."start"
  LEFT JOIN retry rt ON rt."start" = bk."start"
  LEFT JOIN inc ON inc."start" = bk."start"
  ORDER BY bk."start"`,
    s.params.values,
  );
  return rows.map(runBucketOf);
}

// A bucket's KPIs are the overview's, computed the same way over the bucket's runs.
function runBucketOf(row: RunBucketRow): RunBucket {
  return {
    start: iso(row.start),
    end: iso(row.end),
    ...overviewOf(row),
    failuresByCategory: Object.fromEntries(FAILURE_CATEGORIES.map((c) => [c, row[c]])) as RunBucket["failuresByCategory"],
  };
}

/** runPoints from the rollups: the buckets' sums, distinct sessions and merged sketches. */
async function runPointsFromRollups(db: Db, filter: MetricsFilter, req: TimeseriesRequest): Promise<RunBucket[]> {
  const hourly = hourlyOnly(filter, req);
  const s = filterSql(filter);
  const w = rollupWindow(s, filter);
  const b = bucketSql(s, req.bucket, req.timeZone);
  const s2 = filterSql(filter);
  const w2 = rollupWindow(s2, filter);
  const b2 = bucketSql(s2, req.bucket, req.timeZone);
  const zero = (col: string) => `coalesce(a."${col}", 0) AS "${col}"`;
  const [rows, latency] = await Promise.all([
    db.sql.query<Omit<RunBucketRow, keyof PercentileRow>>(
      `WITH ${b.cte},
  agg AS (
    SELECT ${b.of(`rc."hour"`)} AS "start", ${runSumColumns("rc")}
    FROM ${cells(w, "run_rollups", { hourly })} rc
    GROUP BY 1
  ),
  ses AS (
    -- A bucket is a UTC day read whole from session_days (one row per session: count them) or
    -- a bucket read from hours and raw rows (distinct sessions); never a mix of the two.
    SELECT ${b.of(`sh."hour"`)} AS "start",
      (count(*) FILTER (WHERE sh."wholeDay") + count(DISTINCT sh."sessionId") FILTER (WHERE NOT sh."wholeDay"))::int AS "sessions"
    FROM ${cells(w, "session_hours", { hourly, tagWholeDays: true })} sh WHERE sh."runs" > 0
    GROUP BY 1
  ),
  inc AS (
    SELECT ${b.of(`i."openedAt"`)} AS "start", count(*)::int AS "incidentsOpened"
    FROM "incidents" i WHERE ${incidentsWhere(s)}
    GROUP BY 1
  )
  SELECT bk."start", bk."end", coalesce(ses."sessions", 0) AS "sessions", coalesce(inc."incidentsOpened", 0) AS "incidentsOpened",
    ${["runs", "successes", "escalations", "failures", "criticalPolicyViolations", "totalCostUsd", "escalatedCostUsd", "retryCostUsd", ...FAILURE_CATEGORIES]
      .map(zero)
      .join(", ")}
  FROM buckets bk
  LEFT JOIN agg a ON a."start" = bk."start"
  LEFT JOIN ses ON ses."start" = bk."start"
  LEFT JOIN inc ON inc."start" = bk."start"
  ORDER BY bk."start"`,
      s.params.values,
    ),
    percentilesBy(db, w2, "run_latency_sketch", b2.of(`k."hour"`), { hourly }),
  ]);
  return rows.map((row) => runBucketOf(Object.assign(row, latency.get(iso(row.start)) ?? NO_PERCENTILES)));
}

interface ToolBucketRow extends BucketCols, PercentileRow {
  calls: number;
  errors: number;
}

async function toolPoints(db: Db, filter: MetricsFilter, req: TimeseriesRequest & { series: "tool" }): Promise<ToolBucket[]> {
  const s = filterSql(filter);
  const b = bucketSql(s, req.bucket, req.timeZone);
  const tool = s.params.add(req.tool);
  const rows = await db.sql.query<ToolBucketRow>(
    `WITH ${b.cte},
  agg AS (
    SELECT ${b.of(`tc."runStartedAt"`)} AS "start",
      ${toolCallCountColumns("tc")},
      ${percentileColumns(`tc."latencyMs"`)}
    ${toolCallsFromWhere(s, [`tc."name" = ${tool}`])}
    GROUP BY 1
  )
  SELECT bk."start", bk."end", coalesce(a."calls", 0) AS "calls", coalesce(a."errors", 0) AS "errors", a."p50", a."p95", a."p99"
  FROM buckets bk LEFT JOIN agg a ON a."start" = bk."start"
  ORDER BY bk."start"`,
    s.params.values,
  );
  return rows.map(toolBucketOf);
}

function toolBucketOf(row: ToolBucketRow): ToolBucket {
  return { start: iso(row.start), end: iso(row.end), calls: row.calls, errors: row.errors, errorRate: toolErrorRate(row), latencyMs: percentiles(row) };
}

async function toolPointsFromRollups(db: Db, filter: MetricsFilter, req: TimeseriesRequest & { series: "tool" }): Promise<ToolBucket[]> {
  const hourly = hourlyOnly(filter, req);
  const s = filterSql(filter);
  const b = bucketSql(s, req.bucket, req.timeZone);
  const tool = s.params.add(req.tool);
  const s2 = filterSql(filter);
  const b2 = bucketSql(s2, req.bucket, req.timeZone);
  const tool2 = s2.params.add(req.tool);
  const [rows, latency] = await Promise.all([
    db.sql.query<Omit<ToolBucketRow, keyof PercentileRow>>(
      `WITH ${b.cte},
  agg AS (
    SELECT ${b.of(`t."hour"`)} AS "start", sum(t."calls")::int AS "calls", sum(t."errors")::int AS "errors"
    FROM ${cells(rollupWindow(s, filter), "tool_rollups", { extra: { rollup: `c."tool" = ${tool}`, raw: `tc."name" = ${tool}` }, hourly })} t
    GROUP BY 1
  )
  SELECT bk."start", bk."end", coalesce(a."calls", 0) AS "calls", coalesce(a."errors", 0) AS "errors"
  FROM buckets bk LEFT JOIN agg a ON a."start" = bk."start"
  ORDER BY bk."start"`,
      s.params.values,
    ),
    percentilesBy(db, rollupWindow(s2, filter), "tool_latency_sketch", b2.of(`k."hour"`), {
      extra: { rollup: `c."tool" = ${tool2}`, raw: `tc."name" = ${tool2}` },
      hourly,
    }),
  ]);
  return rows.map((row) => toolBucketOf(Object.assign(row, latency.get(iso(row.start)) ?? NO_PERCENTILES)));
}

interface WorkflowBucketRow extends BucketCols, OutcomeCounts {
  workflow: string;
}

/** Workflows in the order of the workflows table: most runs first, then name (code points). */
async function workflowPoints(
  db: Db,
  filter: MetricsFilter,
  req: TimeseriesRequest,
  fromRollups = false,
): Promise<{ workflow: string; points: WorkflowBucket[] }[]> {
  const hourly = hourlyOnly(filter, req);
  const s = filterSql(filter);
  const b = bucketSql(s, req.bucket, req.timeZone);
  const sum = (col: string) => `sum(rc."${col}")::int AS "${col}"`;
  // Outcome counts per bucket and workflow: summed from rollup cells, or counted over raw runs.
  const agg = fromRollups
    ? `SELECT ${b.of(`rc."hour"`)} AS "start", rc."workflow", ${["runs", "successes", "escalations", "failures"].map(sum).join(", ")}
    FROM ${cells(rollupWindow(s, filter), "run_rollups", { by: ["workflow"], hourly })} rc
    GROUP BY 1, 2
    HAVING sum(rc."runs") > 0`
    : `SELECT ${b.of(`r."startedAt"`)} AS "start", r."workflow",
      ${outcomeCountColumns("r")}
    FROM "runs" r WHERE ${runsWhere(s)}
    GROUP BY 1, 2`;
  const rows = await db.sql.query<WorkflowBucketRow>(
    `WITH ${b.cte},
  agg AS (
    ${agg}
  ),
  wf AS (SELECT "workflow", sum("runs") AS "total" FROM agg GROUP BY 1)
  SELECT wf."workflow", bk."start", bk."end", coalesce(a."runs", 0) AS "runs", coalesce(a."successes", 0) AS "successes",
    coalesce(a."escalations", 0) AS "escalations", coalesce(a."failures", 0) AS "failures"
  FROM wf CROSS JOIN buckets bk
  LEFT JOIN agg a ON a."start" = bk."start" AND a."workflow" = wf."workflow"
  ORDER BY wf."total" DESC, wf."workflow" COLLATE "C" ASC, bk."start"`,
    s.params.values,
  );
  return groupWorkflowRows(rows);
}

function groupWorkflowRows(rows: WorkflowBucketRow[]): { workflow: string; points: WorkflowBucket[] }[] {
  const out: { workflow: string; points: WorkflowBucket[] }[] = [];
  for (const row of rows) {
    let last = out[out.length - 1];
    if (!last || last.workflow !== row.workflow) out.push((last = { workflow: row.workflow, points: [] }));
    last.points.push({
      start: iso(row.start),
      end: iso(row.end),
      runs: row.runs,
      ...outcomeRates(row),
    });
  }
  return out;
}
