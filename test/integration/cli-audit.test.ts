// The CLI's audit trail and `--member`: keys and people created, revoked or changed with `keel`
// leave audit rows with actor `cli`, written by the same services as Settings; the audit list
// names them in words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { hashApiKey } from "@/lib/server/auth/api-keys";
import { listAuditEntries } from "@/lib/server/queries/settings";
import { hashPassword } from "@/lib/server/auth/password";
import { cliTargetKinds, createCliTarget, lastLine, runCliInProcess, type CliTarget } from "./cli-harness";

const CLI_TEST_TIMEOUT_MS = 180_000;

describe.each(cliTargetKinds())("keel CLI audit trail on %s", (kind) => {
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
  /** The project's audit rows, oldest first, as [actorType, actorLabel, action, after]. */
  const auditRows = (slug: string) =>
    withDb(async (db) => {
      const project = await db.prisma.project.findUniqueOrThrow({ where: { slug } });
      const rows = await db.prisma.auditLog.findMany({ where: { projectId: project.id }, orderBy: { id: "asc" } });
      return rows.map((r) => ({ actorType: r.actorType, actorLabel: r.actorLabel, actorUserId: r.actorUserId, action: r.action, after: r.after }));
    });

  beforeAll(async () => {
    target = await createCliTarget(kind);
    expect((await cli("migrate")).code).toBe(0);
    // An existing person for --member (made without the CLI: no audit row of this project).
    await withDb(async (db) =>
      db.prisma.user.create({ data: { email: "ada@example.test", name: "Ada Admin", passwordHash: await hashPassword("long-enough-1") } }),
    );
  }, CLI_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await target?.cleanup();
  });

  it("--member with an unknown email exits 1 naming it, and creates nothing", async () => {
    const res = await cli("api-key", "create", "--project", "Ghost Town", "--scope", "ingest", "--member", "nobody@example.test");
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toContain("keel: error: no user with email nobody@example.test");
    await withDb(async (db) => {
      expect(await db.prisma.project.findUnique({ where: { slug: "ghost-town" } })).toBeNull();
      expect(await db.prisma.apiKey.count()).toBe(0);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it("--member that is not an email exits 2 naming --member", async () => {
    const res = await cli("api-key", "create", "--project", "x", "--scope", "ingest", "--member", "ada");
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("invalid value 'ada' for --member: not an email address");
  }, CLI_TEST_TIMEOUT_MS);

  it("api-key create --member makes the person admin; project, membership and key are audited as cli", async () => {
    const res = await cli("api-key", "create", "--project", "Audit Shop", "--scope", "ingest", "--name", "ci", "--member", "ADA@example.test");
    expect(res.code).toBe(0);
    const key = lastLine(res.stdout);
    expect(res.stderr).toContain("Made ada@example.test admin of project 'audit-shop'.");
    const prefix = key.slice(0, 12);
    const { keyId, adaId } = await withDb(async (db) => {
      const project = await db.prisma.project.findUniqueOrThrow({ where: { slug: "audit-shop" } });
      const ada = await db.prisma.user.findUniqueOrThrow({ where: { email: "ada@example.test" }, include: { memberships: true } });
      expect(ada.memberships.map((m) => [m.projectId, m.role])).toEqual([[project.id, "admin"]]);
      const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { hash: hashApiKey(key) } });
      // No person created it.
      expect(row.createdById).toBeNull();
      return { keyId: row.id, adaId: ada.id };
    });
    const label = "keel api-key create";
    expect(await auditRows("audit-shop")).toEqual([
      { actorType: "cli", actorLabel: label, actorUserId: null, action: "project.create", after: { slug: "audit-shop", name: "Audit Shop" } },
      { actorType: "cli", actorLabel: label, actorUserId: null, action: "member.add", after: { email: "ada@example.test", role: "admin", createdUser: false } },
      { actorType: "cli", actorLabel: label, actorUserId: null, action: "api_key.create", after: { name: "ci", prefix, scopes: ["ingest"], revokedAt: null } },
    ]);

    // Again with the same member: already a member, role kept, no second member row.
    const again = await cli("api-key", "create", "--project", "audit-shop", "--scope", "read", "--name", "reader", "--member", "ada@example.test");
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("ada@example.test is already a member of project 'audit-shop' (role admin).");
    expect((await auditRows("audit-shop")).map((r) => r.action)).toEqual(["project.create", "member.add", "api_key.create", "api_key.create"]);

    // Revoking from the CLI is audited too, with the key's name and prefix.
    const revoke = await cli("api-key", "revoke", "--prefix", prefix);
    expect(revoke.code).toBe(0);
    const rows = await auditRows("audit-shop");
    expect(rows.at(-1)).toMatchObject({ actorType: "cli", actorLabel: "keel api-key revoke", action: "api_key.revoke" });

    // The audit list (what Settings shows) names the actor CLI and the targets.
    const entries = await withDb(async (db) => {
      const project = await db.prisma.project.findUniqueOrThrow({ where: { slug: "audit-shop" } });
      return listAuditEntries(db, project.id);
    });
    expect(entries.map((e) => [e.actor, e.action, e.targetLabel])).toEqual([
      [{ type: "cli", label: "keel api-key revoke" }, "api_key.revoke", `ci (${prefix}…)`],
      [{ type: "cli", label: "keel api-key create" }, "api_key.create", expect.stringMatching(/^reader \(keel_.{7}…\)$/)],
      [{ type: "cli", label: "keel api-key create" }, "api_key.create", `ci (${prefix}…)`],
      [{ type: "cli", label: "keel api-key create" }, "member.add", "Ada Admin <ada@example.test>"],
      [{ type: "cli", label: "keel api-key create" }, "project.create", "Audit Shop"],
    ]);
    expect(entries[3].targetId).toBe(adaId);
    expect(entries[2].targetId).toBe(keyId);
  }, CLI_TEST_TIMEOUT_MS);

  it("api-key revoke --id writes the same api_key.revoke row as Settings, actor cli; a second revoke writes none", async () => {
    const created = await cli("api-key", "create", "--project", "Revoke Shop", "--scope", "read", "--name", "old");
    expect(created.code).toBe(0);
    const prefix = lastLine(created.stdout).slice(0, 12);
    const keyId = await withDb(async (db) => (await db.prisma.apiKey.findFirstOrThrow({ where: { prefix } })).id);

    const revoke = await cli("api-key", "revoke", "--id", keyId, "--project", "revoke-shop");
    expect(revoke.code).toBe(0);
    expect(lastLine(revoke.stdout)).toBe(`Revoked API key "old" (${prefix}…) of project 'revoke-shop'.`);
    const rows = await withDb(async (db) => db.prisma.auditLog.findMany({ where: { action: "api_key.revoke", targetId: keyId } }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorType: "cli", actorLabel: "keel api-key revoke", actorUserId: null, actorApiKeyId: null, targetType: "api_key" });
    expect(rows[0].before).toEqual({ name: "old", prefix, scopes: ["read"], revokedAt: null });
    expect(rows[0].after).toEqual({ name: "old", prefix, scopes: ["read"], revokedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    const again = await cli("api-key", "revoke", "--id", keyId);
    expect(again.code).toBe(0);
    expect(lastLine(again.stdout)).toBe(`API key ${prefix}… of project 'revoke-shop' was already revoked.`);
    expect(await withDb(async (db) => db.prisma.auditLog.count({ where: { action: "api_key.revoke", targetId: keyId } }))).toBe(1);
  }, CLI_TEST_TIMEOUT_MS);

  it("user create adds the person to the project; role changes and password resets are audited as cli", async () => {
    const first = await cli("user", "create", "--email", "kim@example.test", "--password", "long enough", "--project", "audit-shop", "--role", "sre");
    expect(first.code).toBe(0);
    const same = await cli("user", "create", "--email", "kim@example.test", "--password", "long enough", "--project", "audit-shop", "--role", "sre");
    expect(same.code).toBe(0);
    const promote = await cli("user", "create", "--email", "kim@example.test", "--password", "another one", "--project", "audit-shop", "--role", "owner", "--reset-password");
    expect(promote.code).toBe(0);
    await withDb(async (db) => {
      const kim = await db.prisma.user.findUniqueOrThrow({ where: { email: "kim@example.test" }, include: { memberships: { include: { project: true } } } });
      expect(kim.memberships.map((m) => [m.project.slug, m.role])).toEqual([["audit-shop", "owner"]]);
    });
    const rows = (await auditRows("audit-shop")).slice(5);
    expect(rows).toEqual([
      { actorType: "cli", actorLabel: "keel user create", actorUserId: null, action: "member.add", after: { email: "kim@example.test", role: "sre", createdUser: true } },
      // The second, identical call changed nothing: no row.
      { actorType: "cli", actorLabel: "keel user create", actorUserId: null, action: "member.role_change", after: { email: "kim@example.test", role: "owner" } },
      { actorType: "cli", actorLabel: "keel user create", actorUserId: null, action: "user.password_reset", after: { email: "kim@example.test" } },
    ]);
    // Nothing of the password reaches the audit log.
    const text = JSON.stringify(await auditRows("audit-shop"));
    expect(text).not.toContain("another one");
    expect(text).not.toContain("long enough");
  }, CLI_TEST_TIMEOUT_MS);
});
