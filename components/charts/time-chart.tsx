"use client";
// A trend over time buckets: lines, areas and (stacked) bars on one or two y axes. A null value
// is a gap in the line (no data), never drawn as 0; a lone value between gaps gets a dot.
// Clicking a bucket calls onSelect with it (the page links to the runs of that bucket). Deploy
// markers (release stage changes) are dashed vertical lines at the bucket holding their time.
import { Area, Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatAxisTime, formatBucket as formatBucketFull, type TimeBucket as BucketSize } from "@/lib/shared/format";
import { ChartTooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { axisMax, niceMax, niceTicks } from "./nice";
import { COLORS } from "./palette";

export interface TimeBucket {
  start: string;
  end: string;
}

export interface TimeSeriesSpec<K extends string> {
  key: K;
  label: string;
  color: string;
  kind?: "line" | "area" | "bar";
  /** Bars or areas with the same stack id pile up. */
  stack?: string;
  dashed?: boolean;
  axis?: "left" | "right";
}

/** A release stage change on the chart: a vertical line at the bucket holding `at`. */
export interface ChartMarker {
  at: string;
  /** What it was, e.g. "gpt-4.1@v13: Canary 10%" (the line's accessible name and tooltip). */
  label: string;
  stage: string;
}

/** The line's colour by stage: going out amber, done green, rolled back red. */
const MARKER_COLORS: Record<string, string> = { sandbox: "#94a3b8", canary: "#d97706", expansion: "#d97706", full: "#059669", rolled_back: "#e11d48" };

export interface TimeChartProps<K extends string> {
  points: readonly (TimeBucket & Record<K, number | null>)[];
  series: readonly TimeSeriesSpec<K>[];
  height?: number;
  /** Hour or day buckets; default: inferred from the first bucket's length. Picks the default tick and title formats. */
  bucket?: BucketSize;
  /** Axis tick of a bucket start; default lib/shared/format's short ticks ("12-01", "14:00"). */
  formatTick?: (iso: string) => string;
  /** Tooltip title of a bucket; default the full bucket ("2026-12-01", "2026-12-01 14:00–15:00"). */
  formatBucket?: (b: TimeBucket) => string;
  formatValue: (v: number, key: K) => string;
  formatAxis: (v: number) => string;
  formatRightAxis?: (v: number) => string;
  /** Fixed y range, e.g. [0, 1] for rates. */
  yDomain?: [number, number];
  /** The left axis counts whole things (runs, calls): its ticks are whole numbers (0–4 at least). */
  integerAxis?: boolean;
  onSelect?: (bucket: TimeBucket, index: number) => void;
  /** Tooltip footer when clickable ("Click to see these runs"). */
  selectHint?: string;
  ariaLabel: string;
  /** A legend row above the plot; default when there are several series. */
  legend?: boolean;
  /** Deploy markers; those outside the buckets are not drawn. */
  markers?: readonly ChartMarker[];
}

export function TimeChart<K extends string>(props: TimeChartProps<K>) {
  const { points, series, height = 220, formatValue, formatAxis, formatRightAxis, yDomain, onSelect, selectHint, ariaLabel } = props;
  const bucket = props.bucket ?? bucketOf(points);
  const formatTick = props.formatTick ?? ((iso: string) => formatAxisTime(iso, bucket));
  const formatBucket = props.formatBucket ?? ((b: TimeBucket) => formatBucketFull(b.start, b.end, bucket));
  const legend = props.legend ?? series.length > 1;
  const hasRight = series.some((s) => s.axis === "right");
  const data = points as unknown as Record<string, unknown>[];
  const niceLeft = niceMax(axisMax(data, series.filter((s) => s.axis !== "right")));
  // Counts: a top that is a multiple of 4 (and at least 4), so the five ticks are whole numbers.
  const leftTop = props.integerAxis ? Math.max(4, Math.ceil(niceLeft / 4) * 4) : niceLeft;
  const leftDomain: [number, number] = yDomain ?? [0, leftTop];
  const rightTop = niceMax(axisMax(data, series.filter((s) => s.axis === "right")));
  const marks = markersByBucket(points, props.markers ?? []);
  return (
    <div>
      {legend && <ChartLegend items={series} />}
      <div role="img" aria-label={marks.size ? `${ariaLabel}; ${markersText(marks)}` : ariaLabel} style={{ height }} className={onSelect ? "cursor-pointer" : undefined}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={data}
            margin={{ top: 6, right: hasRight ? 4 : 12, bottom: 0, left: 0 }}
            onClick={(state) => {
              const i = Number(state?.activeTooltipIndex ?? state?.activeIndex);
              if (onSelect && Number.isInteger(i) && points[i]) onSelect(points[i], i);
            }}
          >
            <CartesianGrid stroke={COLORS.grid} vertical={false} />
            <XAxis
              dataKey="start"
              tickFormatter={formatTick}
              tick={{ fontSize: 11, fill: COLORS.axis }}
              tickLine={false}
              axisLine={{ stroke: "#e2e8f0" }}
              minTickGap={28}
              interval="preserveStartEnd"
            />
            <YAxis
              yAxisId="left"
              tickFormatter={formatAxis}
              tick={{ fontSize: 11, fill: COLORS.axis }}
              tickLine={false}
              axisLine={false}
              width={52}
              domain={leftDomain}
              ticks={niceTicks(leftDomain[1])}
              allowDataOverflow={false}
            />
            {hasRight && (
              <YAxis
                yAxisId="right"
                orientation="right"
                tickFormatter={formatRightAxis ?? formatAxis}
                domain={[0, rightTop]}
                ticks={niceTicks(rightTop)}
                tick={{ fontSize: 11, fill: COLORS.axis }}
                tickLine={false}
                axisLine={false}
                width={48}
              />
            )}
            <Tooltip
              cursor={{ fill: "rgba(148, 163, 184, 0.12)", stroke: "#cbd5e1" }}
              isAnimationActive={false}
              content={({ active, label }) => {
                if (!active || label === undefined) return null;
                const p = points.find((x) => x.start === label);
                if (!p) return null;
                return (
                  <ChartTooltipBox
                    title={formatBucket(p)}
                    rows={series.map((s) => ({
                      label: s.label,
                      color: s.color,
                      dashed: s.dashed,
                      value: p[s.key] === null ? null : formatValue(p[s.key] as number, s.key),
                    }))}
                    footer={
                      marks.has(p.start) || onSelect ? (
                        <>
                          {marks.get(p.start)?.map((m, i) => (
                            <div key={i} className="font-medium" style={{ color: markerColor(m.stage) }}>
                              ▲ {m.label}
                            </div>
                          ))}
                          {onSelect && selectHint}
                        </>
                      ) : undefined
                    }
                  />
                );
              }}
            />
            {series.map((s) => {
              const common = { dataKey: s.key, name: s.label, yAxisId: s.axis ?? "left", isAnimationActive: false } as const;
              if (s.kind === "bar")
                return <Bar key={s.key} {...common} fill={s.color} stackId={s.stack} maxBarSize={28} radius={s.stack ? 0 : [2, 2, 0, 0]} />;
              if (s.kind === "area")
                return <Area key={s.key} {...common} type="linear" stroke={s.color} fill={s.color} fillOpacity={0.12} strokeWidth={1.5} stackId={s.stack} connectNulls={false} dot={false} activeDot={{ r: 3 }} />;
              return (
                <Line
                  key={s.key}
                  {...common}
                  type="linear"
                  stroke={s.color}
                  strokeWidth={s.dashed ? 1.25 : 1.75}
                  strokeDasharray={s.dashed ? "4 3" : undefined}
                  connectNulls={false}
                  dot={(d: { cx?: number; cy?: number; index?: number }) => <IsolatedDot key={`${s.key}-${d.index}`} {...d} color={s.color} values={points.map((p) => p[s.key])} />}
                  activeDot={{ r: 3 }}
                />
              );
            })}
            {markerLines(marks)}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}

/** The markers per bucket start, for the buckets that hold them (by time, not by label). */
export function markersByBucket(points: readonly TimeBucket[], markers: readonly ChartMarker[]): Map<string, ChartMarker[]> {
  const out = new Map<string, ChartMarker[]>();
  if (markers.length === 0) return out;
  const bounds = points.map((p) => [Date.parse(p.start), Date.parse(p.end)] as const);
  for (const m of markers) {
    const t = Date.parse(m.at);
    const i = bounds.findIndex(([s, e]) => t >= s && t < e);
    if (i < 0) continue;
    const start = points[i].start;
    out.set(start, [...(out.get(start) ?? []), m]);
  }
  return out;
}

/** The accessible text of a chart's markers ("deploys: …"), for its role="img" label. */
export const markersText = (marks: Map<string, ChartMarker[]>) => `deploys: ${[...marks.values()].flat().map((m) => m.label).join("; ")}`;

const markerColor = (stage: string) => MARKER_COLORS[stage] ?? "#64748b";

/** The deploy lines of a chart (children of its ComposedChart, on the left axis `yAxisId`). */
export function markerLines(marks: Map<string, ChartMarker[]>, yAxisId = "left") {
  return [...marks].map(([start, ms]) => (
    <ReferenceLine
      key={`marker-${start}`}
      x={start}
      yAxisId={yAxisId}
      position="start"
      shape={(l: { x1?: number; y1?: number; x2?: number; y2?: number }) => <MarkerLine {...l} markers={ms} />}
    />
  ));
}

/** One bucket's deploy markers: a dashed line, a flag on top (the chart's accessible name lists them). */
function MarkerLine({ x1, y1, x2, y2, markers }: { x1?: number; y1?: number; x2?: number; y2?: number; markers: ChartMarker[] }) {
  if (x1 === undefined || y1 === undefined || x2 === undefined || y2 === undefined) return <g />;
  const color = markerColor(markers[markers.length - 1].stage);
  const top = Math.min(y1, y2);
  const name = `Deploy: ${markers.map((m) => m.label).join("; ")}`;
  return (
    <g data-testid="deploy-marker" data-label={name}>
      <title>{name}</title>
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke={color} strokeWidth={1.25} strokeDasharray="3 3" />
      <path d={`M${x1 - 4},${top} L${x1 + 4},${top} L${x1},${top + 5} Z`} fill={color} />
    </g>
  );
}

/** A value with no neighbours draws no line segment: show it as a dot so it is not lost. */
function IsolatedDot({ cx, cy, index, color, values }: { cx?: number; cy?: number; index?: number; color: string; values: (number | null)[] }) {
  if (cx === undefined || cy === undefined || index === undefined || values[index] === null) return <g />;
  const prev = index > 0 ? values[index - 1] : null;
  const next = index < values.length - 1 ? values[index + 1] : null;
  if (prev !== null || next !== null) return <g />;
  return <circle cx={cx} cy={cy} r={2.5} fill={color} />;
}

/** A bucket of at most an hour is an hour bucket; anything longer (or no data) is a day. */
function bucketOf(points: readonly TimeBucket[]): BucketSize {
  const p = points[0];
  return p && Date.parse(p.end) - Date.parse(p.start) <= 3_600_000 ? "hour" : "day";
}
