import "server-only";
// Opens Keel's database: PGlite under the data dir when DATABASE_URL is unset, else PostgreSQL.
// Used by the server (once, lazily, see ./index.ts), the CLI and the tests. Never at module scope.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client";
import { acquireDataDirLock } from "./lock";
import { migrate, type MigrateResult } from "./migrate";
import { durablePgliteOptions } from "./pglite-fsync";
import type { Db } from "./handle";
import { pgliteRunner, postgresRunner } from "./sql-runner";

/** The opened database: the handle (`Db`, ./handle.ts) plus what only its owner uses. */
export interface Database extends Db {
  migrations: MigrateResult | null;
  close(): Promise<void>;
}

export type OpenOptions =
  | {
      kind: "pglite";
      /** A directory, or undefined for an in-memory database (tests). */
      dir?: string;
      /**
       * In memory only: a data dir dump (PGlite `dumpDataDir`) to start from instead of an empty
       * cluster. Tests start from a migrated dump: loading one takes a third of an initdb.
       */
      template?: Blob;
      /** Lock the data dir for this process (server, CLI). Tests on memory need none. */
      lock?: { dataDir: string; role: "server" | "cli" | "test"; port?: number };
      migrate?: boolean;
    }
  | { kind: "postgres"; url: string; migrate?: boolean; poolSize?: number };

// PGlite is one connection: transactions queue behind each other, so they may wait longer.
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 60_000 };

/** KEEL_STATEMENT_TIMEOUT_MS (default 30 s; 0 = none) for every pooled PostgreSQL connection. */
export function statementTimeoutMs(): number {
  const raw = Number(process.env.KEEL_STATEMENT_TIMEOUT_MS ?? 30_000);
  return Number.isFinite(raw) && raw >= 0 ? Math.floor(raw) : 30_000;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.kind === "pglite") {
    const release = opts.lock ? acquireDataDirLock(opts.lock.dataDir, opts.lock) : () => {};
    try {
      if (opts.dir) mkdirSync(/*turbopackIgnore: true*/ opts.dir, { recursive: true });
      // On a data dir: fsync at every commit (./pglite-fsync.ts, docs/operations.md "Durability").
      const client = opts.dir
        ? await PGlite.create(durablePgliteOptions(opts.dir))
        : await PGlite.create(opts.template ? { loadDataDir: opts.template } : {});
      const sql = pgliteRunner(client);
      const migrations = opts.migrate === false ? null : await migrate(sql);
      const prisma = new PrismaClient({
        adapter: new PrismaPGlite(client),
        transactionOptions: TRANSACTION_OPTIONS,
      });
      return {
        kind: "pglite",
        prisma,
        sql,
        migrations,
        async close() {
          await prisma.$disconnect();
          await client.close();
          release();
        },
      };
    } catch (err) {
      release();
      throw err;
    }
  }

  let migrations: MigrateResult | null = null;
  if (opts.migrate !== false) {
    // Migrations on one dedicated connection: the advisory lock is per connection.
    const client = new pg.Client({ connectionString: opts.url });
    await client.connect();
    try {
      migrations = await migrate(postgresRunner(client));
    } finally {
      await client.end();
    }
  }
  // No statement may hold a connection for long: a pathological query fails with 57014
  // (query_canceled → a JSON error) instead of stalling every request queued behind the pool.
  // JIT off: the rollup reads' row estimates (index ranges bounded by a CTE's values) run far
  // above what they read, past jit_above_cost, and compiling took ~0.5 s of a 20 ms query
  // (bench:scale); no Keel query is the long analytical scan JIT pays off on.
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, statement_timeout: statementTimeoutMs(), options: "-c jit=off" });
  // An idle client's error (server restart) must not crash the process; the next query retries.
  pool.on("error", () => {});
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: 10_000, timeout: 30_000 },
  });
  return {
    kind: "postgres",
    prisma,
    sql: postgresRunner(pool),
    migrations,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
