"use client";
// Failures per category and bucket (stacked bars) with the failure rate (dashed line). Clicking a
// bar segment opens the failed runs of THAT category in that bucket; the legend's categories open
// the category over the whole window. Its own recharts composition (not TimeChart) because a
// click must know which stacked segment was hit, not only which bucket.
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@/components/ui";
import { ChartTooltipBox } from "@/components/charts/chart-tooltip";
import { markerLines, markersByBucket, markersText } from "@/components/charts/time-chart";
import { niceMax, niceTicks } from "@/components/charts/nice";
import { CATEGORY_COLORS, COLORS } from "@/components/charts/palette";
import { FAILURE_CATEGORIES, type FailureCategory } from "@/lib/shared/metrics";
import { formatAxisCount, formatAxisRate, formatAxisTime, formatBucket, formatCategory, formatCount, formatRate } from "@/lib/shared/format";
import { useRunTrend } from "../overview/overview-trends";
import { QueryBody } from "../query-state";
import { RunsLink } from "../runs-link";
import { useMetricsScope } from "../scope";

type Point = { start: string; end: string; failureRate: number | null } & Record<FailureCategory, number>;

export function CategoryMixChart({ height = 300 }: { height?: number }) {
  const { query, open, bucket, markers } = useRunTrend();
  const { traces } = useMetricsScope();
  return (
    <Card title="Failures by category" description={`Per ${bucket} · click a bar segment for that category's failed runs in that ${bucket}`}>
      <QueryBody query={query} isEmpty={(d) => d.points.every((p) => p.failures === 0)}>
        {(d) => {
          const points: Point[] = d.points.map((p) => ({ start: p.start, end: p.end, failureRate: p.failureRate, ...p.failuresByCategory }));
          const top = niceMax(Math.max(0, ...points.map((p) => FAILURE_CATEGORIES.reduce((s, c) => s + p[c], 0))));
          const rateTop = niceMax(Math.max(0, ...points.map((p) => p.failureRate ?? 0)));
          const marks = markersByBucket(points, markers);
          return (
            <div>
              <ul className="mb-2 flex flex-wrap items-center justify-end gap-x-3 gap-y-1 text-[11px] text-slate-600" aria-label="Categories">
                {FAILURE_CATEGORIES.map((c) => (
                  <li key={c}>
                    <RunsLink href={traces({ outcome: "failure", failureCategory: c })} className="inline-flex items-center gap-1.5 hover:text-slate-900 hover:underline" title={`All failed runs: ${formatCategory(c)}`}>
                      <span className="inline-block size-2.5 rounded-[2px]" style={{ background: CATEGORY_COLORS[c] }} aria-hidden="true" />
                      {formatCategory(c)}
                    </RunsLink>
                  </li>
                ))}
                <li className="inline-flex items-center gap-1.5" aria-hidden="true">
                  <span className="inline-block w-3 border-t-2 border-dashed" style={{ borderColor: COLORS.failure }} />
                  Failure rate
                </li>
              </ul>
              <div role="img" aria-label={`Failures by category over time${marks.size ? `; ${markersText(marks)}` : ""}`} style={{ height }} data-testid="category-mix-chart">
                <ResponsiveContainer width="100%" height="100%">
                  <ComposedChart data={points} margin={{ top: 6, right: 4, bottom: 0, left: 0 }}>
                    <CartesianGrid stroke={COLORS.grid} vertical={false} />
                    <XAxis dataKey="start" tickFormatter={(iso: string) => formatAxisTime(iso, bucket)} tick={{ fontSize: 11, fill: COLORS.axis }} tickLine={false} axisLine={{ stroke: "#e2e8f0" }} minTickGap={28} interval="preserveStartEnd" />
                    <YAxis yAxisId="left" tickFormatter={formatAxisCount} tick={{ fontSize: 11, fill: COLORS.axis }} tickLine={false} axisLine={false} width={44} domain={[0, top]} ticks={niceTicks(top)} />
                    <YAxis yAxisId="right" orientation="right" tickFormatter={formatAxisRate} tick={{ fontSize: 11, fill: COLORS.axis }} tickLine={false} axisLine={false} width={44} domain={[0, rateTop]} ticks={niceTicks(rateTop)} />
                    <Tooltip
                      cursor={{ fill: "rgba(148, 163, 184, 0.12)" }}
                      isAnimationActive={false}
                      content={({ active, label }) => {
                        if (!active || label === undefined) return null;
                        const p = points.find((x) => x.start === label);
                        if (!p) return null;
                        return (
                          <ChartTooltipBox
                            title={formatBucket(p.start, p.end, bucket)}
                            rows={[
                              ...FAILURE_CATEGORIES.map((c) => ({ label: formatCategory(c), color: CATEGORY_COLORS[c], value: formatCount(p[c]) })),
                              { label: "Failure rate", color: COLORS.failure, dashed: true, value: p.failureRate === null ? null : formatRate(p.failureRate) },
                            ]}
                            footer={open ? "Click a segment for its failed runs" : undefined}
                          />
                        );
                      }}
                    />
                    {FAILURE_CATEGORIES.map((c) => (
                      <Bar
                        key={c}
                        dataKey={c}
                        name={formatCategory(c)}
                        yAxisId="left"
                        stackId="failures"
                        fill={CATEGORY_COLORS[c]}
                        maxBarSize={28}
                        isAnimationActive={false}
                        className={`category-bar category-bar-${c}`}
                        cursor={open ? "pointer" : undefined}
                        onClick={
                          open
                            ? (_data: unknown, index: number) => {
                                const p = points[index];
                                if (p) open(p, { outcome: "failure", failureCategory: c });
                              }
                            : undefined
                        }
                      />
                    ))}
                    <Line dataKey="failureRate" name="Failure rate" yAxisId="right" type="linear" stroke={COLORS.failure} strokeWidth={1.25} strokeDasharray="4 3" dot={false} activeDot={false} connectNulls={false} isAnimationActive={false} />
                    {markerLines(marks)}
                  </ComposedChart>
                </ResponsiveContainer>
              </div>
            </div>
          );
        }}
      </QueryBody>
    </Card>
  );
}
