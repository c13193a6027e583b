import "server-only";
import type { Scope } from "@/lib/shared/permissions";
import { hashApiKey } from "../auth/api-keys";
import type { Database } from "../db";

// lastUsedAt is written at most once a minute per key (not a write per request).
const LAST_USED_FLUSH_MS = 60_000;
const lastFlushed = new Map<string, number>();

export interface AuthenticatedKey {
  id: string;
  scopes: Scope[];
  project: { id: string; slug: string; name: string };
}

/** Looks the key up by hash on every request, so a revoked key stops working at once. */
export async function authenticateApiKey(db: Database, key: string): Promise<AuthenticatedKey | null> {
  const record = await db.prisma.apiKey.findUnique({
    where: { hash: hashApiKey(key) },
    select: { id: true, scopes: true, revokedAt: true, project: { select: { id: true, slug: true, name: true } } },
  });
  if (!record || record.revokedAt) return null;
  const now = Date.now();
  if ((lastFlushed.get(record.id) ?? 0) + LAST_USED_FLUSH_MS <= now) {
    lastFlushed.set(record.id, now);
    db.prisma.apiKey
      .update({ where: { id: record.id }, data: { lastUsedAt: new Date(now) } })
      .catch(() => lastFlushed.delete(record.id));
  }
  return { id: record.id, scopes: record.scopes as Scope[], project: record.project };
}
