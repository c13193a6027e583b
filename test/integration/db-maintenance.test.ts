// Planner statistics on PGlite (no autovacuum there): Keel's own ANALYZE runs after enough rows
// were written, so the planner knows a table's size. On PostgreSQL, every pooled connection has a
// statement timeout, so one pathological query cannot hold a connection.
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/server/db/open";
import { analyzeNow, noteRowsWritten } from "@/lib/server/db/maintenance";
import { openTestPglite, postgresTestUrl } from "../helpers/db";

async function reltuples(db: Database, table: string): Promise<number> {
  const [row] = await db.sql.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = $1`, [table]);
  return Number(row?.n);
}

describe("pglite: ANALYZE after bulk writes", () => {
  let db: Database;
  afterAll(async () => db?.close());

  it("a never-analyzed table has no statistics; 5,000 noted rows trigger ANALYZE and the planner sees them", async () => {
    db = await openTestPglite();
    await db.sql.exec(`CREATE TABLE maint_probe (id int primary key, v text)`);
    await db.sql.exec(`INSERT INTO maint_probe SELECT g, 'x' FROM generate_series(1, 6000) g`);
    expect(await reltuples(db, "maint_probe")).toBe(-1);

    // PGlite runs one statement at a time, so a triggered ANALYZE runs before the next query.
    noteRowsWritten(db, 4_999);
    expect(await reltuples(db, "maint_probe")).toBe(-1);
    noteRowsWritten(db, 1);
    expect(await reltuples(db, "maint_probe")).toBe(6000);

    await db.sql.exec(`INSERT INTO maint_probe SELECT g, 'y' FROM generate_series(6001, 20000) g`);
    noteRowsWritten(db, 14_000);
    // The triggered ANALYZE is not awaited by the writer; the next analyzeNow() joins it.
    await analyzeNow(db);
    expect(await reltuples(db, "maint_probe")).toBe(20000);
  });
});

const pgUrl = postgresTestUrl();
describe.runIf(pgUrl)("postgres: statement timeout", () => {
  it("a statement longer than KEEL_STATEMENT_TIMEOUT_MS is cancelled with 57014, and the pool keeps serving", async () => {
    const before = process.env.KEEL_STATEMENT_TIMEOUT_MS;
    process.env.KEEL_STATEMENT_TIMEOUT_MS = "300";
    const db = await openDatabase({ kind: "postgres", url: pgUrl!, poolSize: 2, migrate: false });
    try {
      const started = Date.now();
      await expect(db.sql.query("SELECT pg_sleep(5)")).rejects.toMatchObject({ code: "57014" });
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(await db.sql.query<{ one: number }>("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      if (before === undefined) delete process.env.KEEL_STATEMENT_TIMEOUT_MS;
      else process.env.KEEL_STATEMENT_TIMEOUT_MS = before;
      await db.close();
    }
  });
});
