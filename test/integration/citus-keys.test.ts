// The schema is ready for Citus (issue 14, docs/scaling.md "Past one machine"), checked on the
// MIGRATED database (pg_catalog), on PGlite and PostgreSQL:
// - every table is either a reference table (small, replicated to every node: the list below) or
//   distributed by "projectId" (every other table; it must have a NOT NULL "projectId");
// - every primary key, unique constraint and unique index of a distributed table includes
//   "projectId" (Citus can only enforce uniqueness within one shard);
// - a foreign key between two distributed tables maps "projectId" onto "projectId" (so no row
//   points into another project, and the join stays on one shard); a reference table never
//   references a distributed one (Citus refuses it). Distributed → reference is fine.
// A new table with a "projectId" column is distributed by default and has to follow the rule.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { testDatabases } from "../helpers/db";

/** Reference tables under Citus: per-project configuration and people, not per-run data. */
const REFERENCE_TABLES = [
  "_prisma_migrations",
  "projects",
  "project_settings",
  "users",
  "memberships",
  "api_keys",
  "incidents",
  "incident_events",
  // One row per incident, beside its incident (a reference table too): small, written by people.
  "incident_postmortems",
  "fix_items",
  "fix_item_changes",
  "eval_results",
  "audit_logs",
  "otel_remap_jobs",
];

/** Distributed by projectId (at least these; rollup tables join them when they land). */
const DISTRIBUTED_TABLES = ["runs", "tool_calls", "run_detections", "incident_runs", "otel_spans"];

interface TableRow {
  table: string;
  projectId: "not null" | "null" | null;
}
interface KeyRow {
  table: string;
  name: string;
  kind: "primary key" | "unique";
  cols: string[];
}
interface FkRow {
  table: string;
  name: string;
  ref: string;
  cols: string[];
  refCols: string[];
}

async function catalog(db: Database) {
  const tables = await db.sql.query<TableRow>(
    `SELECT c.relname AS "table",
       (SELECT CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END FROM pg_attribute a
         WHERE a.attrelid = c.oid AND a.attname = 'projectId' AND NOT a.attisdropped) AS "projectId"
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  // Unique indexes cover primary keys, unique constraints and bare CREATE UNIQUE INDEX alike.
  const keys = await db.sql.query<KeyRow>(
    `SELECT t.relname AS "table", i.relname AS name,
       CASE WHEN x.indisprimary THEN 'primary key' ELSE 'unique' END AS kind,
       (SELECT coalesce(json_agg(coalesce(a.attname, '(expression)') ORDER BY k.ord), '[]'::json)
          FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
          LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS cols
     FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND x.indisunique ORDER BY 1, 2`,
  );
  const fks = await db.sql.query<FkRow>(
    `SELECT t.relname AS "table", con.conname AS name, r.relname AS ref,
       (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS cols,
       (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS "refCols"
     FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND con.contype = 'f' ORDER BY 1, 2`,
  );
  return { tables, keys, fks };
}

describe.each(testDatabases())("Citus-ready schema ($name)", (target) => {
  let db: Database;
  let cat: Awaited<ReturnType<typeof catalog>>;
  let distributed: Set<string>;
  beforeAll(async () => {
    db = await target.open();
    cat = await catalog(db);
    distributed = new Set(cat.tables.filter((t) => !REFERENCE_TABLES.includes(t.table)).map((t) => t.table));
  });
  afterAll(async () => db?.close());

  it("every table is a listed reference table or distributed by a NOT NULL projectId", () => {
    expect(cat.tables.length).toBeGreaterThan(REFERENCE_TABLES.length);
    for (const t of REFERENCE_TABLES) expect(cat.tables.map((r) => r.table), `reference table ${t} exists`).toContain(t);
    expect([...distributed]).toEqual(expect.arrayContaining(DISTRIBUTED_TABLES));
    const unfit = cat.tables.filter((t) => distributed.has(t.table) && t.projectId !== "not null");
    expect(unfit, "distributed tables need a NOT NULL projectId (or belong in REFERENCE_TABLES)").toEqual([]);
  });

  it("every primary key, unique constraint and unique index of a distributed table includes projectId", () => {
    const keys = cat.keys.filter((k) => distributed.has(k.table));
    expect(keys.filter((k) => k.kind === "primary key").map((k) => k.table).sort()).toEqual([...distributed].sort());
    expect(keys.filter((k) => !k.cols.includes("projectId"))).toEqual([]);
  });

  it("a foreign key between distributed tables maps projectId onto projectId; none goes from a reference table to a distributed one", () => {
    const between = cat.fks.filter((f) => distributed.has(f.table) && distributed.has(f.ref));
    expect(between.map((f) => f.name)).toEqual(expect.arrayContaining(["tool_calls_runPk_projectId_fkey", "incident_runs_runPk_projectId_fkey"]));
    const crossing = between.filter((f) => f.cols.findIndex((c, i) => c === "projectId" && f.refCols[i] === "projectId") < 0);
    expect(crossing).toEqual([]);
    expect(cat.fks.filter((f) => !distributed.has(f.table) && distributed.has(f.ref))).toEqual([]);
  });
});
