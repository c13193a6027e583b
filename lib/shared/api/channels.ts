// Response schemas of /api/v1/channels/*. Secrets (signing secret, routing key, Slack and
// PagerDuty URLs) are write-only: lists answer hints, and POST answers a webhook's secret once.
import { z } from "zod";
import { ALERT_SEVERITIES, CHANNEL_TYPES, DELIVERY_STATUSES, NOTIFICATION_TYPES } from "../channels";
import { personRefSchema } from "./settings";

export const deliveryItemSchema = z.object({
  /** The delivery id a receiver dedupes by (X-Keel-Delivery): the same on every attempt. */
  id: z.string(),
  channelId: z.string(),
  type: z.enum(NOTIFICATION_TYPES),
  dedupKey: z.string(),
  severity: z.enum(ALERT_SEVERITIES).nullable(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  alertId: z.string().nullable(),
});

export const channelItemSchema = z.object({
  id: z.string(),
  type: z.enum(CHANNEL_TYPES),
  name: z.string(),
  /** The URL masked: scheme and host, then the last 4 characters (`https://hooks.slack.com/…x9Qz`). */
  urlHint: z.string(),
  /** The routing key's last 4 characters (pagerduty), else null. */
  routingKeyHint: z.string().nullable(),
  /** A webhook signs with a secret; it was shown once at creation. */
  signed: z.boolean(),
  severities: z.array(z.enum(ALERT_SEVERITIES)),
  createdAt: z.string(),
  createdBy: personRefSchema.nullable(),
  lastDelivery: deliveryItemSchema.pick({ status: true, createdAt: true, lastError: true }).nullable(),
});

/** POST answer (CONTRACT §8): `secret` only for a webhook, and only this once. */
export const channelCreatedSchema = z.object({
  id: z.string(),
  type: z.enum(CHANNEL_TYPES),
  name: z.string(),
  secret: z.string().optional(),
  channel: channelItemSchema,
});

export const channelsResponse = z.object({ channels: z.array(channelItemSchema) });
export const channelResponse = z.object({ channel: channelItemSchema });
export const channelDeletedResponse = z.object({ deleted: z.object({ id: z.string(), name: z.string() }) });
export const deliveriesResponse = z.object({ deliveries: z.array(deliveryItemSchema) });
/** POST /channels/{id}/test: the test delivery after its first attempt (delivered, or pending with the error). */
export const testDeliveryResponse = z.object({ delivery: deliveryItemSchema });

export type ChannelItem = z.infer<typeof channelItemSchema>;
export type ChannelCreated = z.infer<typeof channelCreatedSchema>;
export type DeliveryItem = z.infer<typeof deliveryItemSchema>;
