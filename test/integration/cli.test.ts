// The `keel` CLI on a fresh database per suite: in this process (runKeel, as bin/keel.mjs ends in),
// and twice as the real bin/keel.mjs child process (--help, and a command reading real stdin).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "@/lib/server/auth/api-keys";
import { verifyPassword } from "@/lib/server/auth/password";
import type { Database } from "@/lib/server/db/open";
import { readMigrations } from "@/lib/server/db/migrate";
import { authenticateApiKey } from "@/lib/server/http/api-key-auth";
import { cliTargetKinds, createCliTarget, lastLine, ROOT, runCli, runCliInProcess, type CliTarget } from "./cli-harness";

// A database open per call (and two real CLI starts), several seconds each on a loaded 2-core machine.
const CLI_TEST_TIMEOUT_MS = 180_000;

const migrations = readMigrations(`${ROOT}/prisma/migrations`).map((m) => m.name);

describe("keel CLI: help and usage errors", () => {
  const env = { KEEL_DATA_DIR: "/tmp/keel-cli-never-created", DATABASE_URL: "" };

  it("--help lists every command and exits 0", async () => {
    const res = await runCli(["--help"], env);
    expect(res.code).toBe(0);
    for (const cmd of ["migrate", "demo", "api-key create", "api-key list", "api-key revoke", "user create"])
      expect(res.stdout).toContain(`  ${cmd} `);
  }, CLI_TEST_TIMEOUT_MS);

  it("each command has its own --help", async () => {
    const apiKey = await runCliInProcess(["api-key", "create", "--help"], env);
    expect(apiKey.code).toBe(0);
    expect(apiKey.stdout).toMatch(/^Usage: keel api-key create --project NAME --scope SCOPE/);
    const user = await runCliInProcess(["help", "user", "create"], env);
    expect(user.code).toBe(0);
    expect(user.stdout).toContain("--role ROLE");
    const group = await runCliInProcess(["api-key", "--help"], env);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain("api-key revoke");
  }, CLI_TEST_TIMEOUT_MS);

  it("an unknown command exits 2 with a message, touching no database", async () => {
    const res = await runCliInProcess(["frobnicate"], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("keel: error: unknown command 'frobnicate'");
    expect(res.stderr).toContain("Run 'keel --help' for usage.");
    expect(res.stdout).toBe("");
    const none = await runCliInProcess([], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: keel <command>");
  }, CLI_TEST_TIMEOUT_MS);

  it("an unknown option, a missing value or a bad value exits 2 naming the flag", async () => {
    const cases: [string[], string][] = [
      [["user", "create", "--emial", "a@b.co"], "unknown option --emial"],
      [["api-key", "create", "--project"], "option --project needs a value"],
      [["api-key", "create", "--project", "shop", "--scope", "write"], "invalid value 'write' for --scope; expected one of: ingest, read"],
      [["api-key", "create", "--project", "shop"], "missing required option --scope"],
      [["api-key", "create", "--scope", "read"], "missing required option --project"],
      [["user", "create", "--email", "nope", "--password", "long-enough", "--project", "p", "--role", "sre"], "invalid value 'nope' for --email"],
      [["user", "create", "--email", "a@b.co", "--password", "short", "--project", "p", "--role", "sre"], "invalid value for --password: at least 8 characters"],
      [["api-key", "revoke"], "give exactly one of --prefix or --id"],
      [["migrate", "extra"], "unexpected argument 'extra'"],
    ];
    for (const [args, message] of cases) {
      const res = await runCliInProcess(args, env);
      expect({ args, code: res.code, hasMessage: res.stderr.includes(message) }).toEqual({ args, code: 2, hasMessage: true });
    }
  }, CLI_TEST_TIMEOUT_MS);
});

describe.each(cliTargetKinds())("keel CLI on %s", (kind) => {
  let target: CliTarget;
  const cli = (...args: string[]) => runCliInProcess(args, target.env);
  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = await target.open();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  beforeAll(async () => {
    target = await createCliTarget(kind);
  });
  afterAll(async () => {
    await target?.cleanup();
  });

  it("migrate applies every migration once; again, it changes nothing", async () => {
    const first = await cli("migrate");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Applied ${migrations.length} migration`);
    for (const name of migrations) expect(first.stdout).toContain(`  ${name}`);
    const second = await cli("migrate");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`is up to date (${migrations.length} migration`);
    const rows = await withDb((db) =>
      db.sql.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`),
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrations);
  }, CLI_TEST_TIMEOUT_MS);

  it("api-key create (no server ever started) creates the project and prints a working key", async () => {
    const res = await cli("api-key", "create", "--project", "Shop Agent", "--scope", "ingest", "--scope", "read", "--name", "ci");
    expect(res.code).toBe(0);
    const key = lastLine(res.stdout);
    expect(res.stdout).toBe(key + "\n");
    expect(key).toMatch(/^keel_[A-Za-z0-9_-]{43}$/);
    expect(res.stderr).toContain("Created project 'shop-agent'.");
    expect(res.stderr).toContain(`Created API key "ci" (${key.slice(0, 12)}…) for project 'shop-agent' with scopes ingest, read.`);
    await withDb(async (db) => {
      const project = await db.prisma.project.findUnique({ where: { slug: "shop-agent" }, include: { settings: true } });
      expect(project?.name).toBe("Shop Agent");
      expect(project?.settings?.projectId).toBe(project?.id);
      const row = await db.prisma.apiKey.findUnique({ where: { hash: hashApiKey(key) } });
      expect(row).toMatchObject({ projectId: project?.id, name: "ci", prefix: key.slice(0, 12), revokedAt: null });
      expect([...(row?.scopes ?? [])].sort()).toEqual(["ingest", "read"]);
      // Only the hash is stored.
      const stored = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM api_keys WHERE hash = $1 OR prefix = $2`, [key, key]);
      expect(stored[0].n).toBe(0);
      const auth = await authenticateApiKey(db, key);
      expect(auth?.project.slug).toBe("shop-agent");
      expect([...(auth?.scopes ?? [])].sort()).toEqual(["ingest", "read"]);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it("api-key create on an existing project reuses it; list shows the keys; revoke stops a key", async () => {
    const res = await cli("api-key", "create", "--project", "shop-agent", "--scope", "read");
    expect(res.code).toBe(0);
    expect(res.stderr).not.toContain("Created project");
    const key = lastLine(res.stdout);
    const list = await cli("api-key", "list", "--project", "Shop Agent");
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(key.slice(0, 12));
    expect(list.stdout.trim().split("\n")).toHaveLength(3);

    const revoke = await cli("api-key", "revoke", "--prefix", key.slice(0, 12));
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toContain(`Revoked API key "API key" (${key.slice(0, 12)}…) of project 'shop-agent'.`);
    await withDb(async (db) => {
      expect(await authenticateApiKey(db, key)).toBeNull();
      expect(await db.prisma.project.count({ where: { slug: "shop-agent" } })).toBe(1);
    });
    const unknown = await cli("api-key", "revoke", "--prefix", "keel_nothere");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("keel: error: no API key matches prefix 'keel_nothere'");
    const missing = await cli("api-key", "list", "--project", "nowhere");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("project 'nowhere' not found");
  }, CLI_TEST_TIMEOUT_MS);

  it("user create makes a person whose password verifies, with the role in the project", async () => {
    const res = await cli("user", "create", "--email", "Lee@Example.COM", "--password", "correct horse", "--project", "Team Blue", "--role", "sre");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("Created project 'team-blue'.");
    expect(res.stdout).toContain("Created user lee@example.com with role sre in project 'team-blue'.");
    await withDb(async (db) => {
      const user = await db.prisma.user.findUnique({ where: { email: "lee@example.com" }, include: { memberships: { include: { project: true } } } });
      expect(user).not.toBeNull();
      expect(await verifyPassword("correct horse", user!.passwordHash)).toBe(true);
      expect(await verifyPassword("wrong horse", user!.passwordHash)).toBe(false);
      expect(user!.memberships.map((m) => [m.project.slug, m.role])).toEqual([["team-blue", "sre"]]);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it("user create on an existing person changes the role, keeps the password unless told", async () => {
    const again = await cli("user", "create", "--email", "lee@example.com", "--password", "another one", "--project", "team-blue", "--role", "owner");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("User lee@example.com already existed; their role in project 'team-blue' is now owner.");
    const reset = await runCli(
      ["user", "create", "--email", "lee@example.com", "--password-stdin", "--project", "team-blue", "--role", "owner", "--reset-password"],
      target.env,
      { input: "from stdin 123\n" },
    );
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain("Password reset.");
    await withDb(async (db) => {
      const user = await db.prisma.user.findUniqueOrThrow({ where: { email: "lee@example.com" }, include: { memberships: true } });
      expect(await verifyPassword("from stdin 123", user.passwordHash)).toBe(true);
      expect(await verifyPassword("another one", user.passwordHash)).toBe(false);
      expect(user.memberships.map((m) => m.role)).toEqual(["owner"]);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it("a bad role exits 2 naming --role, and creates nothing", async () => {
    const res = await cli("user", "create", "--email", "kim@example.com", "--password", "long enough", "--project", "ghost", "--role", "boss");
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("keel: error: invalid value 'boss' for --role; expected one of: viewer, sre, owner, admin");
    expect(res.stderr).toContain("Run 'keel user create --help' for usage.");
    await withDb(async (db) => {
      expect(await db.prisma.user.count({ where: { email: "kim@example.com" } })).toBe(0);
      expect(await db.prisma.project.count({ where: { slug: "ghost" } })).toBe(0);
    });
  }, CLI_TEST_TIMEOUT_MS);
});
