import "server-only";
// Reads of notification channels and their delivery log. Secrets never leave this module: a
// channel is answered with hints (masked URL, the routing key's last characters).
import type { DbOrTx } from "../db/handle";
import type { ChannelItem, DeliveryItem } from "@/lib/shared/api/channels";
import type { AlertSeverity, ChannelType, DeliveryStatus, NotificationType } from "@/lib/shared/channels";

export const DELIVERY_LOG_LIMIT = 50;

/** Scheme and host, then `…` and the last 4 characters of the rest: enough to recognise, not to use. */
export function maskUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "…";
  }
  const rest = `${u.pathname}${u.search}`.replace(/^\/$/, "");
  return rest.length === 0 ? `${u.protocol}//${u.host}` : `${u.protocol}//${u.host}/…${rest.length > 8 ? rest.slice(-4) : ""}`;
}

export const deliveryLogSelect = {
  id: true,
  channelId: true,
  type: true,
  dedupKey: true,
  severity: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  lastStatusCode: true,
  lastError: true,
  deliveredAt: true,
  createdAt: true,
  alertId: true,
} as const;

type DeliveryRow = {
  id: string;
  channelId: string;
  type: string;
  dedupKey: string;
  severity: string | null;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  alertId: string | null;
};

export function toDeliveryItem(r: DeliveryRow): DeliveryItem {
  const status = r.status as DeliveryStatus;
  return {
    id: r.id,
    channelId: r.channelId,
    type: r.type as NotificationType,
    dedupKey: r.dedupKey,
    severity: r.severity as AlertSeverity | null,
    status,
    attempts: r.attempts,
    nextAttemptAt: status === "pending" ? r.nextAttemptAt.toISOString() : null,
    lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
    lastStatusCode: r.lastStatusCode,
    lastError: r.lastError,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    alertId: r.alertId,
  };
}

const channelSelect = {
  id: true,
  type: true,
  name: true,
  url: true,
  routingKey: true,
  secret: true,
  severities: true,
  createdAt: true,
  createdBy: { select: { email: true, name: true } },
  deliveries: { select: { status: true, createdAt: true, lastError: true }, orderBy: { createdAt: "desc" }, take: 1 },
} as const;

type ChannelRow = {
  id: string;
  type: string;
  name: string;
  url: string;
  routingKey: string | null;
  secret: string | null;
  severities: string[];
  createdAt: Date;
  createdBy: { email: string; name: string | null } | null;
  deliveries: { status: string; createdAt: Date; lastError: string | null }[];
};

function toChannelItem(r: ChannelRow): ChannelItem {
  const last = r.deliveries[0];
  return {
    id: r.id,
    type: r.type as ChannelType,
    name: r.name,
    urlHint: maskUrl(r.url),
    routingKeyHint: r.routingKey ? `…${r.routingKey.length > 8 ? r.routingKey.slice(-4) : ""}` : null,
    signed: r.secret !== null,
    severities: r.severities as AlertSeverity[],
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    lastDelivery: last ? { status: last.status as DeliveryStatus, createdAt: last.createdAt.toISOString(), lastError: last.lastError } : null,
  };
}

/** The project's channels, oldest first. */
export async function listChannels(db: DbOrTx, projectId: string): Promise<ChannelItem[]> {
  const rows = await db.prisma.notificationChannel.findMany({ where: { projectId }, select: channelSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toChannelItem);
}

/** One channel of the project, or null (another project's channel is absent). */
export async function getChannel(db: DbOrTx, projectId: string, id: string): Promise<ChannelItem | null> {
  const row = await db.prisma.notificationChannel.findUnique({ where: { projectId_id: { projectId, id } }, select: channelSelect });
  return row ? toChannelItem(row) : null;
}

/** The channel's latest deliveries (newest first), or null when the project has no such channel. */
export async function listChannelDeliveries(db: DbOrTx, projectId: string, channelId: string): Promise<DeliveryItem[] | null> {
  const channel = await db.prisma.notificationChannel.findUnique({ where: { projectId_id: { projectId, id: channelId } }, select: { id: true } });
  if (!channel) return null;
  const rows = await db.prisma.notificationDelivery.findMany({
    where: { projectId, channelId },
    select: deliveryLogSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: DELIVERY_LOG_LIMIT,
  });
  return rows.map(toDeliveryItem);
}

/** One delivery of the project, or null. */
export async function getDelivery(db: DbOrTx, projectId: string, id: string): Promise<DeliveryItem | null> {
  const row = await db.prisma.notificationDelivery.findUnique({ where: { projectId_id: { projectId, id } }, select: deliveryLogSelect });
  return row ? toDeliveryItem(row) : null;
}
