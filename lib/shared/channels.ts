// Notification channels (issue 15, CONTRACT §8): the bodies the channels API accepts, shared with
// the settings page. The shapes it answers are in lib/shared/api/channels.ts.
import { z } from "zod";

export const CHANNEL_TYPES = ["webhook", "slack", "pagerduty"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];
export const CHANNEL_TYPE_LABEL: Record<ChannelType, string> = { webhook: "Webhook", slack: "Slack", pagerduty: "PagerDuty" };

/** Alert levels a channel can be routed (CONTRACT §8's multi-window rule answers page or ticket). */
export const ALERT_SEVERITIES = ["page", "ticket"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const NOTIFICATION_TYPES = ["alert.firing", "alert.resolved", "release.rollback", "test"] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const DELIVERY_STATUS_LABEL: Record<DeliveryStatus, string> = { pending: "Pending", delivered: "Delivered", failed: "Failed" };

/** PagerDuty's Events API v2 endpoint: the URL of a pagerduty channel unless one is given. */
export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

const channelName = z.string().trim().min(1, "give the channel a name").max(100, "at most 100 characters");
const channelUrl = z
  .string()
  .trim()
  .max(2000, "at most 2000 characters")
  .pipe(z.url({ protocol: /^https?$/, error: "an http(s) URL, e.g. https://example.com/hooks/keel" }));
const routingKey = z.string().trim().min(1, "the PagerDuty integration's routing key").max(200, "at most 200 characters");
const severities = z
  .array(z.enum(ALERT_SEVERITIES))
  .min(1, "route at least one severity (page, ticket)")
  .refine((s) => new Set(s).size === s.length, "each severity at most once");

export const createChannelSchema = z
  .strictObject({
    type: z.enum(CHANNEL_TYPES),
    name: channelName,
    /** Optional for pagerduty only (defaults to PAGERDUTY_EVENTS_URL). */
    url: channelUrl.optional(),
    routingKey: routingKey.optional(),
    /** Which alert levels go here; default every level (CONTRACT §8: "to every channel unless routed otherwise"). */
    severities: severities.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type !== "pagerduty" && v.url === undefined)
      ctx.addIssue({ code: "custom", path: ["url"], message: `a ${v.type} channel needs a URL` });
    if (v.type === "pagerduty" && v.routingKey === undefined)
      ctx.addIssue({ code: "custom", path: ["routingKey"], message: "a pagerduty channel needs its integration's routing key" });
    if (v.type !== "pagerduty" && v.routingKey !== undefined)
      ctx.addIssue({ code: "custom", path: ["routingKey"], message: "only pagerduty channels take a routing key" });
  });
export type CreateChannelInput = z.infer<typeof createChannelSchema>;

/** PATCH: any of name, url, routingKey (pagerduty), severities; secrets are replaced, never read. */
export const updateChannelSchema = z
  .strictObject({
    name: channelName.optional(),
    url: channelUrl.optional(),
    routingKey: routingKey.optional(),
    severities: severities.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "send at least one of name, url, routingKey, severities" });
export type UpdateChannelInput = z.infer<typeof updateChannelSchema>;
