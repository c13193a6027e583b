import "server-only";
// Enqueueing a notification (issue 15, CONTRACT §8): one delivery row per channel routed for the
// event's severity, each with the exact body to send, written in the caller's transaction (an
// alert's state change and its notifications land together or not at all). The worker
// (./deliveries.ts) sends them; nothing here does I/O beyond the database.
import { randomBytes } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import type { DbOrTx, DbSqlTx } from "../db/handle";
import { buildPayload } from "../notifications/payloads";
import type { AlertSeverity, ChannelType, NotificationType } from "@/lib/shared/channels";

export interface NotificationInput {
  projectId: string;
  type: NotificationType;
  /** The alert level; null for events without one (release.rollback, test): every channel gets those. */
  severity: AlertSeverity | null;
  /** One per alert (firing and resolved share it): PagerDuty's dedup_key. */
  dedupKey: string;
  summary: string;
  /** Event details; see NotificationContent.data for the keys channels use. */
  data?: Record<string, unknown>;
  alertId?: string | null;
  /** Only this channel (a test send); otherwise routing decides. */
  channelId?: string;
  /** Defaults to now (tests inject a clock). */
  now?: Date;
}

/** `dlv_` and 20 random characters: unique without a round trip, safe in a header. */
export function newDeliveryId(): string {
  return `dlv_${randomBytes(15).toString("base64url")}`;
}

interface Targets {
  project: { slug: string; name: string };
  channels: { id: string; type: string }[];
}

/** The project and the channels routed for this input, through whichever handle the caller holds. */
async function targetsOf(db: DbOrTx | DbSqlTx, input: NotificationInput): Promise<Targets> {
  if ("prisma" in db) {
    const project = await db.prisma.project.findUniqueOrThrow({ where: { id: input.projectId }, select: { slug: true, name: true } });
    const where: Prisma.NotificationChannelWhereInput = { projectId: input.projectId };
    if (input.channelId !== undefined) where.id = input.channelId;
    else if (input.severity !== null) where.severities = { has: input.severity };
    const channels = await db.prisma.notificationChannel.findMany({ where, select: { id: true, type: true }, orderBy: { createdAt: "asc" } });
    return { project, channels };
  }
  const [project] = await db.sql.query<{ slug: string; name: string }>(`SELECT "slug", "name" FROM "projects" WHERE "id" = $1`, [input.projectId]);
  if (!project) throw new Error(`no project ${input.projectId}`);
  const channels = await db.sql.query<{ id: string; type: string }>(
    `SELECT "id", "type" FROM "notification_channels"
      WHERE "projectId" = $1
        AND ($2::text IS NULL OR "id" = $2)
        AND ($2::text IS NOT NULL OR $3::text IS NULL OR $3 = ANY("severities"))
      ORDER BY "createdAt" ASC`,
    [input.projectId, input.channelId ?? null, input.severity],
  );
  return { project, channels };
}

/**
 * Writes one delivery row per channel routed for this input and returns their ids (none when no
 * channel is routed for this severity). Takes a Prisma handle or a raw-SQL transaction (the alert
 * evaluation's), so the rows commit or roll back with the caller's change.
 */
export async function enqueueNotification(db: DbOrTx | DbSqlTx, input: NotificationInput): Promise<string[]> {
  const now = input.now ?? new Date();
  const { project, channels } = await targetsOf(db, input);
  if (channels.length === 0) return [];
  const data = input.data ?? {};
  const rows = channels.map((ch) => {
    const id = newDeliveryId();
    const payload = buildPayload(ch.type as ChannelType, {
      id,
      type: input.type,
      severity: input.severity,
      dedupKey: input.dedupKey,
      summary: input.summary,
      data,
      alertId: input.alertId ?? null,
      project,
      createdAt: now,
    });
    return {
      id,
      projectId: input.projectId,
      channelId: ch.id,
      type: input.type,
      dedupKey: input.dedupKey.slice(0, 200),
      severity: input.severity,
      payload: payload as Prisma.InputJsonValue,
      nextAttemptAt: now,
      createdAt: now,
      alertId: input.alertId ?? null,
    } satisfies Prisma.NotificationDeliveryCreateManyInput;
  });
  if ("prisma" in db) {
    await db.prisma.notificationDelivery.createMany({ data: rows });
  } else {
    for (const r of rows) {
      await db.sql.query(
        `INSERT INTO "notification_deliveries" ("id", "projectId", "channelId", "type", "dedupKey", "severity", "payload", "nextAttemptAt", "createdAt", "alertId")
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10)`,
        [r.id, r.projectId, r.channelId, r.type, r.dedupKey, r.severity, JSON.stringify(r.payload), r.nextAttemptAt, r.createdAt, r.alertId],
      );
    }
  }
  return rows.map((r) => r.id);
}
