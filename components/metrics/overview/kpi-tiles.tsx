"use client";
// KPI tiles (CONTRACT §3), each with its change against the previous window of the same length,
// a sparkline over the window, and a link to the runs behind it.
import { StatGrid } from "@/components/ui";
import { Sparkline } from "@/components/charts/sparkline";
import { COLORS } from "@/components/charts/palette";
import { previousFilters, useOverview, useTimeseries, type TraceLink } from "@/lib/client/metrics";
import { bucketKpiValue, KPIS, kpiValue, type KpiDefinition, type KpiKey, type OverviewMetrics, type RunBucket } from "@/lib/shared/metrics";
import { formatCount, formatDurationMs, formatKpiValue, formatUsd } from "@/lib/shared/format";
import { kpiDelta } from "../kpi-delta";
import { KpiTile } from "../kpi-tile";
import { useOptionalProject } from "@/components/shell/project-context";
import { useIsClient, useMetricsScope } from "../scope";

export interface TileDef extends Omit<KpiDefinition, "key"> {
  key: string;
  value: (o: OverviewMetrics) => number | null;
  bucketValue: (p: RunBucket) => number | null;
  /** The runs behind the number, or the incidents page. */
  link: (o: OverviewMetrics) => TraceLink | "incidents";
  hint: (o: OverviewMetrics) => string;
  color?: string;
}

const LINKS: Record<KpiKey, TileDef["link"]> = {
  successRate: () => ({ outcome: "success" }),
  escalationRate: () => ({ outcome: "escalated" }),
  incidentRatePer1kSessions: () => "incidents",
  // Exactly the runs the number counts (CONTRACT §3): failed, policy_violation, critical.
  criticalPolicyViolations: () => ({ outcome: "failure", failureCategory: "policy_violation", critical: true }),
  // The numerator is all spend (failures and escalations too): every run of the window, dearest first.
  costPerSuccessUsd: () => ({ sort: "cost", order: "desc" }),
  costPerEscalationUsd: () => ({ outcome: "escalated", sort: "cost", order: "desc" }),
  // Runs with a retried tool call, dearest first (the retried calls' cost is part of each run's).
  retryCostUsd: () => ({ retried: true, sort: "cost", order: "desc" }),
  // The runs at or above the p95, slowest first.
  runP95Ms: (o) => (o.runLatencyMs.p95 === null ? {} : { minLatencyMs: Math.floor(o.runLatencyMs.p95), sort: "duration", order: "desc" }),
};

/** "1 run", "2 runs": a count with its noun. */
const n = (count: number, noun: string, plural = `${noun}s`) => `${formatCount(count)} ${count === 1 ? noun : plural}`;

const HINTS: Record<KpiKey, TileDef["hint"]> = {
  successRate: (o) => `${formatCount(o.successes)} of ${n(o.runs, "run")}`,
  escalationRate: (o) => `${formatCount(o.escalations)} escalated`,
  incidentRatePer1kSessions: (o) => `${formatCount(o.incidentsOpened)} in ${n(o.sessions, "session")}`,
  criticalPolicyViolations: (o) => `of ${n(o.failures, "failure")}`,
  // All spend (failures and escalations too) over the successes, as CONTRACT §3 defines it.
  costPerSuccessUsd: (o) => `all spend ${formatUsd(o.totalCostUsd)} / ${n(o.successes, "success", "successes")}`,
  costPerEscalationUsd: (o) => n(o.escalations, "escalation"),
  retryCostUsd: () => "repeated tool calls",
  runP95Ms: (o) => `p50 ${formatDurationMs(o.runLatencyMs.p50)}`,
};

const BAD_IS_RED: readonly KpiKey[] = ["criticalPolicyViolations", "incidentRatePer1kSessions", "escalationRate"];

export const KPI_TILES: TileDef[] = KPIS.map((k) => ({
  ...k,
  value: (o) => kpiValue(o, k.key),
  bucketValue: (p) => bucketKpiValue(p, k.key),
  link: LINKS[k.key],
  hint: HINTS[k.key],
  color: k.key === "successRate" ? COLORS.success : BAD_IS_RED.includes(k.key) ? COLORS.failure : COLORS.accent,
}));

export function kpiTile(key: KpiKey): TileDef {
  return KPI_TILES.find((t) => t.key === key)!;
}

export const SPEND_TILE: TileDef = {
  key: "totalCostUsd",
  label: "Total spend",
  unit: "usd",
  better: "lower",
  deltaAs: "relative",
  description: "Sum of the runs' cost (model + tools, retries included)",
  value: (o) => o.totalCostUsd,
  bucketValue: (p) => p.totalCostUsd,
  link: () => ({ sort: "cost", order: "desc" }),
  hint: (o) => `${formatCount(o.runs)} runs`,
};

/**
 * The tile's change: undefined (nothing said) while loading or when the window has no value
 * itself; null ("no earlier data") when the previous window has no runs or no value;
 * else the change against it.
 */
function tileDelta(t: TileDef, o: OverviewMetrics | undefined, value: number | null, prev: number | null, p: OverviewMetrics | null, comparing: boolean) {
  if (!o || !comparing || value === null) return undefined;
  return p ? kpiDelta(t, value, prev) : null;
}

export function KpiTiles({ tiles = KPI_TILES, className }: { tiles?: TileDef[]; className?: string }) {
  const { slug, filters, bucket, timeZone, traces } = useMetricsScope();
  const isClient = useIsClient();
  const canIncidents = useOptionalProject()?.can("incidents:read") ?? true;
  const current = useOverview(slug, filters);
  const previous = useOverview(slug, previousFilters(filters));
  const trend = useTimeseries(slug, filters, { series: "runs", bucket, tz: timeZone }, { enabled: isClient });
  const o = current.data;
  // A previous window without runs is no baseline: every tile then says "no earlier data", none
  // shows a change "from 0" (a count of 0 there means nothing was measured, not that it was 0).
  const p = previous.data && previous.data.runs > 0 ? previous.data : null;
  const comparing = previous.data !== undefined;

  return (
    <StatGrid className={className ?? "xl:grid-cols-4 2xl:grid-cols-4"}>
      {tiles.map((t) => {
        const value = o ? t.value(o) : null;
        const prev = p ? t.value(p) : null;
        const link = o ? t.link(o) : {};
        const href = link === "incidents" ? (canIncidents ? `/${slug}/incidents` : null) : traces(link);
        const spark = trend.data?.points.map(t.bucketValue);
        return (
          <KpiTile
            key={t.key}
            testId={`kpi-${t.key}`}
            href={href}
            label={t.label}
            definition={t.description}
            loading={current.isPending}
            value={o && value !== null ? formatKpiValue(value, t.unit) : null}
            delta={tileDelta(t, o, value, prev, p, comparing)}
            previous={p ? formatKpiValue(prev, t.unit) : null}
            hint={o ? t.hint(o) : undefined}
            tone={t.key === "criticalPolicyViolations" && (value ?? 0) > 0 ? "bad" : "default"}
            footer={spark && <Sparkline values={spark} ariaLabel={`${t.label} per ${bucket}`} color={t.color} domain={t.unit === "rate" ? [0, 1] : undefined} />}
          />
        );
      })}
      {current.isError && (
        <p role="alert" className="col-span-full text-sm text-rose-700">
          The KPIs could not be loaded: {current.error instanceof Error ? current.error.message : "unknown error"}.{" "}
          <button type="button" className="underline" onClick={() => current.refetch()}>
            Try again
          </button>
        </p>
      )}
    </StatGrid>
  );
}
