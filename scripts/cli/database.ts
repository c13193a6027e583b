// The CLI's database: the same selection as the server (DATABASE_URL, else PGlite under
// KEEL_DATA_DIR). On PGlite it takes the data-dir lock as "cli" before touching anything, so
// it refuses while a server (or another CLI) has the embedded database open.
// The database modules (Prisma, PGlite, pg) load only when a command needs them, so help and
// usage errors answer at once.
import type { Database } from "@/lib/server/db/open";
import { databaseUrl, dataDir, pgliteDir } from "@/lib/server/env";

export async function openCliDatabase(): Promise<Database> {
  const { openDatabase } = await import("@/lib/server/db/open");
  const url = databaseUrl();
  if (url) {
    try {
      return await openDatabase({ kind: "postgres", url, poolSize: 3 });
    } catch (err) {
      throw new Error(`cannot use PostgreSQL at ${describePostgres(url)}: ${errorMessage(err)}`);
    }
  }
  return openDatabase({ kind: "pglite", dir: pgliteDir(), lock: { dataDir: dataDir(), role: "cli" } });
}

/** Where the data goes, for messages: never prints a password. */
export function describeTarget(): string {
  const url = databaseUrl();
  return url ? `PostgreSQL ${describePostgres(url)}` : `embedded database in ${dataDir()}`;
}

function describePostgres(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "(DATABASE_URL is not a valid URL)";
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length) return errorMessage(err.errors[0]);
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return err.message || code || err.name;
  }
  return String(err);
}

/** Opens, runs fn, always closes (releasing the data-dir lock). */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openCliDatabase();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
