"use client";
// One objective: its status now, the burn-rate windows of the alert rule, the SLI per bucket and
// the budget burn-down over the period, the runs behind the bad events and its alerts.
import Link from "next/link";
import { Card, EmptyState, ErrorState, PageHeader, SkeletonRows, StatGrid, Table, TableContainer, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { TimeChart } from "@/components/charts/time-chart";
import { COLORS } from "@/components/charts/palette";
import { useProject } from "@/components/shell/project-context";
import { tracesHref } from "@/lib/client/metrics";
import { useObjectiveSeries, useObjectivesWithStatus } from "@/lib/client/objectives";
import { useDeployMarkers } from "@/lib/client/rollouts";
import { formatAxisRate, formatCount, formatRate } from "@/lib/shared/format";
import { BURN_WINDOW_NAMES, BURN_WINDOWS, objectiveTitle, SLI_LABELS, type ObjectiveWithStatus } from "@/lib/shared/objectives";
import { AlertLevelBadge, HealthBadge, ObjectiveStatusBadge } from "./badges";
import { AlertsList } from "./alerts-panel";

/** The thresholds of the multi-window rule, per window, for the table's "pages at" column. */
const RULE: Record<string, string> = { "5m": "≥ 14.4 with 1h", "30m": "≥ 6 with 6h", "1h": "≥ 14.4 with 5m", "6h": "≥ 6 with 30m · ≥ 1 with 3d", "3d": "≥ 1 with 6h (ticket)" };

/** The runs list showing the bad events of the objective over its period. */
function badRunsHref(slug: string, o: ObjectiveWithStatus): string {
  const f = { from: o.current.from, to: o.current.to, ...(o.workflow ? { workflow: o.workflow } : {}) };
  if (o.sli === "success_rate") return tracesHref(slug, f, { outcome: "failure" });
  if (o.sli === "non_escalation_rate") return tracesHref(slug, f, { outcome: "escalated" });
  if (o.sli === "run_latency") return tracesHref(slug, f, { sort: "duration", order: "desc" });
  return tracesHref(slug, f, { tool: o.tool ?? undefined, sort: "toolLatency", order: "desc" });
}

function Tile({ label, value, hint }: { label: string; value: React.ReactNode; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs">
      <div className="text-xs font-medium text-slate-500">{label}</div>
      <div className="mt-1 text-xl font-semibold tabular-nums text-slate-900">{value}</div>
      {hint && <div className="mt-0.5 text-[11px] text-slate-500">{hint}</div>}
    </div>
  );
}

export function ObjectiveDetail({ id }: { id: string }) {
  const project = useProject();
  const list = useObjectivesWithStatus(project.slug);
  const series = useObjectiveSeries(project.slug, id);
  const buckets = series.data?.buckets ?? [];
  const markers = useDeployMarkers(
    project.slug,
    buckets.length ? { from: buckets[0].from, to: new Date(Date.parse(buckets[buckets.length - 1].from) + (series.data?.bucketMs ?? 0)).toISOString() } : null,
  );
  if (list.isPending) return <SkeletonRows rows={6} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const o = list.data.find((x) => x.id === id);
  if (!o) return <EmptyState title="Objective not found" description="It may belong to another project." />;
  const s = o.current;
  const canTraces = project.can("traces:read");
  const bucket = series.data && series.data.bucketMs < 86_400_000 ? "hour" : "day";
  const points = (series.data?.buckets ?? []).map((b) => ({
    start: b.from,
    end: new Date(Date.parse(b.from) + (series.data?.bucketMs ?? 0)).toISOString(),
    attainment: b.attainment,
    target: o.target,
    budgetRemaining: b.budgetRemaining,
  }));

  // The burn-down runs from 100% down, past 0% when overspent: the axis follows the lowest point.
  const budgetFloor = Math.min(0, Math.floor(Math.min(...points.map((p) => p.budgetRemaining ?? 0))));
  return (
    <div className="min-w-0 space-y-4">
      <PageHeader
        title={<span className="break-words">{objectiveTitle(o)}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <ObjectiveStatusBadge status={o.status} />
            <HealthBadge health={s.health} />
            <span>
              {SLI_LABELS[o.sli]} over a rolling {o.periodDays}-day period{o.approvedBy ? ` · approved by ${o.approvedBy}` : " · draft: it does not alert until approved"}
            </span>
          </span>
        }
        actions={
          <Link href={`/${project.slug}/objectives`} className="text-xs font-medium text-accent-700 hover:underline">
            ← All objectives
          </Link>
        }
      />
      <StatGrid>
        <Tile label="Attainment" value={formatRate(s.attainment, 2)} hint={`target ${formatRate(o.target, 2)}`} />
        <Tile label="Error budget left" value={formatRate(s.budgetRemaining)} hint={`budget ${formatRate(1 - o.target, 2)} of events`} />
        <Tile label="Good / total events" value={`${formatCount(s.good)} / ${formatCount(s.total)}`} />
        <Tile label="Alert level now" value={<AlertLevelBadge level={s.alert} />} hint="multi-window burn rate" />
      </StatGrid>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Card title="SLI over the period" description={`Per ${bucket} · a gap means no events`}>
          {series.isPending ? (
            <SkeletonRows rows={3} />
          ) : (
            <TimeChart
              ariaLabel="SLI over time"
              points={points}
              series={[
                { key: "attainment", label: SLI_LABELS[o.sli], color: COLORS.accent },
                { key: "target", label: "Target", color: COLORS.muted, dashed: true },
              ]}
              bucket={bucket}
              formatValue={(v) => formatRate(v, 2)}
              formatAxis={formatAxisRate}
              height={220}
              markers={markers}
            />
          )}
        </Card>
        <Card title="Error budget burn-down" description="Budget left over the period so far (below 0%: overspent)">
          {series.isPending ? (
            <SkeletonRows rows={3} />
          ) : (
            <TimeChart
              ariaLabel="Error budget remaining over time"
              points={points}
              series={[{ key: "budgetRemaining", label: "Budget left", color: COLORS.escalated }]}
              bucket={bucket}
              yDomain={[budgetFloor, 1]}
              formatValue={(v) => formatRate(v)}
              formatAxis={formatAxisRate}
              height={220}
              markers={markers}
            />
          )}
        </Card>
      </div>
      <Card
        title="Burn rates"
        description="1 spends the budget exactly over the period; page at ≥ 14.4 over 1h and 5m or ≥ 6 over 6h and 30m; ticket at ≥ 1 over 3d and 6h"
        actions={
          canTraces && (
            <Link href={badRunsHref(project.slug, o)} className="text-xs font-medium text-accent-700 hover:underline">
              The bad runs →
            </Link>
          )
        }
        flush
      >
        <TableContainer>
        <Table>
          <THead>
            <tr>
              <Th>Window</Th>
              <Th numeric>Burn rate</Th>
              <Th>Alerts when</Th>
            </tr>
          </THead>
          <TBody>
            {BURN_WINDOW_NAMES.map((w) => (
              <Tr key={w}>
                <Td>
                  {w}
                  <span className="sr-only"> ({BURN_WINDOWS[w] / 60_000} minutes)</span>
                </Td>
                <Td numeric>{s.burnRates[w] === null ? "—" : s.burnRates[w]!.toFixed(2)}</Td>
                <Td muted>{RULE[w]}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        </TableContainer>
      </Card>
      <Card title="Alerts of this objective" flush>
        <AlertsList objectiveId={o.id} />
      </Card>
    </div>
  );
}
