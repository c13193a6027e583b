"use client";
// Quality drift: the mean post-run qualityScore per UTC day over the last 7 days, the release's
// live runs (canary) vs production runs of the other releases (baseline), with deploy markers.
import { useState } from "react";
import { Card, EmptyState, ErrorState } from "@/components/ui";
import { TimeChart } from "@/components/charts/time-chart";
import { COLORS } from "@/components/charts/palette";
import { useProject } from "@/components/shell/project-context";
import { useDeployMarkers, useReleaseQuality, type RolloutWindow } from "@/lib/client/rollouts";
import { formatCount, formatScore } from "@/lib/shared/format";

const DAY_MS = 86_400_000;
const DAYS = 7;

/** Today and the 6 UTC days before it: [midnight 6 days ago, now to the minute). */
function lastDays(now: number): RolloutWindow {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return { from: new Date(today - (DAYS - 1) * DAY_MS).toISOString(), to: new Date(Math.floor(now / 60_000) * 60_000).toISOString() };
}

export function QualityDrift({ release }: { release: string }) {
  const { slug } = useProject();
  const [window] = useState(() => lastDays(Date.now()));
  const q = useReleaseQuality(slug, release, window);
  const markers = useDeployMarkers(slug, window);
  const byDay = new Map((q.data?.days ?? []).map((d) => [d.day, d]));
  const first = Date.parse(window.from);
  const points = Array.from({ length: DAYS }, (_, i) => {
    const start = new Date(first + i * DAY_MS).toISOString();
    const d = byDay.get(start.slice(0, 10));
    return {
      start,
      end: new Date(first + (i + 1) * DAY_MS).toISOString(),
      canary: d?.canary.meanQualityScore ?? null,
      baseline: d?.baseline.meanQualityScore ?? null,
    };
  });
  const scored = (q.data?.days ?? []).reduce((s, d) => s + d.canary.runs + d.baseline.runs, 0);
  return (
    <Card title="Quality drift" description={`Mean post-run quality score per UTC day · ${formatCount(scored)} scored runs in 7 days`} data-testid="quality-drift">
      {q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} retrying={q.isFetching} compact />
      ) : q.isPending ? (
        <div className="h-[220px] animate-pulse rounded bg-slate-50" aria-busy="true" />
      ) : scored === 0 ? (
        <EmptyState compact title="No quality scores in the last 7 days" description="Runs carry a qualityScore when your post-run evaluator sends one." />
      ) : (
        <TimeChart
          ariaLabel="Mean quality score per day, this release vs the baseline"
          points={points}
          series={[
            { key: "canary", label: "This release", color: COLORS.accent },
            { key: "baseline", label: "Baseline (other releases, production)", color: COLORS.muted, dashed: true },
          ]}
          bucket="day"
          yDomain={[0, 1]}
          formatValue={(v) => formatScore(v)}
          formatAxis={(v) => formatScore(v)}
          markers={markers}
        />
      )}
    </Card>
  );
}
