"use client";
// Failures: how many and of which category, the top 10 reasons (full width, so a reason reads in
// full) with who fixes each, and the category mix over time. Every number opens the failed runs
// behind it.
import { Card, StatGrid } from "@/components/ui";
import { CATEGORY_COLORS } from "@/components/charts/palette";
import { previousFilters, useOverview } from "@/lib/client/metrics";
import { FAILURE_CATEGORIES, ratio, sumFailuresByCategory } from "@/lib/shared/metrics";
import { formatCategory, formatCount, formatRate } from "@/lib/shared/format";
import { kpiDelta } from "../kpi-delta";
import { KpiTile } from "../kpi-tile";
import { useRunTrend } from "../overview/overview-trends";
import { useMetricsScope } from "../scope";
import { CategoryMixChart } from "./category-mix-chart";
import { FailureReasonsTable } from "./failure-reasons-table";

export function FailuresPanel() {
  return (
    <div className="space-y-4">
      <FailureTiles />
      <Card title="Top 10 failure reasons" description="By count, then reason · share of all failures in the window · each opens its failed runs" flush>
        <FailureReasonsTable limit={10} />
      </Card>
      <CategoryMixChart />
    </div>
  );
}

/** The failure rate's change, read in points like the success rate (lower is better). */
const FAILURE_RATE = { better: "lower", deltaAs: "points", unit: "rate" } as const;

function FailureTiles() {
  const { slug, filters, traces } = useMetricsScope();
  const overview = useOverview(slug, filters);
  const previous = useOverview(slug, previousFilters(filters));
  const { query: trend } = useRunTrend();
  const o = overview.data;
  const p = previous.data;
  const byCategory = trend.data ? sumFailuresByCategory(trend.data.points) : null;
  return (
    <StatGrid className="xl:grid-cols-5 2xl:grid-cols-5">
      <KpiTile
        testId="failures-total"
        href={traces({ outcome: "failure" })}
        label="Failed runs"
        definition="Runs with outcome failure; the change is the failure rate's"
        loading={overview.isPending}
        value={o ? formatCount(o.failures) : null}
        delta={o && p ? kpiDelta(FAILURE_RATE, o.failureRate, p.failureRate) : null}
        previous={p ? formatRate(p.failureRate) : null}
        hint={o ? `${formatRate(o.failureRate)} of ${formatCount(o.runs)} runs` : undefined}
      />
      {FAILURE_CATEGORIES.map((c) => {
        const count = byCategory?.[c] ?? null;
        const share = count !== null && o ? ratio(count, o.failures) : null;
        return (
          <KpiTile
            key={c}
            testId={`failures-${c}`}
            href={traces({ outcome: "failure", failureCategory: c })}
            label={
              <span className="inline-flex items-center gap-1.5 capitalize">
                <span className="size-2 rounded-sm" style={{ background: CATEGORY_COLORS[c] }} aria-hidden="true" />
                {formatCategory(c)}
              </span>
            }
            loading={trend.isPending || overview.isPending}
            value={count === null ? null : formatCount(count)}
            hint={share === null ? "no failures" : `${formatRate(share)} of failures`}
            footer={
              <span className="mt-3 block h-1.5 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
                <span className="block h-full rounded-full" style={{ width: `${(share ?? 0) * 100}%`, background: CATEGORY_COLORS[c] }} />
              </span>
            }
          />
        );
      })}
    </StatGrid>
  );
}
