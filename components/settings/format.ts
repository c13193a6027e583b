// Display helpers of the settings panels (dates in the viewer's zone, audit lines in words).
import { formatDate, formatDateTime } from "@/lib/shared/format";
import type { AuditEntry, PersonRef } from "@/lib/shared/settings";

/** "2026-12-01 14:23" in the viewer's zone (lib/shared/format.ts). */
export function fmtWhen(iso: string | null): string {
  return formatDateTime(iso);
}

/** "2026-12-01" in the viewer's zone. */
export function fmtDay(iso: string): string {
  return formatDate(iso);
}

export const personLabel = (p: PersonRef | null) => (p ? (p.name ?? p.email) : "—");

export function actorLabel(actor: AuditEntry["actor"]): string {
  if (!actor) return "deleted user";
  return actor.type === "user" ? (actor.name ?? actor.email) : `key ${actor.name} (${actor.prefix}…)`;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "?");

/** One line of what changed, from the entry's before/after JSON. */
export function describeAudit(e: AuditEntry): string {
  const b = obj(e.before);
  const a = obj(e.after);
  switch (e.action) {
    case "api_key.create":
      return `Created API key “${str(a.name)}” (${str(a.prefix)}…, ${Array.isArray(a.scopes) ? a.scopes.join(" + ") : "?"})`;
    case "api_key.revoke":
      return `Revoked API key “${str(b.name)}” (${str(b.prefix)}…)`;
    case "member.add":
      return `Added ${str(a.email)} as ${str(a.role)}${a.createdUser ? " (new account)" : ""}`;
    case "member.role_change":
      return `Changed ${str(a.email)} from ${str(b.role)} to ${str(a.role)}`;
    case "member.remove":
      return `Removed ${str(b.email)} (${str(b.role)})`;
    case "ingest_settings.update":
      return `Ingest limit ${str(b.ingestRatePerSecond)}/s burst ${str(b.ingestBurst)} → ${str(a.ingestRatePerSecond)}/s burst ${str(a.ingestBurst)}`;
    case "gate_settings.update": {
      const changed = Object.keys(a).filter((k) => a[k] !== b[k]);
      return changed.length ? `Gate thresholds: ${changed.map((k) => `${k} ${str(b[k])} → ${str(a[k])}`).join(", ")}` : "Gate thresholds saved";
    }
    default:
      return `${e.action} on ${e.targetType}${e.targetId ? ` ${e.targetId}` : ""}`;
  }
}
