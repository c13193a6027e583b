"use client";
// Firing and recent alerts with their timeline. The on-call person (SRE and up) acknowledges,
// silences for a while, or opens an incident pre-filled from the alert (an objective may open it by
// itself when it pages). Each alert shows where its notifications went (its delivery log).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge, Button, EmptyState, ErrorState, PageHeader, Select, SkeletonRows, Time } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useAlertAction, useAlerts } from "@/lib/client/objectives";
import { formatRate } from "@/lib/shared/format";
import { formatKpiRuleValue, KPI_RULE_METRIC_KPI, windowLabel } from "@/lib/shared/kpi-rules";
import type { AlertDto } from "@/lib/shared/objectives";
import { AlertDeliveries } from "./alert-deliveries";
import { AlertLevelBadge } from "./badges";
import { AreaOwner } from "@/components/governance/area-owner";

const SILENCE_CHOICES = [
  { minutes: 60, label: "1 hour" },
  { minutes: 240, label: "4 hours" },
  { minutes: 1440, label: "1 day" },
];

const EVENT_LABELS: Record<string, string> = {
  fired: "Fired",
  escalated: "Escalated to page",
  recovering: "Recovering (burn back under the thresholds)",
  refired: "Burning again",
  resolved: "Resolved",
  acknowledged: "Acknowledged",
  silenced: "Silenced",
  incident: "Incident opened",
};

function AlertCard({ alert }: { alert: AlertDto }) {
  const project = useProject();
  const { acknowledge, silence, openIncident } = useAlertAction(project.slug);
  const router = useRouter();
  const [minutes, setMinutes] = useState(60);
  const canAct = project.can("alerts:write");
  const firing = alert.status === "firing";
  const silenced = alert.silencedUntil !== null && Date.parse(alert.silencedUntil) > Date.now();
  return (
    <li className="space-y-2 px-4 py-3" data-testid="alert">
      <div className="flex flex-wrap items-center gap-2">
        <AlertLevelBadge level={alert.level} />
        <Badge tone={firing ? "bad" : "good"} dot>
          {firing ? "Firing" : "Resolved"}
        </Badge>
        {alert.acknowledgedBy && <Badge tone="info">Acknowledged by {alert.acknowledgedBy}</Badge>}
        {silenced && (
          <Badge tone="muted">
            Silenced until <Time value={alert.silencedUntil!} />
          </Badge>
        )}
        {alert.objectiveId ? (
          <Link href={`/${project.slug}/objectives/${alert.objectiveId}`} className="font-medium text-accent-700 hover:underline">
            {alert.title}
          </Link>
        ) : (
          <>
            <Badge tone="muted">KPI rule</Badge>
            <Link href={`/${project.slug}/objectives#kpi-rules`} className="font-medium text-accent-700 hover:underline">
              {alert.title}
            </Link>
          </>
        )}
      </div>
      <div className="text-xs text-slate-600">
        Fired <Time value={alert.firedAt} />
        {alert.resolvedAt && (
          <>
            {" "}
            · resolved <Time value={alert.resolvedAt} />
          </>
        )}{" "}
        {alert.kpi ? (
          <>
            · {KPI_RULE_METRIC_KPI[alert.kpi.metric].label} {formatKpiRuleValue(alert.kpi.metric, alert.kpi.value)} over {windowLabel(alert.kpi.windowMinutes)} ·
            threshold &gt; {formatKpiRuleValue(alert.kpi.metric, alert.kpi.threshold)}
          </>
        ) : (
          <>
            · burn 1h {alert.burnRates["1h"]?.toFixed(1) ?? "—"}, 6h {alert.burnRates["6h"]?.toFixed(1) ?? "—"} · budget left {formatRate(alert.budgetRemaining)}
          </>
        )}
      </div>
      <ol className="space-y-0.5 border-l border-slate-200 pl-3 text-xs text-slate-600" aria-label="Timeline">
        {alert.events.map((e, i) => (
          <li key={i}>
            <Time value={e.at} /> · {EVENT_LABELS[e.kind] ?? e.kind}
            {e.actor ? ` by ${e.actor}` : e.payload?.by === "keel" ? " by Keel" : ""}
          </li>
        ))}
      </ol>
      <AlertDeliveries deliveries={alert.deliveries} />
      {(canAct || alert.incidentNumber !== null) && (
        <div className="flex flex-wrap items-center gap-2">
          {canAct && firing && !alert.acknowledgedAt && (
            <Button size="sm" variant="primary" loading={acknowledge.isPending} onClick={() => acknowledge.mutate(alert.id)}>
              Acknowledge
            </Button>
          )}
          {canAct && firing && (
            <span className="flex items-center gap-1">
              <Select aria-label="Silence for" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} className="h-7 w-28 text-xs">
                {SILENCE_CHOICES.map((c) => (
                  <option key={c.minutes} value={c.minutes}>
                    {c.label}
                  </option>
                ))}
              </Select>
              <Button size="sm" loading={silence.isPending} onClick={() => silence.mutate({ id: alert.id, minutes })}>
                Silence
              </Button>
            </span>
          )}
          {alert.incidentNumber !== null ? (
            <Link href={`/${project.slug}/incidents/${alert.incidentNumber}`} className="text-xs font-medium text-accent-700 hover:underline">
              Incident #{alert.incidentNumber} →
            </Link>
          ) : (
            project.can("incidents:write") && (
              <Button size="sm" loading={openIncident.isPending} onClick={() => openIncident.mutate(alert.id, { onSuccess: (r) => router.push(`/${project.slug}/incidents/${r.incidentNumber}`) })}>
                Open incident
              </Button>
            )
          )}
        </div>
      )}
    </li>
  );
}

export function AlertsList({ objectiveId }: { objectiveId?: string }) {
  const project = useProject();
  const q = useAlerts(project.slug, objectiveId);
  if (q.isPending) return <SkeletonRows rows={3} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.length === 0)
    return <EmptyState compact title="No alerts" description="Approved objectives alert here when they burn their error budget too fast (checked every minute)." />;
  return <ul className="divide-y divide-slate-100">{q.data.map((a) => <AlertCard key={a.id} alert={a} />)}</ul>;
}

export function AlertsPanel() {
  return (
    <div className="min-w-0 space-y-4">
      <PageHeader title="Alerts" description={<>Firing alerts, then those resolved in the last 7 days<AreaOwner area="reliability" className="mt-0.5" /></>} />
      <div className="rounded-lg border border-slate-200 bg-white shadow-xs">
        <AlertsList />
      </div>
    </div>
  );
}
