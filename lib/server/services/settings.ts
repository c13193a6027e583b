import "server-only";
// Admin changes to a project: API keys, members and the ingest rate limit. Each change and its
// audit_logs row are written in one transaction; the audit JSON never holds a key or a password.
import type { Database } from "../db";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { createApiKey, ensureUserWithRole, normaliseEmail } from "./accounts";
import { badRequest, HttpError, notFound } from "../http/errors";
import { resetIngestRateLimits } from "../ingest/rate-limit";
import { apiKeySelect, getIngestSettings, memberSelect, toApiKeyItem, toMemberItem } from "../queries/settings";
import type { Role } from "@/lib/shared/permissions";
import type {
  AddMemberInput,
  ApiKeyCreated,
  ApiKeyItem,
  CreateApiKeyInput,
  IngestSettings,
  IngestSettingsPatch,
  MemberItem,
} from "@/lib/shared/settings";

type Tx = Prisma.TransactionClient;

/** The person making the change (settings routes are for people only: API keys get 403). */
export interface SettingsActor {
  userId: string;
}

interface AuditInput {
  action: string;
  targetType: string;
  targetId: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
}

async function audit(tx: Tx, projectId: string, actor: SettingsActor, entry: AuditInput) {
  await tx.auditLog.create({
    data: {
      projectId,
      actorUserId: actor.userId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      ...(entry.before !== undefined ? { before: entry.before } : {}),
      ...(entry.after !== undefined ? { after: entry.after } : {}),
    },
  });
}

// accounts.ts takes a PrismaClient; within a transaction the same model calls run on `tx`.
const asClient = (tx: Tx) => tx as unknown as PrismaClient;

const keyAudit = (k: ApiKeyItem) => ({ name: k.name, prefix: k.prefix, scopes: k.scopes, revokedAt: k.revokedAt });

export async function createProjectApiKey(
  db: Database,
  projectId: string,
  input: CreateApiKeyInput,
  actor: SettingsActor,
): Promise<ApiKeyCreated> {
  return db.prisma.$transaction(async (tx) => {
    const { key, record } = await createApiKey(asClient(tx), {
      projectId,
      name: input.name,
      scopes: input.scopes,
      createdById: actor.userId,
    });
    const row = await tx.apiKey.findUniqueOrThrow({ where: { id: record.id }, select: apiKeySelect });
    const apiKey = toApiKeyItem(row);
    await audit(tx, projectId, actor, { action: "api_key.create", targetType: "api_key", targetId: apiKey.id, after: keyAudit(apiKey) });
    return { key, apiKey };
  });
}

/** Revokes at once (authentication checks revokedAt on every request). Revoking twice changes nothing. */
export async function revokeProjectApiKey(db: Database, projectId: string, id: string, actor: SettingsActor): Promise<ApiKeyItem> {
  return db.prisma.$transaction(async (tx) => {
    const current = await tx.apiKey.findFirst({ where: { id, projectId }, select: apiKeySelect });
    if (!current) throw notFound(`API key '${id}' not found`);
    if (current.revokedAt) return toApiKeyItem(current);
    const row = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select: apiKeySelect });
    const apiKey = toApiKeyItem(row);
    await audit(tx, projectId, actor, {
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: id,
      before: keyAudit(toApiKeyItem(current)),
      after: keyAudit(apiKey),
    });
    return apiKey;
  });
}

const conflict = (message: string, path: string) => new HttpError(409, "conflict", message, [{ path, message }]);

/**
 * Adds an existing person, or creates one with `password` as their first password. A person who
 * is already a member is a conflict (change their role instead), so adding never silently demotes.
 */
export async function addMember(
  db: Database,
  projectId: string,
  input: AddMemberInput,
  actor: SettingsActor,
): Promise<{ member: MemberItem; createdUser: boolean }> {
  const email = normaliseEmail(input.email);
  return db.prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (user) {
      const existing = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId: user.id } } });
      if (existing) throw conflict(`${email} is already a member (role '${existing.role}'); change their role instead`, "email");
    } else if (!input.password) {
      throw badRequest(`${email} has no account yet: give an initial password`, [
        { path: "password", message: "required for a person without an account" },
      ]);
    }
    const { user: saved, created } = await ensureUserWithRole(asClient(tx), {
      email,
      password: input.password ?? "",
      ...(input.name ? { name: input.name } : {}),
      projectId,
      role: input.role,
    });
    const row = await tx.membership.findUniqueOrThrow({ where: { projectId_userId: { projectId, userId: saved.id } }, select: memberSelect });
    await audit(tx, projectId, actor, {
      action: "member.add",
      targetType: "membership",
      targetId: saved.id,
      after: { email, role: input.role, createdUser: created },
    });
    return { member: toMemberItem(row), createdUser: created };
  });
}

/**
 * Locks the project's admin memberships so two admins demoting each other at once cannot leave
 * the project without one; returns how many admins there are.
 */
async function lockAdmins(tx: Tx, projectId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ userId: string }[]>`
    SELECT "userId" FROM memberships WHERE "projectId" = ${projectId} AND role = 'admin' FOR UPDATE`;
  return rows.length;
}

async function findMembership(tx: Tx, projectId: string, userId: string) {
  const row = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, select: memberSelect });
  if (!row) throw notFound(`member '${userId}' not found`);
  return row;
}

const lastAdmin = (what: string) =>
  badRequest(`the last admin of a project cannot be ${what}: make someone else admin first`, [
    { path: "role", message: "the project must keep at least one admin" },
  ]);

export async function changeMemberRole(
  db: Database,
  projectId: string,
  userId: string,
  role: Role,
  actor: SettingsActor,
): Promise<MemberItem> {
  return db.prisma.$transaction(async (tx) => {
    const admins = await lockAdmins(tx, projectId);
    const current = await findMembership(tx, projectId, userId);
    if (current.role === role) return toMemberItem(current);
    if (current.role === "admin" && admins <= 1) throw lastAdmin("demoted");
    const row = await tx.membership.update({
      where: { projectId_userId: { projectId, userId } },
      data: { role },
      select: memberSelect,
    });
    await audit(tx, projectId, actor, {
      action: "member.role_change",
      targetType: "membership",
      targetId: userId,
      before: { email: current.user.email, role: current.role },
      after: { email: current.user.email, role },
    });
    return toMemberItem(row);
  });
}

/** Removes the membership only; the person's account (and their other projects) stay. */
export async function removeMember(db: Database, projectId: string, userId: string, actor: SettingsActor): Promise<MemberItem> {
  return db.prisma.$transaction(async (tx) => {
    const admins = await lockAdmins(tx, projectId);
    const current = await findMembership(tx, projectId, userId);
    if (current.role === "admin" && admins <= 1) throw lastAdmin("removed");
    await tx.membership.delete({ where: { projectId_userId: { projectId, userId } } });
    await audit(tx, projectId, actor, {
      action: "member.remove",
      targetType: "membership",
      targetId: userId,
      before: { email: current.user.email, role: current.role },
    });
    return toMemberItem(current);
  });
}

export async function updateIngestSettings(
  db: Database,
  projectId: string,
  patch: IngestSettingsPatch,
  actor: SettingsActor,
): Promise<IngestSettings> {
  const data: { ingestRatePerSecond?: number; ingestBurst?: number } = {};
  if (patch.ingestRatePerSecond !== undefined) data.ingestRatePerSecond = patch.ingestRatePerSecond;
  if (patch.ingestBurst !== undefined) data.ingestBurst = patch.ingestBurst;
  const before = await getIngestSettings(db, projectId);
  await db.prisma.$transaction(async (tx) => {
    await tx.projectSettings.upsert({ where: { projectId }, update: data, create: { projectId, ...data } });
    await audit(tx, projectId, actor, {
      action: "ingest_settings.update",
      targetType: "project_settings",
      targetId: projectId,
      before: { ingestRatePerSecond: before.ingestRatePerSecond, ingestBurst: before.ingestBurst },
      after: { ingestRatePerSecond: data.ingestRatePerSecond ?? before.ingestRatePerSecond, ingestBurst: data.ingestBurst ?? before.ingestBurst },
    });
  });
  // The limiter caches settings for 10 s; drop this project's entry so the change applies now.
  resetIngestRateLimits(projectId);
  return getIngestSettings(db, projectId);
}

/** Settings routes are `scope: null`, so the wrapper only lets people through; this keeps the type honest. */
export function personActor(actor: { type: "user"; userId: string } | { type: "apiKey" }): SettingsActor {
  if (actor.type !== "user") throw new HttpError(403, "forbidden", "API keys cannot change settings");
  return { userId: actor.userId };
}
