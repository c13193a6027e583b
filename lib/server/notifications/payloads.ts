import "server-only";
// The bodies Keel sends to each kind of channel (CONTRACT §8), built once when a notification is
// enqueued and stored on the delivery row, so every retry sends the same bytes.
//   webhook:   {id, type, project, createdAt, data}; headers X-Keel-Event, X-Keel-Delivery and
//              X-Keel-Signature (added at send time, ./send.ts).
//   slack:     an incoming-webhook body {text, blocks}.
//   pagerduty: Events API v2; `routing_key` is added at send time from the channel (a rotated key
//              applies to pending retries, and the secret is kept in one place).
import type { AlertSeverity, ChannelType, NotificationType } from "@/lib/shared/channels";

export interface NotificationContent {
  /** The delivery id (X-Keel-Delivery, the webhook body's `id`). */
  id: string;
  type: NotificationType;
  severity: AlertSeverity | null;
  /** One per alert: PagerDuty's dedup_key, so `resolve` closes what `trigger` opened. */
  dedupKey: string;
  summary: string;
  /**
   * Details of the event. Known keys, used when present: `workflow` (PagerDuty group), `tool`
   * (component), `failureCategory` (class, the failure taxonomy), `objectiveId`, `url` (a link to Keel).
   */
  data: Record<string, unknown>;
  alertId: string | null;
  project: { slug: string; name: string };
  createdAt: Date;
}

type Json = Record<string, unknown>;

export function buildPayload(channel: ChannelType, n: NotificationContent): Json {
  if (channel === "slack") return slackPayload(n);
  if (channel === "pagerduty") return pagerDutyPayload(n);
  return webhookPayload(n);
}

function webhookPayload(n: NotificationContent): Json {
  return {
    id: n.id,
    type: n.type,
    project: n.project.slug,
    createdAt: n.createdAt.toISOString(),
    data: { summary: n.summary, severity: n.severity, dedupKey: n.dedupKey, alertId: n.alertId, ...n.data },
  };
}

const TITLE: Record<NotificationType, string> = {
  "alert.firing": "Alert firing",
  "alert.resolved": "Alert resolved",
  "release.rollback": "Rollback triggered",
  test: "Test notification",
};

/** Slack mrkdwn: only &, < and > need escaping. */
const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

function slackPayload(n: NotificationContent): Json {
  const level = n.severity && n.type === "alert.firing" ? ` (${n.severity})` : "";
  const title = `${TITLE[n.type]}${level}`;
  const context = [
    `project *${slackEscape(n.project.name)}*`,
    str(n.data.workflow) && `workflow \`${slackEscape(str(n.data.workflow)!)}\``,
    str(n.data.tool) && `tool \`${slackEscape(str(n.data.tool)!)}\``,
    str(n.data.failureCategory) && `category \`${slackEscape(str(n.data.failureCategory)!)}\``,
  ].filter(Boolean) as string[];
  const url = str(n.data.url);
  return {
    // `text` is what notifications and clients without blocks show.
    text: `[Keel] ${title}: ${n.summary}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
      {
        type: "section",
        text: { type: "mrkdwn", text: slackEscape(n.summary).slice(0, 3000) + (url ? `\n<${url}|Open in Keel>` : "") },
      },
      { type: "context", elements: [{ type: "mrkdwn", text: context.join(" · ") }] },
    ],
  };
}

/** CONTRACT §8 severity mapping: page → critical, ticket → warning; events without a level → info. */
const PD_SEVERITY: Record<AlertSeverity, "critical" | "warning"> = { page: "critical", ticket: "warning" };

function pagerDutyPayload(n: NotificationContent): Json {
  // Resolve needs only the key of what it closes; PagerDuty ignores a payload on resolve.
  if (n.type === "alert.resolved") return { event_action: "resolve", dedup_key: n.dedupKey };
  const payload: Json = {
    summary: n.summary.slice(0, 1024),
    source: `keel/${n.project.slug}`,
    severity: n.severity ? PD_SEVERITY[n.severity] : "info",
    timestamp: n.createdAt.toISOString(),
  };
  const cls = str(n.data.failureCategory);
  const component = str(n.data.tool);
  const group = str(n.data.workflow);
  if (cls) payload.class = cls;
  if (component) payload.component = component;
  if (group) payload.group = group;
  payload.custom_details = { type: n.type, deliveryId: n.id, alertId: n.alertId, ...n.data };
  const url = str(n.data.url);
  return {
    event_action: "trigger",
    dedup_key: n.dedupKey,
    payload,
    client: "Keel",
    ...(url ? { client_url: url } : {}),
  };
}
