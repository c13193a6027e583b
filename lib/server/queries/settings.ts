import "server-only";
// Reads of the settings page: the project's API keys, members, ingest limits and audit trail.
// Every read is scoped by project id; the key's hash never leaves this module.
import type { Database } from "../db";
import { DEFAULT_INGEST_BURST, DEFAULT_INGEST_RATE_PER_SECOND } from "../ingest/rate-limit";
import type { Scope } from "@/lib/shared/permissions";
import { AUDIT_LIMIT, type ApiKeyItem, type AuditEntry, type IngestSettings, type MemberItem } from "@/lib/shared/settings";

export const apiKeySelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { email: true, name: true } },
} as const;

export function toApiKeyItem(r: {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { email: string; name: string | null } | null;
}): ApiKeyItem {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes as Scope[],
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}

/** Active keys first (newest first), then revoked ones. */
export async function listApiKeys(db: Database, projectId: string): Promise<ApiKeyItem[]> {
  const rows = await db.prisma.apiKey.findMany({
    where: { projectId },
    select: apiKeySelect,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const items = rows.map(toApiKeyItem);
  return [...items.filter((k) => !k.revokedAt), ...items.filter((k) => k.revokedAt)];
}

export const memberSelect = {
  role: true,
  createdAt: true,
  user: { select: { id: true, email: true, name: true } },
} as const;

export function toMemberItem(r: {
  role: MemberItem["role"];
  createdAt: Date;
  user: { id: string; email: string; name: string | null };
}): MemberItem {
  return { userId: r.user.id, email: r.user.email, name: r.user.name, role: r.role, since: r.createdAt.toISOString() };
}

export async function listMembers(db: Database, projectId: string): Promise<MemberItem[]> {
  const rows = await db.prisma.membership.findMany({
    where: { projectId },
    select: memberSelect,
    orderBy: { user: { email: "asc" } },
  });
  return rows.map(toMemberItem);
}

export async function getIngestSettings(db: Database, projectId: string): Promise<IngestSettings> {
  const row = await db.prisma.projectSettings.findUnique({
    where: { projectId },
    select: { ingestRatePerSecond: true, ingestBurst: true, updatedAt: true },
  });
  return {
    ingestRatePerSecond: row?.ingestRatePerSecond ?? DEFAULT_INGEST_RATE_PER_SECOND,
    ingestBurst: row?.ingestBurst ?? DEFAULT_INGEST_BURST,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** The latest entries of the project's audit trail, newest first. */
export async function listAuditEntries(db: Database, projectId: string, limit = AUDIT_LIMIT): Promise<AuditEntry[]> {
  const rows = await db.prisma.auditLog.findMany({
    where: { projectId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      at: true,
      action: true,
      targetType: true,
      targetId: true,
      before: true,
      after: true,
      actorApiKeyId: true,
      actor: { select: { email: true, name: true } },
    },
  });
  const keyIds = [...new Set(rows.flatMap((r) => (r.actorApiKeyId ? [r.actorApiKeyId] : [])))];
  const keys = keyIds.length
    ? await db.prisma.apiKey.findMany({ where: { projectId, id: { in: keyIds } }, select: { id: true, name: true, prefix: true } })
    : [];
  const keyById = new Map(keys.map((k) => [k.id, k]));
  return rows.map((r) => {
    const key = r.actorApiKeyId ? keyById.get(r.actorApiKeyId) : undefined;
    return {
      id: r.id.toString(),
      at: r.at.toISOString(),
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      actor: r.actor
        ? { type: "user" as const, email: r.actor.email, name: r.actor.name }
        : key
          ? { type: "apiKey" as const, name: key.name, prefix: key.prefix }
          : null,
      before: r.before,
      after: r.after,
    };
  });
}
