"use client";
// The overview's trend charts over the window's buckets. Clicking a bucket opens its runs.
import { Card } from "@/components/ui";
import { TimeChart, type TimeBucket } from "@/components/charts/time-chart";
import { COLORS } from "@/components/charts/palette";
import { useTimeseries, type TraceLink } from "@/lib/client/metrics";
import { useDeployMarkers } from "@/lib/client/rollouts";
import type { RunBucket } from "@/lib/shared/metrics";
import { formatAxisCount, formatAxisDurationMs, formatAxisRate, formatAxisTime, formatAxisUsd, formatBucket, formatCount, formatDurationMs, formatRate, formatUsd } from "@/lib/shared/format";
import { QueryBody } from "../query-state";
import { useIsClient, useMetricsScope } from "../scope";

const HINT = "Click to see the runs of this period";

/** The run trend of the page's filters, in the viewer's zone, and what every chart needs around it (its deploy markers too). */
export function useRunTrend() {
  const scope = useMetricsScope();
  const isClient = useIsClient();
  const query = useTimeseries(scope.slug, scope.filters, { series: "runs", bucket: scope.bucket, tz: scope.timeZone }, { enabled: isClient });
  const run = scope.openRuns;
  const open = run && ((b: TimeBucket, narrow: TraceLink = {}) => run({ ...narrow, from: b.start, to: b.end }));
  const markers = useDeployMarkers(scope.slug, { from: scope.filters.from, to: scope.filters.to }, { enabled: isClient });
  const ticks = { formatTick: (iso: string) => formatAxisTime(iso, scope.bucket), formatBucket: (b: TimeBucket) => formatBucket(b.start, b.end, scope.bucket) };
  return { query, open, ticks, markers, bucket: scope.bucket };
}

const noRuns = (d: { points: RunBucket[] }) => d.points.every((p) => p.runs === 0);

export function OutcomesChart({ height = 220 }: { height?: number }) {
  const { query, open, ticks, markers, bucket } = useRunTrend();
  return (
    <Card title="Runs by outcome" description={`Per ${bucket}`}>
      <QueryBody query={query} isEmpty={noRuns}>
        {(d) => (
          <TimeChart
            ariaLabel="Runs by outcome over time"
            height={height}
            points={d.points.map((p) => ({ start: p.start, end: p.end, successes: p.successes, escalations: p.escalations, failures: p.failures }))}
            series={[
              { key: "successes", label: "Success", color: COLORS.success, kind: "bar", stack: "o" },
              { key: "escalations", label: "Escalated", color: COLORS.escalated, kind: "bar", stack: "o" },
              { key: "failures", label: "Failure", color: COLORS.failure, kind: "bar", stack: "o" },
            ]}
            {...ticks}
            markers={markers}
            formatValue={(v) => formatCount(v)}
            formatAxis={formatAxisCount}
            integerAxis
            onSelect={open && ((b) => open(b))}
            selectHint={HINT}
          />
        )}
      </QueryBody>
    </Card>
  );
}

export function RatesChart({ height = 220 }: { height?: number }) {
  const { query, open, ticks, markers, bucket } = useRunTrend();
  return (
    <Card title="Success, escalation and failure rate" description={`Per ${bucket} · a gap means no runs`}>
      <QueryBody query={query} isEmpty={noRuns}>
        {(d) => (
          <TimeChart
            ariaLabel="Outcome rates over time"
            height={height}
            points={d.points.map((p) => ({ start: p.start, end: p.end, successRate: p.successRate, escalationRate: p.escalationRate, failureRate: p.failureRate }))}
            series={[
              { key: "successRate", label: "Success rate", color: COLORS.success },
              { key: "escalationRate", label: "Escalation rate", color: COLORS.escalated },
              { key: "failureRate", label: "Failure rate", color: COLORS.failure },
            ]}
            {...ticks}
            markers={markers}
            yDomain={[0, 1]}
            formatValue={(v) => formatRate(v)}
            formatAxis={formatAxisRate}
            onSelect={open && ((b) => open(b))}
            selectHint={HINT}
          />
        )}
      </QueryBody>
    </Card>
  );
}

export function LatencyChart({ height = 220 }: { height?: number }) {
  const { query, open, ticks, markers, bucket } = useRunTrend();
  return (
    <Card title="Run latency" description={`p50 / p95 / p99 per ${bucket}`}>
      <QueryBody query={query} isEmpty={noRuns}>
        {(d) => (
          <TimeChart
            ariaLabel="Run latency percentiles over time"
            height={height}
            points={d.points.map((p) => ({ start: p.start, end: p.end, p50: p.runLatencyMs.p50, p95: p.runLatencyMs.p95, p99: p.runLatencyMs.p99 }))}
            series={[
              { key: "p50", label: "p50", color: COLORS.muted },
              { key: "p95", label: "p95", color: COLORS.accent },
              { key: "p99", label: "p99", color: COLORS.accentSoft, dashed: true },
            ]}
            {...ticks}
            markers={markers}
            formatValue={(v) => formatDurationMs(v)}
            formatAxis={formatAxisDurationMs}
            onSelect={
              open &&
              ((b, i) => {
                const p95 = d.points[i]?.runLatencyMs.p95;
                open(b, p95 === null || p95 === undefined ? {} : { minLatencyMs: Math.floor(p95), sort: "duration", order: "desc" });
              })
            }
            selectHint="Click to see the runs at or above p95"
          />
        )}
      </QueryBody>
    </Card>
  );
}

export function CostChart({ height = 220 }: { height?: number }) {
  const { query, open, ticks, markers, bucket } = useRunTrend();
  return (
    <Card title="Spend and cost per success" description={`Per ${bucket}`}>
      <QueryBody query={query} isEmpty={noRuns}>
        {(d) => (
          <TimeChart
            ariaLabel="Spend and cost per success over time"
            height={height}
            points={d.points.map((p) => ({ start: p.start, end: p.end, totalCostUsd: p.totalCostUsd, costPerSuccessUsd: p.costPerSuccessUsd }))}
            series={[
              { key: "totalCostUsd", label: "Spend", color: "#c7d2fe", kind: "bar" },
              { key: "costPerSuccessUsd", label: "Cost per success", color: COLORS.accent, axis: "right" },
            ]}
            {...ticks}
            markers={markers}
            formatValue={(v) => formatUsd(v)}
            formatAxis={formatAxisUsd}
            onSelect={open && ((b) => open(b, { sort: "cost", order: "desc" }))}
            selectHint="Click to see the runs of this period, dearest first"
          />
        )}
      </QueryBody>
    </Card>
  );
}
