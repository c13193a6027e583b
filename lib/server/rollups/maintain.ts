import "server-only";
// The rollups' SQL (prisma/schema.prisma, "Hourly rollups"): one INSERT … SELECT … GROUP BY …
// ON CONFLICT DO UPDATE per table, adding (sign 1) or subtracting (sign -1) the contribution of a
// set of runs read back from the raw rows. The same statements serve the ingest path (the runs
// of one batch, by pk, inside writeRuns' transaction) and `keel rollups rebuild` (every run of an
// hour range), so incremental maintenance and a rebuild cannot disagree. Rows are grouped and
// upserted in key order, so two concurrent batches lock shared cells in the same order.
import type { DbSqlTx } from "../db/handle";
import { sketchIndexSql } from "./sketch";

const HOUR = (col: string) => `date_trunc('hour', ${col}, 'UTC')`;
/** The cell of a run `r`: its UTC hour and the dimensions every metric filters by, as [column, expression]. */
const CELL: [string, string][] = [
  ["projectId", 'r."projectId"'],
  ["hour", HOUR('r."startedAt"')],
  ["workflow", 'r."workflow"'],
  ["environment", 'r."environment"'],
  ["release", 'r."release"'],
];

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
  name: "run_rollups" | "run_latency_sketch" | "tool_rollups" | "tool_latency_sketch" | "session_hours";
  /** Key columns after the cell's, as [column, expression over r (and tc)], in primary key order. */
  keys: [string, string][];
  /** Value columns, each `[name, aggregate over r (and tc)]`; the sign multiplies every one. */
  values: [string, string][];
  from: string;
  /** The column that says the row is empty (0 after subtractions). */
  count: string;
}

const failureCount = (category: string) => `count(*) FILTER (WHERE r."failureCategory" = '${category}')`;

/** The five rollup tables and how each is computed from raw rows. */
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
];

/** A table's key columns (its primary key), quoted. */
export function keyColumns(t: RollupTable): string[] {
  return [...CELL, ...t.keys].map(([name]) => `"${name}"`);
}

/** A table's columns, keys then values, quoted: the order computeSelect answers them in. */
export function rollupColumns(t: RollupTable): string[] {
  return [...keyColumns(t), ...t.values.map(([name]) => `"${name}"`)];
}

/**
 * SELECT of a table's rows computed from the raw runs `r` of `where`, each value times `sign`
 * ($2 in the ingest and rebuild statements); `ordered` sorts by the key (the lock order).
 */
export function computeSelect(t: RollupTable, where: string, sign = "$2::int", ordered = true): string {
  const keys = [...CELL, ...t.keys].map(([name, expr]) => `${expr} AS "${name}"`).join(", ");
  const n = CELL.length + t.keys.length;
  const groupBy = Array.from({ length: n }, (_, i) => i + 1).join(", ");
  const values = t.values.map(([name, agg]) => `${sign} * ${agg} AS "${name}"`).join(", ");
  return `SELECT ${keys}, ${values} FROM ${t.from} WHERE ${where} GROUP BY ${groupBy}${ordered ? ` ORDER BY ${groupBy}` : ""}`;
}

function upsert(t: RollupTable, where: string): string {
  const cols = rollupColumns(t).join(", ");
  const set = t.values.map(([n]) => `"${n}" = "${t.name}"."${n}" + EXCLUDED."${n}"`).join(", ");
  return `INSERT INTO "${t.name}" (${cols}) ${computeSelect(t, where)}
    ON CONFLICT (${keyColumns(t).join(", ")}) DO UPDATE SET ${set}`;
}

/**
 * Adds (sign 1) or subtracts (sign -1) the runs of `sel` (and their tool calls as stored now) to
 * every rollup table. Call it inside the transaction that writes those runs.
 */
export async function applyRollups(tx: DbSqlTx, projectId: string, sel: RunSelection, sign: 1 | -1): Promise<void> {
  for (const t of ROLLUP_TABLES) await tx.sql.query(upsert(t, sel.where), [projectId, sign, ...sel.params]);
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

/** Replaces the rollups of [from, to) (whole hours) of a project with ones computed from raw rows. */
export async function rebuildHours(tx: DbSqlTx, projectId: string, from: Date, to: Date): Promise<void> {
  const sel = byHours(from, to);
  for (const t of ROLLUP_TABLES)
    await tx.sql.query(`DELETE FROM "${t.name}" WHERE "projectId" = $1 AND "hour" >= $2::timestamptz AND "hour" < $3::timestamptz`, [
      projectId,
      from.toISOString(),
      to.toISOString(),
    ]);
  for (const t of ROLLUP_TABLES) await tx.sql.query(upsert(t, sel.where), [projectId, 1, ...sel.params]);
  // Rows loaded around the ingest path (a bulk COPY) get their hours' revisions here too.
  await tx.sql.query(
    `INSERT INTO "rollup_hours" ("projectId", "hour")
     SELECT DISTINCT $1, ${HOUR('r."startedAt"')} FROM "runs" r WHERE ${sel.where.replace("$3", "$2").replace("$4", "$3")} ORDER BY 2
     ON CONFLICT ("projectId", "hour") DO UPDATE SET "rev" = nextval('rollup_hours_rev_seq')`,
    [projectId, ...sel.params],
  );
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
