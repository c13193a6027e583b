// CONTRACT §1 headless start: KEEL_INIT_* create what is missing; the same values again change nothing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "@/lib/server/auth/api-keys";
import { verifyPassword } from "@/lib/server/auth/password";
import type { Database } from "@/lib/server/db/open";
import { authenticateApiKey } from "@/lib/server/http/api-key-auth";
import { applyHeadlessInit } from "@/lib/server/services/headless-init";
import { testDatabases } from "../helpers/db";

describe.each(testDatabases())("headless init on $name", (target) => {
  let db: Database;
  const tag = randomBytes(4).toString("hex");
  const env = {
    KEEL_INIT_PROJECT: `Headless ${tag}`,
    KEEL_INIT_API_KEY: `keel_ci_${randomBytes(24).toString("base64url")}`,
    KEEL_INIT_ADMIN_EMAIL: `Ops-${tag}@Example.com`,
    KEEL_INIT_ADMIN_PASSWORD: "s3cret-admin-pass",
  };
  const slug = `headless-${tag}`;
  const email = `ops-${tag}@example.com`;

  /** Every row headless init may write, as stored. */
  async function rows() {
    const project = await db.prisma.project.findUnique({ where: { slug }, include: { settings: true } });
    const projectId = project?.id ?? "";
    return {
      projects: await db.prisma.project.findMany({ where: { slug }, include: { settings: true } }),
      apiKeys: await db.prisma.apiKey.findMany({ where: { projectId }, orderBy: { id: "asc" } }),
      users: await db.prisma.user.findMany({ where: { email }, orderBy: { id: "asc" } }),
      memberships: await db.prisma.membership.findMany({ where: { projectId }, orderBy: { userId: "asc" } }),
    };
  }

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("creates the project, the key and the admin on the first start", async () => {
    const result = await applyHeadlessInit(db, env);
    expect(result).toEqual({ project: { slug, created: true }, apiKeyCreated: true, adminCreated: true });
    const r = await rows();
    expect(r.projects).toHaveLength(1);
    expect(r.projects[0].name).toBe(`Headless ${tag}`);
    expect(r.projects[0].settings?.projectId).toBe(r.projects[0].id);
    expect(r.apiKeys).toHaveLength(1);
    expect(r.apiKeys[0]).toMatchObject({ hash: hashApiKey(env.KEEL_INIT_API_KEY), revokedAt: null, name: "KEEL_INIT_API_KEY" });
    expect(r.users).toHaveLength(1);
    expect(r.memberships.map((m) => [m.userId, m.role])).toEqual([[r.users[0].id, "admin"]]);
  });

  it("starting again with the same values changes nothing", async () => {
    const before = await rows();
    const counts = async () => ({
      projects: await db.prisma.project.count(),
      apiKeys: await db.prisma.apiKey.count(),
      users: await db.prisma.user.count(),
      memberships: await db.prisma.membership.count(),
      settings: await db.prisma.projectSettings.count(),
    });
    const countsBefore = await counts();
    for (let i = 0; i < 2; i++) {
      const result = await applyHeadlessInit(db, env);
      expect(result).toEqual({ project: { slug, created: false }, apiKeyCreated: false, adminCreated: false });
    }
    expect(await rows()).toEqual(before);
    expect(await counts()).toEqual(countsBefore);
  });

  it("the key works with scopes ingest and read, and the admin can sign in", async () => {
    const auth = await authenticateApiKey(db, env.KEEL_INIT_API_KEY);
    expect(auth?.project.slug).toBe(slug);
    expect([...(auth?.scopes ?? [])].sort()).toEqual(["ingest", "read"]);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(await verifyPassword(env.KEEL_INIT_ADMIN_PASSWORD, user.passwordHash)).toBe(true);
    expect(await verifyPassword("not-the-password", user.passwordHash)).toBe(false);
  });

  it("a changed admin password in the environment does not reset an existing admin's", async () => {
    await applyHeadlessInit(db, { ...env, KEEL_INIT_ADMIN_PASSWORD: "another-password" });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(await verifyPassword(env.KEEL_INIT_ADMIN_PASSWORD, user.passwordHash)).toBe(true);
  });

  it("does nothing without KEEL_INIT_PROJECT, and refuses an admin email without a password", async () => {
    const projects = await db.prisma.project.count();
    expect(await applyHeadlessInit(db, {})).toEqual({});
    expect(await applyHeadlessInit(db, { KEEL_INIT_API_KEY: "keel_orphan_key_without_project" })).toEqual({});
    expect(await db.prisma.project.count()).toBe(projects);
    expect(await db.prisma.apiKey.count({ where: { hash: hashApiKey("keel_orphan_key_without_project") } })).toBe(0);
    await expect(
      applyHeadlessInit(db, { KEEL_INIT_PROJECT: `Headless ${tag}`, KEEL_INIT_ADMIN_EMAIL: `other-${tag}@example.com` }),
    ).rejects.toThrow("KEEL_INIT_ADMIN_EMAIL is set but KEEL_INIT_ADMIN_PASSWORD is empty");
  });
});
