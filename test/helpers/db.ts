// Test databases. Every integration suite runs on each available database: PGlite in-process
// (always) and PostgreSQL when TEST_DATABASE_URL (or DATABASE_URL) is set. Each suite makes its
// own fresh project(s) so suites never see each other's data.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { openDatabase, type Database } from "@/lib/server/db/open";

export interface TestDbTarget {
  name: "pglite" | "postgres";
  open(): Promise<Database>;
}

export function postgresTestUrl(): string | null {
  return process.env.TEST_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim() || null;
}

/** The databases to run integration suites on: `describe.each(testDatabases())`. */
export function testDatabases(): TestDbTarget[] {
  const targets: TestDbTarget[] = [{ name: "pglite", open: () => openTestPglite() }];
  const url = postgresTestUrl();
  if (url) targets.push({ name: "postgres", open: () => openDatabase({ kind: "postgres", url, poolSize: 4 }) });
  return targets;
}

const templates = new Map<string, Blob>();
/** A run's PGlite data dir dump (test/setup/pglite-templates.ts), read once per test file. */
export function pgliteTemplate(which: "empty" | "migrated"): Blob {
  const file = inject("pgliteTemplates")[which];
  let blob = templates.get(file);
  if (!blob) templates.set(file, (blob = new Blob([readFileSync(file)])));
  return blob;
}

/**
 * A fresh in-memory PGlite, started from the run's dump of a migrated database (or, with
 * `migrate: false`, of an empty one) rather than by initdb. It still runs `migrate`, which finds
 * every migration applied.
 */
export function openTestPglite(opts: { migrate?: boolean } = {}): Promise<Database> {
  const migrate = opts.migrate !== false;
  return openDatabase({ kind: "pglite", template: pgliteTemplate(migrate ? "migrated" : "empty"), migrate });
}

export function uniqueSlug(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function createTestProject(db: Database, prefix = "t") {
  const slug = uniqueSlug(prefix);
  return db.prisma.project.create({ data: { slug, name: slug, settings: { create: {} } } });
}
