// The dashboard's queries keep their plan at 100k runs (issue 11). On PGlite (no autovacuum) a
// table that grew from empty has no statistics until Keel runs ANALYZE itself
// (lib/server/db/maintenance.ts); without them the planner took a nested loop for
// `metrics/tools` over a wide window with a workflow filter that ran for minutes (82 ms after
// ANALYZE) and stalled the single connection for everyone.
//
// The dataset: 100,000 runs (+ 2,000 in a second project) over 89 days and 5 tool calls each
// (500,000 + 10,000), written with INSERT … SELECT generate_series straight into Keel's tables.
// Each dashboard query (lib/server/queries/metrics/*, and the runs list with tool + toolStatus) is
// captured as the SQL it sends, then checked with EXPLAIN (FORMAT JSON) against the rule below,
// then run and timed against a baseline from the same database in the same run.
//
// The plan rule ("no per-row scan of a big table"): for every Nested Loop, and every correlated
// SubPlan (both run their inner side once per outer row), each scan of `runs` or `tool_calls` on
// the inner side must be an index lookup keyed by the outer row: an Index Scan, Index Only Scan or
// Bitmap Index Scan whose Index Cond names a relation of the outer side (e.g. tc."runPk" = r.pk).
// A Seq Scan there, or an index scan by window or name alone (which reads the whole window again
// for every outer row), breaks it. Hash and merge joins, and uncorrelated InitPlans, run their
// sides once and are fine.
//
// The time rule: each query finishes within TIME_RATIO (50) × the baseline `SELECT count(*) FROM
// tool_calls` (one pass over all 510,000 calls), measured just before, so the bound follows the
// machine's speed instead of a fixed number of milliseconds. The bad plan is thousands of times
// slower; a good one is a few passes over the window's rows plus the percentile sorts.
//
// On PostgreSQL autovacuum keeps statistics fresh; analyzeNow() is a no-op there, so the test
// runs ANALYZE itself (what autovacuum does within a minute of a bulk load) and checks the same
// rules. That a query without statistics picks the bad plan is shown on PGlite, where the
// starting point (never analyzed) is certain.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import type { Db } from "@/lib/server/db/handle";
import type { SqlTx } from "@/lib/server/db/sql-runner";
import { analyzeNow } from "@/lib/server/db/maintenance";
import {
  getOverview,
  getReleaseMetrics,
  getTimeseries,
  getToolMetrics,
  getTopFailureReasons,
  getWorkflowMetrics,
  type MetricsFilter,
} from "@/lib/server/queries/metrics";
import { listRuns } from "@/lib/server/queries/runs-list";
import { rebuildRollups } from "@/lib/server/services/rollups";
import { createTestProject, testDatabases } from "../helpers/db";

const RUNS = 100_000;
const OTHER_RUNS = 2_000;
const CALLS_PER_RUN = 5;
const END = new Date("2026-06-01T00:00:00.000Z");
/** Run g starts g × 77 s before END: 100k runs span 89 days. */
const STEP_S = 77;
const WIDE = { from: new Date(END.getTime() - 90 * 86_400_000), to: END };
/** Good plans measured 0.5–23× (PostgreSQL 15 with JIT and 4 MB work_mem on a busy 2-core box); the bad one is >1000×. */
const TIME_RATIO = 50;
const BIG_TABLES = new Set(["runs", "tool_calls"]);

/**
 * Writes `count` runs with 5 tool calls each into a project, in two statements. A fixture, not a
 * request: it runs without KEEL_STATEMENT_TIMEOUT_MS (30 s is tight for 500k rows on a busy box).
 */
async function load(db: Database, projectId: string, count: number) {
  await db.sql.transaction((tx) => loadIn(tx, projectId, count));
}

async function loadIn(tx: SqlTx, projectId: string, count: number) {
  await tx.query("SET LOCAL statement_timeout = 0");
  await tx.query(
    `INSERT INTO "runs" ("projectId", "id", "traceId", "sessionId", "workflow", "environment", "model", "promptVersion",
       "release", "startedAt", "endedAt", "durationMs", "outcome", "failureCategory", "failureReason", "failureCritical",
       "escalationReason", "reviewCostUsd", "costUsd", "toolCallCount")
     SELECT $1, 'run-' || g, 'trace-' || g, 'session-' || (g / 3),
       -- Skewed like real traffic: refund 40 %, triage 25 %, billing 15 %, 8 small workflows.
       CASE WHEN x < 40 THEN 'refund' WHEN x < 65 THEN 'triage' WHEN x < 80 THEN 'billing' ELSE 'wf-' || (x % 8) END,
       (CASE WHEN g % 10 = 0 THEN 'canary' WHEN g % 50 = 1 THEN 'staging' ELSE 'production' END)::"Environment",
       'gpt-4.1', 'v' || (g / 20000), 'rel-' || (g / 10000),
       start, start + make_interval(secs => dur / 1000.0), dur,
       (CASE WHEN g % 10 < 7 THEN 'success' WHEN g % 10 < 9 THEN 'failure' ELSE 'escalated' END)::"Outcome",
       (CASE WHEN g % 10 BETWEEN 7 AND 8
         THEN (ARRAY['tool_error', 'policy_violation', 'context_failure', 'model_failure'])[1 + g % 4] END)::"FailureCategory",
       CASE WHEN g % 10 BETWEEN 7 AND 8 THEN 'reason ' || (g % 25) END,
       g % 10 = 8 AND g % 4 = 1,
       CASE WHEN g % 10 = 9 THEN 'needs review' END,
       CASE WHEN g % 10 = 9 THEN 0.5 END,
       0.001 * (1 + g % 50), ${CALLS_PER_RUN}
     FROM generate_series(1, $2::int) g,
       LATERAL (SELECT (g * 7919) % 100 AS x, 200 + (g * 37) % 20000 AS dur,
                       $3::timestamptz - make_interval(secs => g * ${STEP_S}) AS start) v`,
    [projectId, count, END],
  );
  await tx.query(
    `INSERT INTO "tool_calls" ("runPk", "seq", "projectId", "runStartedAt", "name", "startedAt", "endedAt", "latencyMs",
       "status", "retry", "costUsd")
     SELECT r."pk", s, r."projectId", r."startedAt", 'tool-' || ((r."pk" * 31 + s * 7) % 20),
       r."startedAt", r."startedAt" + make_interval(secs => lat / 1000.0), lat,
       (CASE WHEN (r."pk" + s) % 17 = 0 THEN 'error' WHEN (r."pk" + s) % 41 = 0 THEN 'timeout' ELSE 'ok' END)::"ToolCallStatus",
       (r."pk" + s) % 23 = 0, 0.0005
     FROM "runs" r CROSS JOIN generate_series(0, ${CALLS_PER_RUN - 1}) s,
       LATERAL (SELECT 10 + ((r."pk" * 13 + s * 101) % 3000)::int AS lat) v
     WHERE r."projectId" = $1`,
    [projectId],
  );
}

interface Statement {
  sql: string;
  params: unknown[];
}

/** A row that answers 0 for every column: lets a query function finish without running its SQL. */
const anyRow = new Proxy({}, { get: (_t, k) => (k === "then" ? undefined : 0) });

/** The statements a query function sends, captured without running them. */
async function capture(db: Db, fn: (db: Db) => Promise<unknown>): Promise<Statement[]> {
  const statements: Statement[] = [];
  await fn({
    ...db,
    sql: {
      ...db.sql,
      async query<T>(sql: string, params: unknown[] = []) {
        statements.push({ sql, params });
        return [anyRow] as T[];
      },
    },
  });
  return statements;
}

interface PlanNode {
  "Node Type": string;
  "Parent Relationship"?: string;
  "Relation Name"?: string;
  Alias?: string;
  "Index Cond"?: string;
  "Recheck Cond"?: string;
  Plans?: PlanNode[];
}

async function explain(db: Database, st: Statement): Promise<PlanNode> {
  const [row] = await db.sql.query<Record<string, unknown>>(`EXPLAIN (FORMAT JSON) ${st.sql}`, st.params);
  const json = Object.values(row)[0];
  const doc = (typeof json === "string" ? JSON.parse(json) : json) as { Plan: PlanNode }[];
  return doc[0].Plan;
}

function* walk(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* walk(child);
}

const aliasesIn = (node: PlanNode) => [...walk(node)].filter((n) => n.Alias).map((n) => n.Alias!);

/**
 * The rule's breaches, as readable lines (empty = the plan keeps to it). `outer` holds the aliases
 * whose rows drive a per-row execution of `node` (none at the top).
 */
function violations(node: PlanNode, outer: string[] = []): string[] {
  const found: string[] = [];
  if (outer.length && node["Relation Name"] && BIG_TABLES.has(node["Relation Name"])) {
    const cond = node["Index Cond"] ?? node["Recheck Cond"] ?? "";
    const keyed = /Index/.test(node["Node Type"]) && outer.some((a) => cond.includes(`${a}.`));
    if (!keyed)
      found.push(
        `${node["Node Type"]} on ${node["Relation Name"]} ${node.Alias ?? ""} runs once per row of [${outer.join(", ")}]` +
          (cond ? ` (cond: ${cond})` : ""),
      );
  }
  const children = node.Plans ?? [];
  if (node["Node Type"] === "Nested Loop") {
    const outerChild = children.find((c) => c["Parent Relationship"] === "Outer") ?? children[0];
    const innerChild = children.find((c) => c["Parent Relationship"] === "Inner") ?? children[1];
    found.push(...violations(outerChild, outer));
    found.push(...violations(innerChild, [...outer, ...aliasesIn(outerChild)]));
    return found;
  }
  // A correlated SubPlan runs per row of the node that holds it; an InitPlan runs once.
  const driving = children.filter((c) => c["Parent Relationship"] !== "SubPlan" && c["Parent Relationship"] !== "InitPlan");
  for (const child of children) {
    if (child["Parent Relationship"] === "SubPlan")
      found.push(...violations(child, [...outer, ...driving.flatMap(aliasesIn), ...(node.Alias ? [node.Alias] : [])]));
    else found.push(...violations(child, outer));
  }
  return found;
}

/** Compact one-line view of a plan for failure messages and the log. */
function shape(node: PlanNode, depth = 0): string {
  const label = `${"  ".repeat(depth)}${node["Node Type"]}${node["Relation Name"] ? ` ${node["Relation Name"]} ${node.Alias}` : ""}${
    node["Index Cond"] ? ` [${node["Index Cond"]}]` : ""
  }`;
  return [label, ...(node.Plans ?? []).map((c) => shape(c, depth + 1))].join("\n");
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

describe.each(testDatabases())("$name: dashboard query plans at 100k runs", (target) => {
  let db: Database;
  let projectId: string;
  let otherId: string;
  const report: string[] = [];

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "plans")).id;
    otherId = (await createTestProject(db, "plans-other")).id;
    const { ms } = await timed(async () => {
      await load(db, projectId, RUNS);
      await load(db, otherId, OTHER_RUNS);
      // Rows written straight into the tables (like COPY) need the rollups built: `keel rollups rebuild`.
      await rebuildRollups(db, { projectId });
      await rebuildRollups(db, { projectId: otherId });
    });
    report.push(`${target.name}: loaded ${RUNS + OTHER_RUNS} runs and ${(RUNS + OTHER_RUNS) * CALLS_PER_RUN} tool calls in ${Math.round(ms)} ms`);
  }, 600_000);

  afterAll(async () => {
    if (db && target.name === "postgres") {
      // The PostgreSQL test database is shared by every suite: take the 612k rows away again.
      for (const id of [projectId, otherId]) {
        await db.sql.query(`DELETE FROM "tool_calls" WHERE "projectId" = $1`, [id]);
        await db.sql.query(`DELETE FROM "runs" WHERE "projectId" = $1`, [id]);
        await db.sql.query(`DELETE FROM "projects" WHERE "id" = $1`, [id]);
      }
    }
    await db?.close();
    console.log(report.join("\n"));
  }, 300_000);

  const filter = (extra: Partial<MetricsFilter> = {}): MetricsFilter => ({ projectId, ...WIDE, ...extra });
  const toolsWithWorkflow = (db: Db) => getToolMetrics(db, filter({ workflow: "triage" }));

  /** Every dashboard query: name → the function, run against a runner (capturing or real). */
  const QUERIES: [string, (db: Db) => Promise<unknown>][] = [
    ["overview", (db) => getOverview(db, filter())],
    ["overview workflow=triage", (db) => getOverview(db, filter({ workflow: "triage" }))],
    ["workflows", (db) => getWorkflowMetrics(db, filter())],
    ["tools", (db) => getToolMetrics(db, filter())],
    ["tools workflow=triage", toolsWithWorkflow],
    ["tools workflow=wf-3 environment=canary", (db) => getToolMetrics(db, filter({ workflow: "wf-3", environment: "canary" }))],
    ["failures", (db) => getTopFailureReasons(db, filter())],
    ["timeseries runs/day", (db) => getTimeseries(db, filter(), { series: "runs", bucket: "day", timeZone: "Europe/Berlin" })],
    ["timeseries workflows/day", (db) => getTimeseries(db, filter(), { series: "workflows", bucket: "day", timeZone: "UTC" })],
    ["timeseries tool/hour workflow=triage", (db) =>
      getTimeseries(db, filter({ workflow: "triage" }), { series: "tool", tool: "tool-3", bucket: "hour", timeZone: "UTC" })],
    ["releases", (db) => getReleaseMetrics(db, filter())],
    ["runs list tool+toolStatus", (db) => listRuns(db, projectId, { tool: "tool-3", toolStatus: "error" })],
    ["runs list tool+toolStatus workflow=triage", (db) =>
      listRuns(db, projectId, { tool: "tool-3", toolStatus: "not_ok", workflow: "triage", from: WIDE.from, to: WIDE.to })],
  ];

  // PGlite only: there the starting point (never analyzed) is certain; the shared PostgreSQL
  // test database has statistics from earlier suites and autovacuum running.
  if (target.name === "pglite") {
    it("without ANALYZE (a fresh embedded database) tools+workflow plans the per-row nested loop", async () => {
      const [rel] = await db.sql.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'tool_calls'`);
      expect(Number(rel.n)).toBe(-1); // never analyzed
      const [st] = await capture(db, toolsWithWorkflow);
      const plan = await explain(db, st);
      const broken = violations(plan);
      report.push(`pglite without ANALYZE, tools workflow=triage:\n${shape(plan)}\n  breaches: ${broken.join("; ")}`);
      // Not run: on this plan it takes minutes, and PGlite cannot cancel a statement.
      expect(broken.length, shape(plan)).toBeGreaterThan(0);
    });
  }

  it("after Keel's ANALYZE every dashboard query keeps to the plan rule and finishes within the time bound", async () => {
    const { ms: analyzeMs } = await timed(async () => {
      await analyzeNow(db);
      // PostgreSQL: autovacuum's job; done here so the outcome does not depend on its timing.
      if (target.name === "postgres") await db.sql.exec(`ANALYZE "runs"; ANALYZE "tool_calls"`);
    });
    const [rel] = await db.sql.query<{ n: number }>(
      `SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'tool_calls' AND relnamespace = current_schema()::regnamespace`,
    );
    expect(Number(rel.n)).toBeGreaterThan((RUNS + OTHER_RUNS) * CALLS_PER_RUN * 0.9);
    report.push(`${target.name}: ANALYZE took ${Math.round(analyzeMs)} ms`);

    // Plans first: a query that breaks the rule is reported without being run for minutes.
    const breaches: string[] = [];
    for (const [name, fn] of QUERIES) {
      for (const st of await capture(db, fn)) {
        const plan = await explain(db, st);
        for (const v of violations(plan)) breaches.push(`${name}: ${v}\n${shape(plan)}`);
      }
    }
    expect(breaches).toEqual([]);

    // Then time: the baseline (best of three), then each query once, against TIME_RATIO × baseline.
    const baselines: number[] = [];
    for (let i = 0; i < 3; i++) baselines.push((await timed(() => db.sql.query(`SELECT count(*) FROM "tool_calls"`))).ms);
    const baseline = Math.min(...baselines);
    const slow: string[] = [];
    const lines: string[] = [];
    for (const [name, fn] of QUERIES) {
      const { ms, value } = await timed(() => fn(db));
      // One sanity check on the real answers: triage is exactly 25 % of the runs, 5 calls each.
      if (fn === toolsWithWorkflow)
        expect((value as { calls: number }[]).reduce((n, t) => n + t.calls, 0)).toBe((RUNS / 4) * CALLS_PER_RUN);
      lines.push(`  ${name}: ${Math.round(ms)} ms (${(ms / baseline).toFixed(1)}×)`);
      if (ms > TIME_RATIO * baseline) slow.push(`${name}: ${Math.round(ms)} ms > ${TIME_RATIO} × ${Math.round(baseline)} ms`);
    }
    report.push(`${target.name}: baseline count(*) over tool_calls ${Math.round(baseline)} ms; after ANALYZE:\n${lines.join("\n")}`);
    expect(slow).toEqual([]);
  }, 300_000);
});
