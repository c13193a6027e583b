import "server-only";
// The one database handle type. Every query, service, ingest path, OTLP path, remap, demo load and
// CLI command takes a `Db`; nothing takes `db.sql` or `db.prisma` on its own.
//   - db.prisma: typed reads and writes (Prisma); db.transaction runs a Prisma interactive
//     transaction whose handle is a `DbTx`.
//   - db.sql: raw SQL with pg's own types (bulk ingest, KPI SQL). Never route raw SQL through
//     Prisma ($queryRaw answers BigInt/Decimal where pg and PGlite answer numbers and strings).
//     db.sql.transaction runs BEGIN/COMMIT on one connection; its handle is a `SqlTx`.
// Inside either transaction use only its handle: PGlite is one connection, so a statement on the
// outer handle would wait for the transaction to end, which waits for the statement (deadlock).
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { SqlRunner, SqlTx } from "./sql-runner";

export interface Db {
  readonly kind: "pglite" | "postgres";
  readonly prisma: PrismaClient;
  readonly sql: SqlRunner;
}

/** The handle inside a Prisma interactive transaction (services' writes). */
export interface DbTx {
  readonly kind: "pglite" | "postgres";
  readonly prisma: Prisma.TransactionClient;
}

/** A handle that may or may not be inside a Prisma transaction: a `Db` is one too. */
export type DbOrTx = Db | DbTx;

/** The handle inside a raw-SQL transaction (bulk ingest, OTLP rebuilds): its statements only. */
export interface DbSqlTx {
  readonly kind: "pglite" | "postgres";
  readonly sql: SqlTx;
}

/** A handle that may or may not be inside a raw-SQL transaction: a `Db` is one too. */
export type DbOrSqlTx = Db | DbSqlTx;

/** Runs fn in one Prisma interactive transaction, with a handle bound to it. */
export function transaction<T>(db: Db, fn: (tx: DbTx) => Promise<T>): Promise<T> {
  return db.prisma.$transaction((prisma) => fn({ kind: db.kind, prisma }));
}

/** Runs fn in one raw-SQL transaction (BEGIN/COMMIT on one connection), with a handle bound to it. */
export function sqlTransaction<T>(db: Db, fn: (tx: DbSqlTx) => Promise<T>): Promise<T> {
  return db.sql.transaction((sql) => fn({ kind: db.kind, sql }));
}

export type { SqlTx };
