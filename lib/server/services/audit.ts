import "server-only";
// The one way to write an audit_logs row. Services call it inside the transaction of the change
// they record, so the change and its row land together or not at all. The JSON never holds a key
// or a password.
import type { Prisma } from "../generated/prisma/client";
import type { DbSqlTx } from "../db/handle";

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

/**
 * Writes the row through the caller's transaction: a Prisma one (`tx.prisma`), or a raw-SQL one
 * (the alert evaluation's, which opens incidents by itself) given as its `DbSqlTx`.
 */
export async function recordAudit(db: AuditWriter | DbSqlTx, entry: AuditRecord): Promise<void> {
  const row = auditRow(entry);
  if (!isSqlTx(db)) {
    await db.auditLog.create({ data: row });
    return;
  }
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  await db.sql.query(
    `INSERT INTO "audit_logs" ("projectId", "actorType", "actorLabel", "actorUserId", "actorApiKeyId", "action", "targetType", "targetId", "before", "after", "at")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, COALESCE($11::timestamptz, CURRENT_TIMESTAMP))`,
    [row.projectId, row.actorType, row.actorLabel, row.actorUserId, row.actorApiKeyId, row.action, row.targetType, row.targetId, json(row.before), json(row.after), row.at ?? null],
  );
}

function isSqlTx(db: AuditWriter | DbSqlTx): db is DbSqlTx {
  return typeof (db as Partial<DbSqlTx>).sql?.query === "function";
}

/** Many rows in one statement (the demo loader's back-dated history). */
export async function recordAudits(db: AuditWriter, entries: AuditRecord[]): Promise<void> {
  if (entries.length) await db.auditLog.createMany({ data: entries.map(auditRow) });
}
