import "server-only";
// Admin changes to a project: API keys and the ingest rate limit (members: ./members.ts). Each
// change and its audit_logs row are written in one transaction; the audit JSON never holds a key
// or a password. The settings API and the `keel` CLI both write through these functions.
import type { Database } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { transaction, type DbTx } from "../db/handle";
import { createApiKey, ensureProject } from "./accounts";
import { actorUserId, recordAudit, type AuditActor } from "./audit";
import { notFound } from "../http/errors";
import { resetIngestRateLimits } from "../ingest/rate-limit";
import { apiKeySelect, getIngestSettings, toApiKeyItem } from "../queries/settings";
import type { ApiKeyCreated, ApiKeyItem, CreateApiKeyInput, IngestSettings, IngestSettingsPatch } from "@/lib/shared/settings";

export { addMember, changeMemberRole, ensureExistingMembers, ensureMember, removeMember } from "./members";

type Tx = DbTx;

/**
 * Who makes the change: a person through the settings API, or the `keel` CLI on the server.
 * (API keys never reach these services: the settings routes are for people only.)
 */
export type SettingsActor = Extract<AuditActor, { type: "user" } | { type: "cli" }>;

interface AuditInput {
  action: string;
  targetType: string;
  targetId: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
}

const audit = (tx: Tx, projectId: string, actor: SettingsActor, entry: AuditInput) =>
  recordAudit(tx.prisma, { projectId, actor, ...entry });

/**
 * The project named `name` (by its slug), created when missing with a `project.create` audit row
 * in the same transaction. The CLI's commands that name a project use it.
 */
export async function findOrCreateProject(db: Database, name: string, actor: SettingsActor) {
  return transaction(db, async (tx) => {
    const res = await ensureProject(tx, name);
    if (res.created) {
      await audit(tx, res.project.id, actor, {
        action: "project.create",
        targetType: "project",
        targetId: res.project.id,
        after: { slug: res.project.slug, name: res.project.name },
      });
    }
    return res;
  });
}

const keyAudit = (k: ApiKeyItem) => ({ name: k.name, prefix: k.prefix, scopes: k.scopes, revokedAt: k.revokedAt });

export async function createProjectApiKey(
  db: Database,
  projectId: string,
  input: CreateApiKeyInput,
  actor: SettingsActor,
): Promise<ApiKeyCreated> {
  return transaction(db, async (tx) => {
    const { key, record } = await createApiKey(tx, {
      projectId,
      name: input.name,
      scopes: input.scopes,
      ...(actor.type === "user" ? { createdById: actorUserId(actor)! } : {}),
    });
    const row = await tx.prisma.apiKey.findUniqueOrThrow({ where: { id: record.id }, select: apiKeySelect });
    const apiKey = toApiKeyItem(row);
    await audit(tx, projectId, actor, { action: "api_key.create", targetType: "api_key", targetId: apiKey.id, after: keyAudit(apiKey) });
    return { key, apiKey };
  });
}

/** Revokes at once (authentication checks revokedAt on every request). Revoking twice changes nothing. */
export async function revokeProjectApiKey(db: Database, projectId: string, id: string, actor: SettingsActor): Promise<ApiKeyItem> {
  return transaction(db, async (tx) => {
    const current = await tx.prisma.apiKey.findFirst({ where: { id, projectId }, select: apiKeySelect });
    if (!current) throw notFound(`API key '${id}' not found`);
    if (current.revokedAt) return toApiKeyItem(current);
    const row = await tx.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select: apiKeySelect });
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
  await transaction(db, async (tx) => {
    await tx.prisma.projectSettings.upsert({ where: { projectId }, update: data, create: { projectId, ...data } });
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
