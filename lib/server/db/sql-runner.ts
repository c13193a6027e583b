import "server-only";
// The smallest surface over both databases that migrations, the lock-free CLI paths and bulk
// ingest need: run a script, run one parameterised statement. Prisma goes through the same
// connection (PGlite) or pool (PostgreSQL).
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

/** The statements of one raw-SQL transaction, all on its one connection. */
export interface SqlTx {
  readonly kind: "pglite" | "postgres";
  /** Runs a multi-statement script (no parameters). */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface SqlRunner extends SqlTx {
  /** Runs fn on one connection inside BEGIN/COMMIT (ROLLBACK on throw). */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
}

export function pgliteRunner(db: PGlite): SqlRunner {
  return {
    kind: "pglite",
    async exec(sql) {
      await db.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await db.query<T>(sql, params);
      return res.rows;
    },
    async transaction(fn) {
      return db.transaction(async (tx) =>
        fn({
          kind: "pglite",
          async exec(sql) {
            await tx.exec(sql);
          },
          async query<T>(sql: string, params: unknown[] = []) {
            return (await tx.query<T>(sql, params)).rows;
          },
        }),
      );
    },
  };
}

/**
 * A runner over a pool, or over one client (then every statement, advisory locks included,
 * runs on that same connection).
 */
export function postgresRunner(source: pg.Pool | pg.Client): SqlRunner {
  const isPool = "totalCount" in source;
  return {
    kind: "postgres",
    async exec(sql) {
      await source.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await source.query(sql, params);
      return res.rows as T[];
    },
    async transaction(fn) {
      const client = isPool
        ? await (source as pg.Pool).connect()
        : Object.assign(source as pg.Client, { release() {} });
      // A checked-out client has no 'error' listener: a connection lost between two statements
      // would be an uncaught exception (a crash) instead of the next query's rejection (→ 503).
      const onError = () => {};
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        const result = await fn({
          kind: "postgres",
          async exec(sql) {
            await client.query(sql);
          },
          async query<T>(sql: string, params: unknown[] = []) {
            return (await client.query(sql, params)).rows as T[];
          },
        });
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.removeListener("error", onError);
        client.release();
      }
    },
  };
}
