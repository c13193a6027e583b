import "server-only";
// The one way to write an audit_logs row. Services call it inside the transaction of the change
// they record, so the change and its row land together or not at all. The JSON never holds a key
// or a password.
import type { Prisma } from "../generated/prisma/client";

/**
 * Who acted. A person (signed in), an API key, the `keel` command line run on the server (no
 * signed-in person: the operator with shell access), or Keel itself at start-up (headless init).
 * `label` is optional context for the last two, e.g. the CLI command (`api-key create`).
 */
export type AuditActor =
  | { type: "user"; userId: string }
  | { type: "api_key"; apiKeyId: string }
  | { type: "cli"; label?: string }
  | { type: "system"; label?: string };

export type AuditActorType = AuditActor["type"];

export interface AuditRecord {
  /** null only for changes that belong to no project (none yet). */
  projectId: string | null;
  actor: AuditActor;
  /** `<target>.<verb>`, e.g. `api_key.create`, `member.role_change`, `incident.note`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  /** Defaults to now (the demo loader back-dates its rows). */
  at?: Date;
}

/** A PrismaClient or a transaction client: anything that can create audit rows. */
export interface AuditWriter {
  auditLog: Pick<Prisma.TransactionClient["auditLog"], "create" | "createMany">;
}

/** The person's user id when a person acted, else null (for `createdById`-style columns). */
export function actorUserId(actor: AuditActor): string | null {
  return actor.type === "user" ? actor.userId : null;
}

function auditRow(entry: AuditRecord): Prisma.AuditLogUncheckedCreateInput {
  const { actor } = entry;
  return {
    projectId: entry.projectId,
    actorType: actor.type,
    actorLabel: actor.type === "cli" || actor.type === "system" ? (actor.label ?? null) : null,
    actorUserId: actor.type === "user" ? actor.userId : null,
    actorApiKeyId: actor.type === "api_key" ? actor.apiKeyId : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    ...(entry.before !== undefined ? { before: entry.before } : {}),
    ...(entry.after !== undefined ? { after: entry.after } : {}),
    ...(entry.at ? { at: entry.at } : {}),
  };
}

export async function recordAudit(db: AuditWriter, entry: AuditRecord): Promise<void> {
  await db.auditLog.create({ data: auditRow(entry) });
}

/** Many rows in one statement (the demo loader's back-dated history). */
export async function recordAudits(db: AuditWriter, entries: AuditRecord[]): Promise<void> {
  if (entries.length) await db.auditLog.createMany({ data: entries.map(auditRow) });
}
