import "server-only";
// Enqueueing a notification (issue 15, CONTRACT §8): one delivery row per channel routed for the
// event's severity, each with the exact body to send, written in the caller's transaction (an
// alert's state change and its notifications land together or not at all). The worker
// (./deliveries.ts) sends them; nothing here does I/O beyond the database.
import { randomBytes } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import type { DbOrTx } from "../db/handle";
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

/** Returns the ids of the deliveries written (none when no channel is routed for this severity). */
export async function enqueueNotification(db: DbOrTx, input: NotificationInput): Promise<string[]> {
  const now = input.now ?? new Date();
  const project = await db.prisma.project.findUniqueOrThrow({ where: { id: input.projectId }, select: { slug: true, name: true } });
  const where: Prisma.NotificationChannelWhereInput = { projectId: input.projectId };
  if (input.channelId !== undefined) where.id = input.channelId;
  else if (input.severity !== null) where.severities = { has: input.severity };
  const channels = await db.prisma.notificationChannel.findMany({ where, select: { id: true, type: true }, orderBy: { createdAt: "asc" } });
  if (channels.length === 0) return [];
  const data = input.data ?? {};
  const rows = channels.map((ch): Prisma.NotificationDeliveryCreateManyInput => {
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
    };
  });
  await db.prisma.notificationDelivery.createMany({ data: rows });
  return rows.map((r) => r.id);
}
