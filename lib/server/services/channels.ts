import "server-only";
// Notification channels (issue 15): create (a webhook's signing secret is answered once), change,
// delete, send a test. Every change and its audit row land in one transaction; audit rows hold
// the masked URL and never a secret, a routing key or a full URL.
import { randomBytes } from "node:crypto";
import type { Database } from "../db";
import { transaction, type DbTx } from "../db/handle";
import { badRequest, notFound } from "../http/errors";
import { getChannel, getDelivery } from "../queries/channels";
import { actorUserId, recordAudit, type AuditActor } from "./audit";
import { runDeliveries, type DeliveryOptions } from "./deliveries";
import { enqueueNotification } from "./notifications";
import type { ChannelCreated, ChannelItem, DeliveryItem } from "@/lib/shared/api/channels";
import { ALERT_SEVERITIES, PAGERDUTY_EVENTS_URL, type CreateChannelInput, type UpdateChannelInput } from "@/lib/shared/channels";

type ChannelActor = Extract<AuditActor, { type: "user" } | { type: "cli" }>;

/** What the audit trail keeps of a channel: nothing that lets anyone post to it. */
const auditView = (c: ChannelItem) => ({ type: c.type, name: c.name, url: c.urlHint, severities: c.severities });

async function mustGet(tx: DbTx, projectId: string, id: string): Promise<ChannelItem> {
  const c = await getChannel(tx, projectId, id);
  if (!c) throw notFound(`channel '${id}' not found`);
  return c;
}

export async function createChannel(db: Database, projectId: string, input: CreateChannelInput, actor: ChannelActor): Promise<ChannelCreated> {
  const secret = input.type === "webhook" ? `whsec_${randomBytes(24).toString("base64url")}` : null;
  return transaction(db, async (tx) => {
    const row = await tx.prisma.notificationChannel.create({
      data: {
        projectId,
        type: input.type,
        name: input.name,
        url: input.url ?? PAGERDUTY_EVENTS_URL,
        routingKey: input.routingKey ?? null,
        secret,
        severities: input.severities ?? [...ALERT_SEVERITIES],
        createdById: actorUserId(actor),
      },
      select: { id: true },
    });
    const channel = await mustGet(tx, projectId, row.id);
    await recordAudit(tx.prisma, { projectId, actor, action: "channel.create", targetType: "channel", targetId: channel.id, after: auditView(channel) });
    return { id: channel.id, type: channel.type, name: channel.name, ...(secret ? { secret } : {}), channel };
  });
}

export async function updateChannel(db: Database, projectId: string, id: string, patch: UpdateChannelInput, actor: ChannelActor): Promise<ChannelItem> {
  return transaction(db, async (tx) => {
    const before = await mustGet(tx, projectId, id);
    if (patch.routingKey !== undefined && before.type !== "pagerduty")
      throw badRequest("invalid body: routingKey: only pagerduty channels take a routing key", [
        { path: "routingKey", message: "only pagerduty channels take a routing key" },
      ]);
    await tx.prisma.notificationChannel.update({
      where: { projectId_id: { projectId, id } },
      data: {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.routingKey !== undefined ? { routingKey: patch.routingKey } : {}),
        ...(patch.severities !== undefined ? { severities: patch.severities } : {}),
      },
    });
    const after = await mustGet(tx, projectId, id);
    await recordAudit(tx.prisma, {
      projectId,
      actor,
      action: "channel.update",
      targetType: "channel",
      targetId: id,
      before: auditView(before),
      // A new routing key is recorded as changed, never as its value.
      after: { ...auditView(after), ...(patch.routingKey !== undefined ? { routingKey: "changed" } : {}) },
    });
    return after;
  });
}

/** Deletes the channel and its delivery log (pending deliveries are never sent). */
export async function deleteChannel(db: Database, projectId: string, id: string, actor: ChannelActor): Promise<{ id: string; name: string }> {
  return transaction(db, async (tx) => {
    const before = await mustGet(tx, projectId, id);
    await tx.prisma.notificationChannel.delete({ where: { projectId_id: { projectId, id } } });
    await recordAudit(tx.prisma, { projectId, actor, action: "channel.delete", targetType: "channel", targetId: id, before: auditView(before) });
    return { id, name: before.name };
  });
}

/**
 * Enqueues a `test` notification to this channel only and attempts it at once, answering the
 * delivery after that attempt: delivered, failed, or pending with the error and the next retry
 * (the worker carries on from there like for any delivery).
 */
export async function sendTestNotification(
  db: Database,
  projectId: string,
  id: string,
  actor: ChannelActor,
  options: DeliveryOptions & { now?: Date } = {},
): Promise<DeliveryItem> {
  const now = options.now ?? new Date();
  const deliveryId = await transaction(db, async (tx) => {
    const channel = await mustGet(tx, projectId, id);
    const [created] = await enqueueNotification(tx, {
      projectId,
      type: "test",
      severity: null,
      dedupKey: `test:${now.getTime()}:${randomBytes(4).toString("hex")}`,
      summary: `Test notification from Keel to “${channel.name}”`,
      data: { channel: channel.name },
      channelId: id,
      now,
    });
    await recordAudit(tx.prisma, { projectId, actor, action: "channel.test", targetType: "channel", targetId: id, after: { deliveryId: created, name: channel.name } });
    return created!;
  });
  await runDeliveries(db, now, { ...options, only: { projectId, id: deliveryId } });
  const delivery = await getDelivery(db, projectId, deliveryId);
  if (!delivery) throw notFound(`channel '${id}' not found`);
  return delivery;
}
