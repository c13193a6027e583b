import "server-only";
// Applies prisma/migrations/*/migration.sql in name order and records each in
// `_prisma_migrations` exactly as Prisma Migrate does (id, sha256 checksum, timings, steps), so
// a later switch to `prisma migrate deploy` would see them as applied. Prisma 7's migrate engine
// cannot be downloaded on these machines, hence our own runner.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { SqlRunner } from "./sql-runner";

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

/** Same number Prisma uses for its advisory lock, so two starters never migrate at once. */
const ADVISORY_LOCK_ID = 72707369;

export function appRoot(): string {
  return process.env.KEEL_APP_ROOT || process.cwd();
}

export function migrationsDir(): string {
  return path.join(/*turbopackIgnore: true*/ appRoot(), "prisma", "migrations");
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = migrationsDir()): MigrationFile[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) throw new Error(`migrations folder not found: ${dir}`);
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export async function migrate(db: SqlRunner, dir = migrationsDir()): Promise<MigrateResult> {
  const migrations = readMigrations(dir);
  if (db.kind === "postgres") await db.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_ID]);
  try {
    await db.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await db.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const m of migrations) {
      const appliedChecksum = done.get(m.name);
      if (appliedChecksum !== undefined) {
        if (appliedChecksum !== m.checksum) {
          throw new Error(
            `migration ${m.name} was changed after it was applied (checksum differs); ` +
              `add a new migration instead of editing an applied one`,
          );
        }
        result.alreadyApplied.push(m.name);
        continue;
      }
      const startedAt = new Date();
      await db.transaction(async (tx) => {
        await tx.exec(m.sql);
        await tx.query(
          `INSERT INTO "_prisma_migrations"
             (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, $4, 1)`,
          [randomUUID(), m.checksum, m.name, startedAt],
        );
      });
      result.applied.push(m.name);
    }
    return result;
  } finally {
    if (db.kind === "postgres") await db.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_ID]);
  }
}
