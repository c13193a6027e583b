// Keel's own migrator (lib/server/db/migrate.ts) must behave like `prisma migrate deploy`: apply
// each folder once, record it in `_prisma_migrations` as Prisma does, refuse an edited applied
// migration, and let only one of several starters migrate at a time (advisory lock).
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrate, migrationsDir } from "@/lib/server/db/migrate";
import { testDatabases } from "../helpers/db";
import { openScratchHost, type ScratchHost, type ScratchSchema } from "../helpers/scratch";

const folders = readdirSync(migrationsDir(), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

const tmpDirs: string[] = [];
function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keel-test-migrations-"));
  tmpDirs.push(dir);
  cpSync(migrationsDir(), dir, { recursive: true });
  return dir;
}
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

it("there is at least one migration folder, each with a migration.sql", () => {
  expect(folders.length).toBeGreaterThan(0);
  for (const f of folders) expect(() => readFileSync(path.join(migrationsDir(), f, "migration.sql"))).not.toThrow();
});

describe.each(testDatabases().map((t) => t.name))("migrations on %s", (kind) => {
  let host: ScratchHost;
  let scratch: ScratchSchema;
  beforeAll(async () => {
    host = await openScratchHost(kind);
  });
  afterAll(async () => {
    await host?.close();
  });
  beforeEach(async () => {
    scratch = await host.create();
  });
  afterEach(async () => {
    await scratch?.close();
  });

  const rows = () =>
    scratch.sql.query<MigrationRow>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);

  it("applies every folder once; a second run applies nothing and changes nothing", async () => {
    const first = await migrate(scratch.sql);
    expect(first).toEqual({ applied: folders, alreadyApplied: [] });
    const before = await rows();
    const second = await migrate(scratch.sql);
    expect(second).toEqual({ applied: [], alreadyApplied: folders });
    expect(await rows()).toEqual(before);
  });

  it("records each migration as Prisma Migrate does", async () => {
    const started = Date.now();
    await migrate(scratch.sql);
    const columns = await scratch.sql.query<{ column_name: string; data_type: string; is_nullable: string; len: number | null }>(`
      SELECT column_name, data_type, is_nullable, character_maximum_length AS len
      FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = '_prisma_migrations' ORDER BY ordinal_position`);
    expect(columns.map((c) => [c.column_name, c.data_type, c.is_nullable, c.len])).toEqual([
      ["id", "character varying", "NO", 36],
      ["checksum", "character varying", "NO", 64],
      ["finished_at", "timestamp with time zone", "YES", null],
      ["migration_name", "character varying", "NO", 255],
      ["logs", "text", "YES", null],
      ["rolled_back_at", "timestamp with time zone", "YES", null],
      ["started_at", "timestamp with time zone", "NO", null],
      ["applied_steps_count", "integer", "NO", null],
    ]);

    const recorded = await rows();
    expect(recorded.map((r) => r.migration_name)).toEqual(folders);
    for (const r of recorded) {
      expect(r.checksum, r.migration_name).toBe(sha256(path.join(migrationsDir(), r.migration_name, "migration.sql")));
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.finished_at!.getTime()).toBeGreaterThanOrEqual(r.started_at.getTime());
      expect(r.started_at.getTime()).toBeGreaterThanOrEqual(started - 5_000);
      expect(r.rolled_back_at).toBeNull();
      expect(r.logs).toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }
  });

  it("refuses a migration edited after it was applied, and applies a new one added later", async () => {
    const dir = copyOfMigrations();
    await migrate(scratch.sql, dir);
    const last = folders[folders.length - 1];
    appendFileSync(path.join(dir, last, "migration.sql"), "\n-- edited after it was applied\n");
    await expect(migrate(scratch.sql, dir)).rejects.toThrow(
      `migration ${last} was changed after it was applied (checksum differs); add a new migration instead of editing an applied one`,
    );

    const fresh = copyOfMigrations();
    mkdirSync(path.join(fresh, "99999999999999_added_later"));
    writeFileSync(path.join(fresh, "99999999999999_added_later", "migration.sql"), `CREATE TABLE "added_later" ("id" INTEGER);`);
    expect(await migrate(scratch.sql, fresh)).toEqual({ applied: ["99999999999999_added_later"], alreadyApplied: folders });
    expect((await rows()).map((r) => r.migration_name)).toEqual([...folders, "99999999999999_added_later"]);
  });

  it("20261201000000_incident_events_audit_actor keeps old data meaningful: key rows become actor api_key, old incidents get 'opened'", async () => {
    const name = "20261201000000_incident_events_audit_actor";
    const before = copyOfMigrations();
    rmSync(path.join(before, name), { recursive: true });
    for (const f of folders.filter((f) => f > name)) rmSync(path.join(before, f), { recursive: true });
    await migrate(scratch.sql, before);
    await scratch.sql.query(`INSERT INTO "projects" ("id", "slug", "name") VALUES ('p1', 'p1', 'P1')`);
    await scratch.sql.query(`INSERT INTO "users" ("id", "email", "passwordHash") VALUES ('u1', 'u1@t.local', 'x')`);
    await scratch.sql.query(
      `INSERT INTO "incidents" ("id", "projectId", "number", "title", "severity", "createdById", "openedAt")
       VALUES ('i1', 'p1', 1, 'Old one', 'SEV2', 'u1', '2026-11-01T10:00:00Z')`,
    );
    await scratch.sql.query(
      `INSERT INTO "audit_logs" ("projectId", "actorUserId", "actorApiKeyId", "action", "targetType")
       VALUES ('p1', 'u1', NULL, 'member.add', 'membership'), ('p1', NULL, 'k1', 'evals.create', 'eval')`,
    );
    await migrate(scratch.sql, migrationsDir());
    expect(await scratch.sql.query(`SELECT "action", "actorType", "actorLabel" FROM "audit_logs" ORDER BY "id"`)).toEqual([
      { action: "member.add", actorType: "user", actorLabel: null },
      { action: "evals.create", actorType: "api_key", actorLabel: null },
    ]);
    const events = await scratch.sql.query<{ incidentId: string; kind: string; actorUserId: string; at: Date }>(
      `SELECT "incidentId", "kind", "actorUserId", "at" FROM "incident_events"`,
    );
    expect(events.map((e) => [e.incidentId, e.kind, e.actorUserId, new Date(e.at).toISOString()])).toEqual([
      ["i1", "opened", "u1", "2026-11-01T10:00:00.000Z"],
    ]);
  });

  it("20261202200000_citus_keys: incident links get their run's project; keys and links now carry projectId", async () => {
    const name = "20261202200000_citus_keys";
    const before = copyOfMigrations();
    for (const f of folders.filter((f) => f >= name)) rmSync(path.join(before, f), { recursive: true });
    await migrate(scratch.sql, before);
    await scratch.sql.query(`INSERT INTO "projects" ("id", "slug", "name") VALUES ('p1', 'p1', 'P1'), ('p2', 'p2', 'P2')`);
    await scratch.sql.query(
      `INSERT INTO "runs" ("pk", "projectId", "id", "traceId", "sessionId", "workflow", "model", "promptVersion", "release",
         "startedAt", "endedAt", "durationMs", "outcome", "costUsd")
       VALUES (7, 'p1', 'r1', 't1', 's1', 'wf', 'm', 'v1', 'm@v1', '2026-11-01T10:00:00Z', '2026-11-01T10:00:01Z', 1000, 'success', 0.1)`,
    );
    await scratch.sql.query(
      `INSERT INTO "tool_calls" ("runPk", "seq", "projectId", "runStartedAt", "name", "startedAt", "endedAt", "latencyMs", "status")
       VALUES (7, 0, 'p1', '2026-11-01T10:00:00Z', 'search', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00.5Z', 500, 'ok')`,
    );
    await scratch.sql.query(`INSERT INTO "incidents" ("id", "projectId", "number", "title", "severity") VALUES ('i1', 'p1', 1, 'Old one', 'SEV2')`);
    await scratch.sql.query(`INSERT INTO "incident_runs" ("incidentId", "runPk") VALUES ('i1', 7)`);
    await migrate(scratch.sql, migrationsDir());
    expect(await scratch.sql.query(`SELECT "incidentId", "runPk"::int AS "runPk", "projectId" FROM "incident_runs"`)).toEqual([
      { incidentId: "i1", runPk: 7, projectId: "p1" },
    ]);
    // A call or a link that names the run under another project is refused.
    await expect(
      scratch.sql.query(
        `INSERT INTO "tool_calls" ("runPk", "seq", "projectId", "runStartedAt", "name", "startedAt", "endedAt", "latencyMs", "status")
         VALUES (7, 1, 'p2', '2026-11-01T10:00:00Z', 'search', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00.5Z', 500, 'ok')`,
      ),
    ).rejects.toThrow(/tool_calls_runPk_projectId_fkey/);
    await expect(scratch.sql.query(`INSERT INTO "incident_runs" ("incidentId", "runPk", "projectId") VALUES ('i1', 7, 'p2')`)).rejects.toThrow(
      /incident_runs_runPk_projectId_fkey/,
    );
  });

  it("rolls back a failing migration whole and records nothing for it", async () => {
    const dir = copyOfMigrations();
    mkdirSync(path.join(dir, "99999999999999_broken"));
    writeFileSync(path.join(dir, "99999999999999_broken", "migration.sql"), `CREATE TABLE "half" ("id" INTEGER);\nSELECT no_such_function();`);
    await expect(migrate(scratch.sql, dir)).rejects.toThrow(/no_such_function/);
    expect((await rows()).map((r) => r.migration_name)).toEqual(folders);
    const half = await scratch.sql.query(`SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relname = 'half'`);
    expect(half).toEqual([]);
  });
});

describe.each(testDatabases().filter((t) => t.name === "postgres").map((t) => t.name))("concurrent migrations on %s", (kind) => {
  it("two connections migrating at once apply each migration once (advisory lock)", async () => {
    const host = await openScratchHost(kind);
    const scratch = await host.create();
    const a = await scratch.connect();
    const b = await scratch.connect();
    try {
      const results = await Promise.all([migrate(a.sql), migrate(b.sql)]);
      const appliedBy = results.filter((r) => r.applied.length > 0);
      expect(appliedBy).toEqual([{ applied: folders, alreadyApplied: [] }]);
      expect(results.filter((r) => r.applied.length === 0)).toEqual([{ applied: [], alreadyApplied: folders }]);
      const names = await scratch.sql.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(names.map((r) => r.migration_name)).toEqual(folders);
    } finally {
      await a.close();
      await b.close();
      await scratch.close();
      await host.close();
    }
  });
});
