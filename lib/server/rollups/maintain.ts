import "server-only";
// The rollups' SQL (prisma/schema.prisma, "Hourly rollups"): one INSERT … SELECT … GROUP BY …
// ON CONFLICT DO UPDATE per table, adding (sign 1) or subtracting (sign -1) the contribution of a
// set of runs read back from the raw rows. The same statements serve the ingest path (the runs
// of one batch, by pk, inside writeRuns' transaction) and `keel rollups rebuild` (every run of an
// hour range), so incremental maintenance and a rebuild cannot disagree. Rows are grouped and
// upserted in key order, so two concurrent batches lock shared cells in the same order. The
// daily projections are folded from the hourly rows (foldDay), outside the ingest transaction.
import type { DbOrSqlTx, DbSqlTx } from "../db/handle";
import { sketchIndexSql } from "./sketch";

const DAY_MS = 86_400_000;
const HOUR = (col: string) => `date_trunc('hour', ${col}, 'UTC')`;

/** The run columns a cell may be keyed by, besides project and time. */
export type Dim = "workflow" | "environment" | "release";
export const DIMS: readonly Dim[] = ["workflow", "environment", "release"];

/**
 * The shape of a rollup row's cell: its time grain (the column is named after it) and the run
 * dimensions it keeps. The hourly tables keep every dimension; the daily projections fewer.
 */
export interface Grain {
  time: "hour" | "day";
  dims: readonly Dim[];
}
export const HOURLY: Grain = { time: "hour", dims: DIMS };

/** The cell of a run `r` at a grain, as [column, expression]. */
function cellOf(g: Grain): [string, string][] {
  return [
    ["projectId", 'r."projectId"'],
    [g.time, `date_trunc('${g.time}', r."startedAt", 'UTC')`],
    ...g.dims.map((d): [string, string] => [d, `r."${d}"`]),
  ];
}

/** A set of runs `r`: a WHERE over runs whose parameters start at $3 ($1 project, $2 sign). */
export interface RunSelection {
  where: string;
  params: unknown[];
}

export const byPks = (pks: string[]): RunSelection => ({
  where: `r."projectId" = $1 AND r."pk" = ANY($3::text[]::bigint[])`,
  params: [pks],
});

export const byHours = (from: Date, to: Date): RunSelection => ({
  where: `r."projectId" = $1 AND r."startedAt" >= $3::timestamptz AND r."startedAt" < $4::timestamptz`,
  params: [from.toISOString(), to.toISOString()],
});

export interface RollupTable {
  name: "run_rollups" | "run_latency_sketch" | "tool_rollups" | "tool_latency_sketch" | "session_hours" | "failure_rollups";
  /** Key columns after the cell's, as [column, expression over r (and tc)], in primary key order. */
  keys: [string, string][];
  /** Value columns, each `[name, aggregate over r (and tc)]`; the sign multiplies every one. */
  values: [string, string][];
  from: string;
  /** Narrows the rows counted (e.g. failed runs only), over r (and tc). */
  where?: string;
  /** The column that says the row is empty (0 after subtractions). */
  count: string;
}

const failureCount = (category: string) => `count(*) FILTER (WHERE r."failureCategory" = '${category}')`;

/** The hourly rollup tables and how each is computed from raw rows. */
export const ROLLUP_TABLES: RollupTable[] = [
  {
    name: "run_rollups",
    keys: [],
    from: `"runs" r LEFT JOIN LATERAL (
      SELECT sum(tc."costUsd"::numeric) AS "retry" FROM "tool_calls" tc WHERE tc."runPk" = r."pk" AND tc."retry") rc ON true`,
    count: "runs",
    values: [
      ["runs", "count(*)"],
      ["successes", `count(*) FILTER (WHERE r."outcome" = 'success')`],
      ["escalations", `count(*) FILTER (WHERE r."outcome" = 'escalated')`],
      ["failures", `count(*) FILTER (WHERE r."outcome" = 'failure')`],
      ["toolErrorFailures", failureCount("tool_error")],
      ["policyViolationFailures", failureCount("policy_violation")],
      ["contextFailures", failureCount("context_failure")],
      ["modelFailures", failureCount("model_failure")],
      [
        "criticalPolicyViolations",
        `count(*) FILTER (WHERE r."outcome" = 'failure' AND r."failureCategory" = 'policy_violation' AND r."failureCritical")`,
      ],
      ["totalCostUsd", `coalesce(sum(r."costUsd"::numeric), 0)`],
      [
        "escalatedCostUsd",
        `coalesce(sum(r."costUsd"::numeric + coalesce(r."reviewCostUsd"::numeric, 0)) FILTER (WHERE r."outcome" = 'escalated'), 0)`,
      ],
      ["reviewCostUsd", `coalesce(sum(r."reviewCostUsd"::numeric) FILTER (WHERE r."outcome" = 'escalated'), 0)`],
      ["retryCostUsd", `coalesce(sum(rc."retry"), 0)`],
    ],
  },
  {
    name: "run_latency_sketch",
    keys: [["bucket", sketchIndexSql('r."durationMs"')]],
    from: `"runs" r`,
    count: "count",
    values: [
      ["count", "count(*)"],
      ["sumMs", `sum(greatest(r."durationMs", 0))`],
    ],
  },
  {
    name: "tool_rollups",
    keys: [["tool", 'tc."name"']],
    from: `"runs" r JOIN "tool_calls" tc ON tc."runPk" = r."pk"`,
    count: "calls",
    values: [
      ["calls", "count(*)"],
      ["errors", `count(*) FILTER (WHERE tc."status" <> 'ok')`],
      ["retryCostUsd", `coalesce(sum(tc."costUsd"::numeric) FILTER (WHERE tc."retry"), 0)`],
    ],
  },
  {
    name: "tool_latency_sketch",
    keys: [
      ["tool", 'tc."name"'],
      ["bucket", sketchIndexSql('tc."latencyMs"')],
    ],
    from: `"runs" r JOIN "tool_calls" tc ON tc."runPk" = r."pk"`,
    count: "count",
    values: [
      ["count", "count(*)"],
      ["sumMs", `sum(greatest(tc."latencyMs", 0))`],
    ],
  },
  {
    name: "session_hours",
    keys: [["sessionId", 'r."sessionId"']],
    from: `"runs" r`,
    count: "runs",
    values: [["runs", "count(*)"]],
  },
  {
    name: "failure_rollups",
    keys: [
      ["category", 'r."failureCategory"'],
      ["reason", 'r."failureReason"'],
    ],
    from: `"runs" r`,
    where: `r."outcome" = 'failure' AND r."failureCategory" IS NOT NULL AND r."failureReason" IS NOT NULL`,
    count: "runs",
    values: [["runs", "count(*)"]],
  },
];

/**
 * Daily projections of the hourly tables: the same rows summed over a UTC day and over the
 * dimensions they drop. A long window reads its whole days here (a day of tool latencies is ~3,000
 * sketch rows per project instead of ~100,000 hourly ones), its whole hours at the day edges from
 * the hourly table and its partial hours raw. A projection serves a query only when it keeps
 * every dimension the query filters or groups by (queries/metrics/rollups.ts pickDaily); the
 * list is in order of preference, smallest first. Not kept by ingest (eight more hot rows per
 * batch cost it a third of its throughput, docs/scaling.md): foldDay sums a day from its hourly
 * rows, in the background once the day has ended (services/rollups.ts) and in rebuildHours, and
 * reads use a day only while it is current (rollup_days), so day = Σ its hours whenever it is read.
 */
export interface DailyTable {
  name:
    | "run_rollups_daily"
    | "tool_rollups_daily"
    | "run_latency_sketch_daily"
    | "run_latency_sketch_daily_wf"
    | "run_latency_sketch_daily_rel"
    | "tool_latency_sketch_daily"
    | "tool_latency_sketch_daily_wf"
    | "session_days"
    | "session_days_wf"
    | "session_days_rel"
    | "failure_rollups_daily";
  base: RollupTable["name"];
  dims: readonly Dim[];
}

export const DAILY_TABLES: DailyTable[] = [
  { name: "run_rollups_daily", base: "run_rollups", dims: DIMS },
  { name: "tool_rollups_daily", base: "tool_rollups", dims: DIMS },
  { name: "run_latency_sketch_daily", base: "run_latency_sketch", dims: [] },
  { name: "run_latency_sketch_daily_wf", base: "run_latency_sketch", dims: ["workflow"] },
  { name: "run_latency_sketch_daily_rel", base: "run_latency_sketch", dims: ["environment", "release"] },
  { name: "tool_latency_sketch_daily", base: "tool_latency_sketch", dims: [] },
  { name: "tool_latency_sketch_daily_wf", base: "tool_latency_sketch", dims: ["workflow"] },
  { name: "session_days", base: "session_hours", dims: [] },
  { name: "session_days_wf", base: "session_hours", dims: ["workflow"] },
  { name: "session_days_rel", base: "session_hours", dims: ["environment", "release"] },
  { name: "failure_rollups_daily", base: "failure_rollups", dims: DIMS },
];

export const rollupTable = (name: RollupTable["name"]): RollupTable => ROLLUP_TABLES.find((t) => t.name === name)!;
export const dailyGrain = (d: DailyTable): Grain => ({ time: "day", dims: d.dims });

/** A table's key columns at a grain (its primary key), quoted. */
export function keyColumns(t: RollupTable, g: Grain = HOURLY): string[] {
  return [...cellOf(g), ...t.keys].map(([name]) => `"${name}"`);
}

/** A table's columns at a grain, keys then values, quoted: the order computeSelect answers them in. */
export function rollupColumns(t: RollupTable, g: Grain = HOURLY): string[] {
  return [...keyColumns(t, g), ...t.values.map(([name]) => `"${name}"`)];
}

/**
 * SELECT of a table's rows (at grain `g`) computed from the raw runs `r` of `where`, each value
 * times `sign` ($2 in the ingest and rebuild statements); `ordered` sorts by the key (the lock order).
 */
export function computeSelect(t: RollupTable, where: string, sign = "$2::int", ordered = true, g: Grain = HOURLY): string {
  const keys = [...cellOf(g), ...t.keys].map(([name, expr]) => `${expr} AS "${name}"`).join(", ");
  const n = cellOf(g).length + t.keys.length;
  const groupBy = Array.from({ length: n }, (_, i) => i + 1).join(", ");
  const values = t.values.map(([name, agg]) => `${sign} * ${agg} AS "${name}"`).join(", ");
  return `SELECT ${keys}, ${values} FROM ${t.from} WHERE ${t.where ? `(${where}) AND ${t.where}` : where} GROUP BY ${groupBy}${ordered ? ` ORDER BY ${groupBy}` : ""}`;
}

/**
 * SELECT of a daily projection's rows summed from hourly-shaped rows `source` (a table or a CTE
 * with the hourly columns), in key order.
 */
function projectSelect(t: RollupTable, d: DailyTable, source: string, where = "true"): string {
  const keys = [`"projectId"`, `date_trunc('day', "hour", 'UTC') AS "day"`, ...d.dims.map((x) => `"${x}"`), ...t.keys.map(([n]) => `"${n}"`)];
  const n = keys.length;
  const groupBy = Array.from({ length: n }, (_, i) => i + 1).join(", ");
  const values = t.values.map(([name]) => `sum("${name}") AS "${name}"`);
  return `SELECT ${[...keys, ...values].join(", ")} FROM ${source} WHERE ${where} GROUP BY ${groupBy} ORDER BY ${groupBy}`;
}

function onConflictAdd(table: string, t: RollupTable, g: Grain): string {
  const set = t.values.map(([n]) => `"${n}" = "${table}"."${n}" + EXCLUDED."${n}"`).join(", ");
  return `ON CONFLICT (${keyColumns(t, g).join(", ")}) DO UPDATE SET ${set}`;
}

/**
 * Adds (sign 1) or subtracts (sign -1) the runs of `sel` (and their tool calls as stored now) to
 * every hourly rollup table. Call it inside the transaction that writes those runs (with
 * bumpHourRevisions: the daily projections of the runs' days are stale from then until the fold).
 */
export async function applyRollups(tx: DbSqlTx, projectId: string, sel: RunSelection, sign: 1 | -1): Promise<void> {
  for (const t of ROLLUP_TABLES) await tx.sql.query(upsertHourly(t, sel.where), [projectId, sign, ...sel.params]);
}

/** Deletes the rows that subtractions left empty, in the given hours of a project. */
export async function dropEmptyCells(tx: DbSqlTx, projectId: string, hours: string[]): Promise<void> {
  if (hours.length === 0) return;
  for (const t of ROLLUP_TABLES)
    await tx.sql.query(`DELETE FROM "${t.name}" WHERE "projectId" = $1 AND "hour" = ANY($2::timestamptz[]) AND "${t.count}" = 0`, [
      projectId,
      hours,
    ]);
}

/** The UTC hours the runs of `pks` start in (ISO strings). */
export async function hoursOfRuns(tx: DbSqlTx, projectId: string, pks: string[]): Promise<string[]> {
  if (pks.length === 0) return [];
  const rows = await tx.sql.query<{ hour: Date | string }>(
    `SELECT DISTINCT ${HOUR('r."startedAt"')} AS "hour" FROM "runs" r WHERE r."projectId" = $1 AND r."pk" = ANY($2::text[]::bigint[])`,
    [projectId, pks],
  );
  return rows.map((r) => new Date(r.hour).toISOString());
}

/**
 * release_sessions (schema.prisma ReleaseSession): each (release, session) with the start of its
 * first run of that release. A minimum cannot be subtracted, so runs written by ingest only lower it
 * (an upsert keeping the earlier start, in key order like the rollups), and every change that can
 * raise it (an OTLP run rebuilt in place, `keel rollups rebuild`) recomputes the pairs it touched
 * from the runs stored now (recountReleaseSessions).
 */
export async function addReleaseSessions(tx: DbSqlTx, projectId: string, pks: string[]): Promise<void> {
  await tx.sql.query(
    `INSERT INTO "release_sessions" ("projectId", "release", "sessionId", "firstAt")
     SELECT $1, r."release", r."sessionId", min(r."startedAt") FROM "runs" r
      WHERE r."projectId" = $1 AND r."pk" = ANY($2::text[]::bigint[]) GROUP BY 2, 3 ORDER BY 2, 3
     ON CONFLICT ("projectId", "release", "sessionId") DO UPDATE SET "firstAt" = EXCLUDED."firstAt"
      WHERE EXCLUDED."firstAt" < "release_sessions"."firstAt"`,
    [projectId, pks],
  );
}

/** The (release, session) pairs of stored runs, as two parallel arrays (recountReleaseSessions' input). */
export async function releaseSessionsOfRuns(tx: DbSqlTx, projectId: string, pks: string[]): Promise<ReleaseSessionPairs> {
  const rows = await tx.sql.query<{ release: string; sessionId: string }>(
    `SELECT DISTINCT r."release", r."sessionId" FROM "runs" r WHERE r."projectId" = $1 AND r."pk" = ANY($2::text[]::bigint[])`,
    [projectId, pks],
  );
  return { releases: rows.map((r) => r.release), sessionIds: rows.map((r) => r.sessionId) };
}

export interface ReleaseSessionPairs {
  releases: string[];
  sessionIds: string[];
}

/**
 * Recomputes the release_sessions rows of some pairs from the runs stored now: each pair's first
 * run (one index range on runs (projectId, sessionId, startedAt)), its row deleted when it has none.
 * `pairs` is a SELECT of ("release", "sessionId") whose parameters start at $2 ($1 the project).
 */
async function recountReleaseSessions(tx: DbSqlTx, projectId: string, pairs: string, params: unknown[]): Promise<void> {
  await tx.sql.query(
    `WITH "p" AS (${pairs}),
     "m" AS (SELECT p."release", p."sessionId", (SELECT min(r."startedAt") FROM "runs" r
               WHERE r."projectId" = $1 AND r."sessionId" = p."sessionId" AND r."release" = p."release") AS "firstAt" FROM "p"),
     "gone" AS (DELETE FROM "release_sessions" rs USING "m"
                 WHERE rs."projectId" = $1 AND rs."release" = m."release" AND rs."sessionId" = m."sessionId" AND m."firstAt" IS NULL)
     INSERT INTO "release_sessions" ("projectId", "release", "sessionId", "firstAt")
     SELECT $1, m."release", m."sessionId", m."firstAt" FROM "m" WHERE m."firstAt" IS NOT NULL ORDER BY 2, 3
     ON CONFLICT ("projectId", "release", "sessionId") DO UPDATE SET "firstAt" = EXCLUDED."firstAt"
      WHERE EXCLUDED."firstAt" IS DISTINCT FROM "release_sessions"."firstAt"`,
    [projectId, ...params],
  );
}

/** recountReleaseSessions of the given pairs (those of runs about to be rebuilt, read before). */
export function recountPairs(tx: DbSqlTx, projectId: string, pairs: ReleaseSessionPairs): Promise<void> {
  if (pairs.releases.length === 0) return Promise.resolve();
  return recountReleaseSessions(
    tx,
    projectId,
    `SELECT DISTINCT u."release", u."sessionId" FROM unnest($2::text[], $3::text[]) AS u("release", "sessionId")`,
    [pairs.releases, pairs.sessionIds],
  );
}

/**
 * Replaces the rollups of [from, to) (whole hours) of a project with ones computed from raw rows,
 * recounts the release_sessions pairs the range touches, gives those hours new revisions, then
 * folds every day the range touches (foldDay).
 */
export async function rebuildHours(tx: DbSqlTx, projectId: string, from: Date, to: Date): Promise<void> {
  const sel = byHours(from, to);
  for (const t of ROLLUP_TABLES)
    await tx.sql.query(`DELETE FROM "${t.name}" WHERE "projectId" = $1 AND "hour" >= $2::timestamptz AND "hour" < $3::timestamptz`, [
      projectId,
      from.toISOString(),
      to.toISOString(),
    ]);
  for (const t of ROLLUP_TABLES) await tx.sql.query(upsertHourly(t, sel.where), [projectId, 1, ...sel.params]);
  // The pairs with a run in the range, and those whose recorded first run is in it (its runs may be gone).
  await recountReleaseSessions(
    tx,
    projectId,
    `SELECT r."release", r."sessionId" FROM "runs" r
      WHERE r."projectId" = $1 AND r."startedAt" >= $2::timestamptz AND r."startedAt" < $3::timestamptz
     UNION SELECT rs."release", rs."sessionId" FROM "release_sessions" rs
      WHERE rs."projectId" = $1 AND rs."firstAt" >= $2::timestamptz AND rs."firstAt" < $3::timestamptz`,
    [from.toISOString(), to.toISOString()],
  );
  // Rows loaded around the ingest path (a bulk COPY) get their hours' revisions here too.
  await tx.sql.query(
    `INSERT INTO "rollup_hours" ("projectId", "hour")
     SELECT DISTINCT $1, ${HOUR('r."startedAt"')} FROM "runs" r WHERE ${sel.where.replace("$3", "$2").replace("$4", "$3")} ORDER BY 2
     ON CONFLICT ("projectId", "hour") DO UPDATE SET "rev" = nextval('rollup_hours_rev_seq')`,
    [projectId, ...sel.params],
  );
  for (let day = Math.floor(from.getTime() / DAY_MS) * DAY_MS; day < to.getTime(); day += DAY_MS) await foldDay(tx, projectId, new Date(day));
}

/**
 * Sums a UTC day's hourly rows into every daily projection (replacing the day's rows) and records
 * in rollup_days the highest revision of the day's hours read first: every hourly row the sums then
 * read is at least that recent (ingest changes an hour's rows and its revision in one transaction,
 * and each statement here sees what committed before it), so a later change of any hour of the day
 * shows as a newer revision and the day reads from its hours again until the next fold. The day's
 * rollup_days row is locked first, so two folds of one day queue.
 */
export async function foldDay(tx: DbSqlTx, projectId: string, day: Date): Promise<void> {
  const bounds = [projectId, day.toISOString(), new Date(day.getTime() + DAY_MS).toISOString()];
  // Inserts or locks the day's row (an upsert that changes nothing still locks it).
  await tx.sql.query(
    `INSERT INTO "rollup_days" ("projectId", "day", "rev") VALUES ($1, $2::timestamptz, 0)
     ON CONFLICT ("projectId", "day") DO UPDATE SET "rev" = "rollup_days"."rev"`,
    bounds.slice(0, 2),
  );
  const [{ rev }] = await tx.sql.query<{ rev: string }>(
    `SELECT coalesce(max("rev"), 0)::text AS "rev" FROM "rollup_hours" WHERE "projectId" = $1 AND "hour" >= $2::timestamptz AND "hour" < $3::timestamptz`,
    bounds,
  );
  for (const d of DAILY_TABLES) {
    const t = rollupTable(d.base);
    await tx.sql.query(`DELETE FROM "${d.name}" WHERE "projectId" = $1 AND "day" = $2::timestamptz`, bounds.slice(0, 2));
    await tx.sql.query(
      `INSERT INTO "${d.name}" (${rollupColumns(t, dailyGrain(d)).join(", ")})
       ${projectSelect(t, d, `"${t.name}"`, `"projectId" = $1 AND "hour" >= $2::timestamptz AND "hour" < $3::timestamptz AND "${t.count}" <> 0`)}`,
      bounds,
    );
  }
  await tx.sql.query(`UPDATE "rollup_days" SET "rev" = $3::bigint WHERE "projectId" = $1 AND "day" = $2::timestamptz`, [...bounds.slice(0, 2), rev]);
}

/**
 * SQL that is true when the rollup_days row `fd` is current: folded at (or after) the latest
 * revision of every hour of its day. Only then may a read take that day from the projections.
 */
export function dayIsCurrent(fd: string): string {
  return `${fd}."rev" >= (SELECT coalesce(max(hr."rev"), 0) FROM "rollup_hours" hr
    WHERE hr."projectId" = ${fd}."projectId" AND hr."hour" >= ${fd}."day" AND hr."hour" < ${fd}."day" + interval '24 hours')`;
}

/**
 * Days (of any project, or of one) that ended before `before` and have an hour with a newer
 * revision than their last fold, oldest first.
 */
export async function staleDays(tx: DbOrSqlTx, before: Date, limit: number, projectId?: string): Promise<{ projectId: string; day: Date }[]> {
  const params: unknown[] = [before.toISOString(), limit];
  const project = projectId ? `AND h."projectId" = $${params.push(projectId)}` : "";
  const rows = await tx.sql.query<{ projectId: string; day: Date | string }>(
    `SELECT h."projectId", date_trunc('day', h."hour", 'UTC') AS "day"
       FROM "rollup_hours" h
       LEFT JOIN "rollup_days" d ON d."projectId" = h."projectId" AND d."day" = date_trunc('day', h."hour", 'UTC')
      WHERE h."hour" < date_trunc('day', $1::timestamptz, 'UTC') ${project} AND (d."rev" IS NULL OR h."rev" > d."rev")
      GROUP BY 1, 2 ORDER BY 2, 1 LIMIT $2`,
    params,
  );
  return rows.map((r) => ({ projectId: r.projectId, day: new Date(r.day) }));
}

/** The upsert of the runs of `where` (times $2) into a table's hourly rows, in key order. */
function upsertHourly(t: RollupTable, where: string): string {
  return `INSERT INTO "${t.name}" (${rollupColumns(t).join(", ")}) ${computeSelect(t, where)}
    ${onConflictAdd(t.name, t, HOURLY)}`;
}

/**
 * Gives every hour that the runs of `pks` start in, and the `vacated` hours they left, a new
 * revision (rollup_hours): what was computed from those hours' raw rows before is now stale.
 * In the writing transaction, hours in order (the lock order of concurrent batches).
 */
export async function bumpHourRevisions(tx: DbSqlTx, projectId: string, pks: string[], vacated: string[]): Promise<void> {
  await tx.sql.query(
    `INSERT INTO "rollup_hours" ("projectId", "hour")
     SELECT $1, h FROM (
       SELECT ${HOUR('r."startedAt"')} AS h FROM "runs" r WHERE r."projectId" = $1 AND r."pk" = ANY($2::text[]::bigint[])
       UNION SELECT unnest($3::timestamptz[])
     ) x ORDER BY h
     ON CONFLICT ("projectId", "hour") DO UPDATE SET "rev" = nextval('rollup_hours_rev_seq')`,
    [projectId, pks, vacated],
  );
}
