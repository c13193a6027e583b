"use client";
// An alert's delivery log (issue 15): each notification of the alert to each routed channel, with
// how it went (status, attempts, the last answer or error). The channel by name and type only:
// its URL, routing key and secret are never sent to the page.
import Link from "next/link";
import { Badge, Time, type BadgeTone } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { CHANNEL_TYPE_LABEL, DELIVERY_STATUS_LABEL, type DeliveryStatus } from "@/lib/shared/channels";
import type { AlertDeliveryDto } from "@/lib/shared/objectives";

const STATUS_TONE: Record<DeliveryStatus, BadgeTone> = { delivered: "good", pending: "warn", failed: "bad" };

function lastAnswer(d: AlertDeliveryDto): string {
  // The error names the HTTP status when there was an answer ("HTTP 500: …").
  if (d.lastError) return d.lastError;
  if (d.lastStatusCode !== null) return `HTTP ${d.lastStatusCode}`;
  return d.attempts === 0 ? "not sent yet" : "—";
}

export function AlertDeliveries({ deliveries }: { deliveries: AlertDeliveryDto[] }) {
  const project = useProject();
  return (
    <section aria-label="Deliveries" className="space-y-1">
      <h3 className="text-xs font-medium text-slate-700">Deliveries</h3>
      {deliveries.length === 0 ? (
        <p className="text-xs text-slate-500" data-testid="alert-deliveries-empty">
          No channel received this alert.
          {project.can("channels:manage") && (
            <>
              {" "}
              <Link href={`/${project.slug}/settings#channels`} className="font-medium text-accent-700 hover:underline">
                Add a channel in Settings → Channels
              </Link>{" "}
              to be notified.
            </>
          )}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-xs">
          {deliveries.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-2.5 py-1.5" data-testid="alert-delivery">
              <span className="min-w-0 font-medium break-words text-slate-900">{d.channelName}</span>
              <Badge tone="muted">{CHANNEL_TYPE_LABEL[d.channelType]}</Badge>
              <span className="font-mono text-slate-600">{d.type}</span>
              <Badge tone={STATUS_TONE[d.status]} dot>
                {DELIVERY_STATUS_LABEL[d.status]}
              </Badge>
              <span className="text-slate-600 tabular-nums">
                {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
              </span>
              <span className="min-w-0 break-words text-slate-600">{lastAnswer(d)}</span>
              <Time value={d.deliveredAt ?? d.lastAttemptAt ?? d.createdAt} precision="seconds" className="ml-auto text-slate-500 tabular-nums" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
