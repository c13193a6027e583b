import "server-only";
// Reads of the settings page: the project's API keys, members, ingest limits and audit trail.
// Every read is scoped by project id; the key's hash never leaves this module.
import type { Database } from "../db";
import { DEFAULT_INGEST_BURST, DEFAULT_INGEST_RATE_PER_SECOND } from "../ingest/rate-limit";
import type { Scope } from "@/lib/shared/permissions";
import { AUDIT_LIMIT, type ApiKeyItem, type AuditTrailEntry, type IngestSettings, type MemberItem } from "@/lib/shared/settings";

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

/** Every key of the project, oldest first (`keel api-key list`). */
export async function listApiKeysOldestFirst(db: Database, projectId: string): Promise<ApiKeyItem[]> {
  const rows = await db.prisma.apiKey.findMany({ where: { projectId }, select: apiKeySelect, orderBy: { createdAt: "asc" } });
  return rows.map(toApiKeyItem);
}

/** The keys with this id, or whose prefix starts with `prefix`, in one project or in all (`keel api-key revoke`). */
export async function findApiKeys(
  db: Database,
  match: { id: string } | { prefix: string },
  projectId?: string,
): Promise<(ApiKeyItem & { projectId: string; projectSlug: string })[]> {
  const rows = await db.prisma.apiKey.findMany({
    where: {
      ...("id" in match ? { id: match.id } : { prefix: { startsWith: match.prefix } }),
      ...(projectId ? { projectId } : {}),
    },
    select: { ...apiKeySelect, projectId: true, project: { select: { slug: true } } },
  });
  return rows.map((r) => ({ ...toApiKeyItem(r), projectId: r.projectId, projectSlug: r.project.slug }));
}

/** Which of these (lower-case) emails belong to an account. */
export async function existingUserEmails(db: Database, emails: string[]): Promise<Set<string>> {
  const found = await db.prisma.user.findMany({ where: { email: { in: emails } }, select: { email: true } });
  return new Set(found.map((u) => u.email));
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

const personLabel = (u: { email: string; name: string | null }) => (u.name ? `${u.name} <${u.email}>` : u.email);

/**
 * Names of the entries' targets, read in one query per target type (never per row), each scoped
 * to the project (a person: through their membership or an audit row of this project naming them).
 */
async function targetLabels(db: Database, projectId: string, rows: { targetType: string; targetId: string | null }[]) {
  const ids = (type: string) => [...new Set(rows.flatMap((r) => (r.targetType === type && r.targetId ? [r.targetId] : [])))];
  const [keys, users, incidents, fixItems, projects] = await Promise.all([
    ids("api_key").length
      ? db.prisma.apiKey.findMany({ where: { projectId, id: { in: ids("api_key") } }, select: { id: true, name: true, prefix: true } })
      : [],
    [...ids("membership"), ...ids("user")].length
      ? db.prisma.user.findMany({ where: { id: { in: [...ids("membership"), ...ids("user")] } }, select: { id: true, email: true, name: true } })
      : [],
    ids("incident").length
      ? db.prisma.incident.findMany({ where: { projectId, id: { in: ids("incident") } }, select: { id: true, number: true, title: true } })
      : [],
    ids("fix_item").length
      ? db.prisma.fixItem.findMany({ where: { projectId, id: { in: ids("fix_item") } }, select: { id: true, reason: true } })
      : [],
    ids("project").length ? db.prisma.project.findMany({ where: { id: projectId }, select: { id: true, name: true } }) : [],
  ]);
  const labels = new Map<string, string>();
  for (const k of keys) labels.set(`api_key:${k.id}`, `${k.name} (${k.prefix}…)`);
  for (const u of users) {
    labels.set(`membership:${u.id}`, personLabel(u));
    labels.set(`user:${u.id}`, personLabel(u));
  }
  for (const i of incidents) labels.set(`incident:${i.id}`, `#${i.number} ${i.title}`);
  for (const f of fixItems) labels.set(`fix_item:${f.id}`, f.reason);
  for (const p of projects) labels.set(`project:${p.id}`, p.name);
  // A budget is named by its workflow (its id).
  for (const w of ids("workflow_budget")) labels.set(`workflow_budget:${w}`, w);
  return labels;
}

/** The latest entries of the project's audit trail, newest first, with actors and targets named. */
export async function listAuditEntries(db: Database, projectId: string, limit = AUDIT_LIMIT): Promise<AuditTrailEntry[]> {
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
      actorType: true,
      actorLabel: true,
      actorApiKeyId: true,
      actor: { select: { email: true, name: true } },
    },
  });
  const keyIds = [...new Set(rows.flatMap((r) => (r.actorApiKeyId ? [r.actorApiKeyId] : [])))];
  const [keys, labels] = await Promise.all([
    keyIds.length
      ? db.prisma.apiKey.findMany({ where: { projectId, id: { in: keyIds } }, select: { id: true, name: true, prefix: true } })
      : [],
    targetLabels(db, projectId, rows),
  ]);
  const keyById = new Map(keys.map((k) => [k.id, k]));
  return rows.map((r) => {
    const key = r.actorApiKeyId ? keyById.get(r.actorApiKeyId) : undefined;
    const actor: AuditTrailEntry["actor"] =
      r.actorType === "cli" || r.actorType === "system"
        ? { type: r.actorType, label: r.actorLabel }
        : r.actor
          ? { type: "user", email: r.actor.email, name: r.actor.name }
          : key
            ? { type: "apiKey", name: key.name, prefix: key.prefix }
            : null;
    return {
      id: r.id.toString(),
      at: r.at.toISOString(),
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      targetLabel: r.targetId ? (labels.get(`${r.targetType}:${r.targetId}`) ?? null) : null,
      actor,
      before: r.before,
      after: r.after,
    };
  });
}
