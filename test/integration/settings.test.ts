// Project settings on real databases: API keys (created once, revoked at once), members and the
// last-admin guard, the ingest rate limit with its validation, and the audit trail of each change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ensureUserWithRole } from "@/lib/server/services/accounts";
import { addIncidentNote, createIncident } from "@/lib/server/services/incidents";
import { actorLabel, actorTitle, describeAudit } from "@/components/settings/audit-format";
import { HttpError } from "@/lib/server/http/errors";
import { authenticateApiKey } from "@/lib/server/http/api-key-auth";
import { getIngestSettings, listApiKeys, listAuditEntries, listMembers } from "@/lib/server/queries/settings";
import {
  addMember,
  changeMemberRole,
  createProjectApiKey,
  removeMember,
  revokeProjectApiKey,
  updateIngestSettings,
} from "@/lib/server/services/settings";
import { takeIngestToken } from "@/lib/server/ingest/rate-limit";
import { verifyPassword } from "@/lib/server/auth/password";
import { addMemberSchema, createApiKeySchema, ingestSettingsPatchSchema } from "@/lib/shared/settings";
import { createTestProject, uniqueSlug } from "../helpers/db";
import { testDatabases } from "../helpers/db";

async function httpError(p: Promise<unknown>): Promise<HttpError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpError);
  return err as HttpError;
}

const issuesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => [i.path.join("."), i.message]);

describe.each(testDatabases())("settings on $name", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  async function projectWithAdmin() {
    const project = await createTestProject(db, "settings");
    const { user } = await ensureUserWithRole(db, {
      email: `${uniqueSlug("admin")}@example.test`,
      password: "admin-password",
      projectId: project.id,
      role: "admin",
    });
    return { project, admin: user, actor: { type: "user" as const, userId: user.id } };
  }

  it("creates a key shown once, lists it without the secret, and a revoked key fails auth at once", async () => {
    const { project, admin, actor } = await projectWithAdmin();
    const created = await createProjectApiKey(db, project.id, { name: "CI reader", scopes: ["read"] }, actor);
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    expect(created.apiKey).toMatchObject({ name: "CI reader", scopes: ["read"], revokedAt: null, lastUsedAt: null });
    expect(created.apiKey.createdBy).toEqual({ email: admin.email, name: null });

    const auth = await authenticateApiKey(db, created.key);
    expect(auth).toMatchObject({ id: created.apiKey.id, scopes: ["read"], project: { id: project.id } });

    const listed = await listApiKeys(db, project.id);
    expect(listed.map((k) => k.id)).toEqual([created.apiKey.id]);
    expect(JSON.stringify(listed)).not.toContain(created.key);

    const revoked = await revokeProjectApiKey(db, project.id, created.apiKey.id, actor);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await authenticateApiKey(db, created.key)).toBeNull();
    // Revoking again changes nothing and writes no second audit row.
    expect((await revokeProjectApiKey(db, project.id, created.apiKey.id, actor)).revokedAt).toBe(revoked.revokedAt);

    const entries = await listAuditEntries(db, project.id);
    expect(entries.map((e) => [e.action, e.targetType, e.targetId])).toEqual([
      ["api_key.revoke", "api_key", created.apiKey.id],
      ["api_key.create", "api_key", created.apiKey.id],
    ]);
    expect(entries[1].actor).toEqual({ type: "user", email: admin.email, name: null });
    expect(entries[1].after).toEqual({ name: "CI reader", prefix: created.apiKey.prefix, scopes: ["read"], revokedAt: null });
    expect(JSON.stringify(entries)).not.toContain(created.key);
  });

  it("another project's key is not found (404), and its key keeps working", async () => {
    const a = await projectWithAdmin();
    const b = await projectWithAdmin();
    const other = await createProjectApiKey(db, b.project.id, { name: "B", scopes: ["ingest", "read"] }, b.actor);
    const err = await httpError(revokeProjectApiKey(db, a.project.id, other.apiKey.id, a.actor));
    expect(err.status).toBe(404);
    expect(await authenticateApiKey(db, other.key)).not.toBeNull();
    expect(await listAuditEntries(db, a.project.id)).toEqual([]);
  });

  it("adds an existing person and creates a new one with a password; never stores the password in the audit", async () => {
    const { project, actor } = await projectWithAdmin();
    const other = await createTestProject(db, "settings-other");
    const existingEmail = `${uniqueSlug("sam")}@example.test`;
    await ensureUserWithRole(db, { email: existingEmail, password: "sams-password", projectId: other.id, role: "viewer" });

    const added = await addMember(db, project.id, { email: existingEmail.toUpperCase(), role: "sre" }, actor);
    expect(added).toMatchObject({ createdUser: false, member: { email: existingEmail, role: "sre" } });

    const newEmail = `${uniqueSlug("new")}@example.test`;
    const created = await addMember(db, project.id, { email: newEmail, role: "viewer", name: "New Person", password: "first-password-1" }, actor);
    expect(created).toMatchObject({ createdUser: true, member: { email: newEmail, name: "New Person", role: "viewer" } });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: newEmail } });
    expect(await verifyPassword("first-password-1", user.passwordHash)).toBe(true);

    const members = await listMembers(db, project.id);
    expect(members.map((m) => m.role).sort()).toEqual(["admin", "sre", "viewer"]);

    const dup = await httpError(addMember(db, project.id, { email: newEmail, role: "admin" }, actor));
    expect([dup.status, dup.issues]).toEqual([409, [{ path: "email", message: dup.message }]]);
    const noPassword = await httpError(addMember(db, project.id, { email: `${uniqueSlug("x")}@example.test`, role: "viewer" }, actor));
    expect([noPassword.status, noPassword.issues?.[0]?.path]).toEqual([400, "password"]);

    const entries = await listAuditEntries(db, project.id);
    expect(entries.map((e) => [e.action, e.after])).toEqual([
      ["member.add", { email: newEmail, role: "viewer", createdUser: true }],
      ["member.add", { email: existingEmail, role: "sre", createdUser: false }],
    ]);
    expect(JSON.stringify(entries)).not.toContain("first-password-1");
  });

  it("the last admin can be neither demoted nor removed (400 naming role); with two admins one may go", async () => {
    const { project, admin, actor } = await projectWithAdmin();
    const demote = await httpError(changeMemberRole(db, project.id, admin.id, "owner", actor));
    expect([demote.status, demote.issues]).toEqual([400, [{ path: "role", message: "the project must keep at least one admin" }]]);
    const remove = await httpError(removeMember(db, project.id, admin.id, actor));
    expect([remove.status, remove.issues?.[0]?.path]).toEqual([400, "role"]);

    const second = await addMember(db, project.id, { email: `${uniqueSlug("b")}@example.test`, role: "viewer", password: "pass-word-2" }, actor);
    const promoted = await changeMemberRole(db, project.id, second.member.userId, "admin", actor);
    expect(promoted.role).toBe("admin");
    expect((await changeMemberRole(db, project.id, admin.id, "owner", actor)).role).toBe("owner");
    expect((await httpError(removeMember(db, project.id, second.member.userId, actor))).status).toBe(400);
    expect((await removeMember(db, project.id, admin.id, actor)).email).toBe(admin.email);
    expect((await listMembers(db, project.id)).map((m) => [m.userId, m.role])).toEqual([[second.member.userId, "admin"]]);
    expect((await httpError(changeMemberRole(db, project.id, admin.id, "viewer", actor))).status).toBe(404);

    const entries = await listAuditEntries(db, project.id);
    expect(entries.map((e) => [e.action, e.before, e.after])).toEqual([
      ["member.remove", { email: admin.email, role: "owner" }, null],
      ["member.role_change", { email: admin.email, role: "admin" }, { email: admin.email, role: "owner" }],
      ["member.role_change", { email: second.member.email, role: "viewer" }, { email: second.member.email, role: "admin" }],
      ["member.add", null, { email: second.member.email, role: "viewer", createdUser: true }],
    ]);
  });

  it("ingest rate limit: defaults, a partial update, audited before → after", async () => {
    const { project, actor } = await projectWithAdmin();
    expect(await getIngestSettings(db, project.id)).toMatchObject({ ingestRatePerSecond: 50, ingestBurst: 100 });
    const saved = await updateIngestSettings(db, project.id, { ingestRatePerSecond: 2.5 }, actor);
    expect(saved).toMatchObject({ ingestRatePerSecond: 2.5, ingestBurst: 100 });
    expect((await updateIngestSettings(db, project.id, { ingestBurst: 7 }, actor)).ingestBurst).toBe(7);
    const entries = await listAuditEntries(db, project.id);
    expect(entries.map((e) => [e.action, e.targetId, e.before, e.after])).toEqual([
      ["ingest_settings.update", project.id, { ingestRatePerSecond: 2.5, ingestBurst: 100 }, { ingestRatePerSecond: 2.5, ingestBurst: 7 }],
      ["ingest_settings.update", project.id, { ingestRatePerSecond: 50, ingestBurst: 100 }, { ingestRatePerSecond: 2.5, ingestBurst: 100 }],
    ]);
  });

  it("a saved limit applies to the very next ingest request (the limiter's 10 s settings cache is dropped)", async () => {
    const { project, actor } = await projectWithAdmin();
    const keyId = `key-${project.id}`;
    const now = Date.now();
    expect(await takeIngestToken(db, project.id, keyId, now)).toEqual({ ok: true }); // caches 50/s, burst 100
    await updateIngestSettings(db, project.id, { ingestRatePerSecond: 0.5, ingestBurst: 1 }, actor);
    expect(await takeIngestToken(db, project.id, keyId, now)).toEqual({ ok: true });
    expect(await takeIngestToken(db, project.id, keyId, now)).toEqual({ ok: false, retryAfterSeconds: 2 });
  });

  it("the audit trail names actors and targets in words: people, keys (name + prefix), incidents, the CLI; no raw ids", async () => {
    const { project, admin, actor } = await projectWithAdmin();
    await db.prisma.user.update({ where: { id: admin.id }, data: { name: "Ada Admin" } });
    const key = await createProjectApiKey(db, project.id, { name: "CI reader", scopes: ["read", "ingest"] }, actor);
    const added = await addMember(db, project.id, { email: `${uniqueSlug("lee")}@example.test`, role: "viewer", name: "Lee Viewer", password: "first-password-1" }, actor);
    await changeMemberRole(db, project.id, added.member.userId, "sre", actor);
    await revokeProjectApiKey(db, project.id, key.apiKey.id, { type: "cli", label: "keel api-key revoke" });
    const incident = await createIncident(db, project.id, { userId: admin.id }, { title: "Ticketing down", severity: "SEV1" });
    await addIncidentNote(db, project.id, incident.number, { userId: admin.id }, "looking");
    await removeMember(db, project.id, added.member.userId, actor);

    const entries = await listAuditEntries(db, project.id);
    const lee = added.member.email;
    const p = key.apiKey.prefix;
    expect(entries.map((e) => [actorLabel(e.actor), describeAudit(e)])).toEqual([
      ["Ada Admin", `Removed ${lee} (sre)`],
      ["Ada Admin", "Added a note to incident #1 Ticketing down"],
      ["Ada Admin", "Opened incident #1 “Ticketing down” (SEV1)"],
      ["CLI", `Revoked API key “CI reader” (${p}…)`],
      ["Ada Admin", `Changed the role of ${lee} from viewer to sre`],
      ["Ada Admin", `Added ${lee} as viewer (new account)`],
      ["Ada Admin", `Created API key “CI reader” (${p}…, read + ingest)`],
    ]);
    expect(actorTitle(entries[0].actor)).toBe(`Ada Admin <${admin.email}>`);
    expect(actorTitle(entries[3].actor)).toBe("keel api-key revoke");
    // Targets are resolved to names where the target still exists.
    expect(entries.map((e) => e.targetLabel)).toEqual([
      `Lee Viewer <${lee}>`,
      "#1 Ticketing down",
      "#1 Ticketing down",
      `CI reader (${p}…)`,
      `Lee Viewer <${lee}>`,
      `Lee Viewer <${lee}>`,
      `CI reader (${p}…)`,
    ]);
    const words = entries.map((e) => describeAudit(e) + actorLabel(e.actor)).join("\n");
    for (const id of [admin.id, added.member.userId, key.apiKey.id, incident.id]) expect(words).not.toContain(id);
    // A person who no longer exists shows as such, not as an id.
    expect(actorLabel(null)).toBe("deleted user");
  });

  it("the audit list keeps the latest 50, newest first", async () => {
    const { project, actor } = await projectWithAdmin();
    for (let i = 1; i <= 52; i++) await updateIngestSettings(db, project.id, { ingestBurst: i }, actor);
    const entries = await listAuditEntries(db, project.id);
    expect(entries).toHaveLength(50);
    expect(entries[0].after).toEqual({ ingestRatePerSecond: 50, ingestBurst: 52 });
    expect(entries[49].after).toEqual({ ingestRatePerSecond: 50, ingestBurst: 3 });
  });
});

describe("settings validation", () => {
  it("ingest: rate > 0 and ≤ 10,000; burst a whole number 1–100,000; at least one field", () => {
    expect(ingestSettingsPatchSchema.safeParse({ ingestRatePerSecond: 0.5, ingestBurst: 100_000 }).success).toBe(true);
    expect(issuesOf(ingestSettingsPatchSchema.safeParse({ ingestRatePerSecond: 0 }))).toEqual([["ingestRatePerSecond", "must be greater than 0"]]);
    expect(issuesOf(ingestSettingsPatchSchema.safeParse({ ingestRatePerSecond: 10_001 }))).toEqual([["ingestRatePerSecond", "at most 10000"]]);
    expect(issuesOf(ingestSettingsPatchSchema.safeParse({ ingestBurst: 1.5 }))).toEqual([["ingestBurst", "a whole number"]]);
    expect(issuesOf(ingestSettingsPatchSchema.safeParse({ ingestBurst: 0 }))).toEqual([["ingestBurst", "at least 1"]]);
    expect(issuesOf(ingestSettingsPatchSchema.safeParse({ ingestBurst: 100_001 }))).toEqual([["ingestBurst", "at most 100000"]]);
    expect(issuesOf(ingestSettingsPatchSchema.safeParse({ ingestBurst: "10" }))).toEqual([["ingestBurst", "a number"]]);
    expect(issuesOf(ingestSettingsPatchSchema.safeParse({}))).toEqual([["", "send ingestRatePerSecond, ingestBurst or both"]]);
  });

  it("api keys need a name and known scopes; members need an email and a role", () => {
    expect(issuesOf(createApiKeySchema.safeParse({ name: " ", scopes: ["read"] }))).toEqual([["name", "give the key a name"]]);
    expect(issuesOf(createApiKeySchema.safeParse({ name: "k", scopes: [] }))).toEqual([["scopes", "choose at least one scope (ingest, read)"]]);
    expect(issuesOf(createApiKeySchema.safeParse({ name: "k", scopes: ["admin"] }))?.[0]?.[0]).toBe("scopes.0");
    expect(issuesOf(addMemberSchema.safeParse({ email: "nope", role: "sre" }))).toEqual([["email", "a valid email address"]]);
    expect(issuesOf(addMemberSchema.safeParse({ email: "a@b.co", role: "root" }))?.[0]?.[0]).toBe("role");
    expect(issuesOf(addMemberSchema.safeParse({ email: "a@b.co", role: "sre", password: "short" }))).toEqual([["password", "at least 8 characters"]]);
  });
});
