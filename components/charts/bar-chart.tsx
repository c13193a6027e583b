"use client";
// Horizontal bars, one row per category (tools by p95, workflows by outcome mix, cost by
// release). Several series stack when `stacked`. A null value draws no bar (no data, not 0).
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartTooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { axisMax, niceMax, niceTicks } from "./nice";
import { COLORS } from "./palette";

export interface BarSeriesSpec<K extends string> {
  key: K;
  label: string;
  color: string;
}

export interface HBarChartProps<K extends string> {
  rows: readonly ({ id: string; label: string } & Record<K, number | null>)[];
  series: readonly BarSeriesSpec<K>[];
  stacked?: boolean;
  formatValue: (v: number, key: K) => string;
  formatAxis: (v: number) => string;
  domain?: [number, number];
  /** Width of the category labels (px). */
  labelWidth?: number;
  rowHeight?: number;
  onSelect?: (rowId: string, seriesKey: K) => void;
  selectHint?: string;
  ariaLabel: string;
  /** A legend row above the plot; default when there are several series. */
  legend?: boolean;
}

export function HBarChart<K extends string>(props: HBarChartProps<K>) {
  const { rows, series, stacked, formatValue, formatAxis, domain, labelWidth = 140, rowHeight = 26, onSelect, selectHint, ariaLabel } = props;
  const height = Math.max(rows.length, 1) * rowHeight + 28;
  const legend = props.legend ?? series.length > 1;
  const data = rows as unknown as Record<string, unknown>[];
  const xDomain: [number, number] = domain ?? [0, niceMax(axisMax(data, series.map((s) => ({ key: s.key, stack: stacked ? "all" : undefined }))))];
  return (
    <div>
      {legend && <ChartLegend items={series.map((s) => ({ ...s, kind: "bar" as const }))} />}
      <div role="img" aria-label={ariaLabel} style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }} barCategoryGap={5}>
            <CartesianGrid stroke={COLORS.grid} horizontal={false} />
            <XAxis type="number" tickFormatter={formatAxis} tick={{ fontSize: 11, fill: COLORS.axis }} tickLine={false} axisLine={false} domain={xDomain} ticks={niceTicks(xDomain[1])} />
            <YAxis
              type="category"
              dataKey="label"
              width={labelWidth}
              tick={{ fontSize: 12, fill: "#334155" }}
              tickLine={false}
              axisLine={{ stroke: "#e2e8f0" }}
              tickFormatter={(v: string) => (v.length > labelWidth / 7 ? `${v.slice(0, Math.floor(labelWidth / 7) - 1)}…` : v)}
            />
            <Tooltip
              cursor={{ fill: "rgba(148, 163, 184, 0.12)" }}
              isAnimationActive={false}
              content={({ active, label }) => {
                if (!active) return null;
                const row = rows.find((r) => r.label === label);
                if (!row) return null;
                return (
                  <ChartTooltipBox
                    title={row.label}
                    rows={series.map((s) => ({ label: s.label, color: s.color, value: row[s.key] === null ? null : formatValue(row[s.key] as number, s.key) }))}
                    footer={onSelect ? selectHint : undefined}
                  />
                );
              }}
            />
            {series.map((s, i) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label}
                fill={s.color}
                stackId={stacked ? "stack" : undefined}
                isAnimationActive={false}
                maxBarSize={18}
                radius={stacked ? (i === series.length - 1 ? [0, 2, 2, 0] : 0) : [0, 2, 2, 0]}
                cursor={onSelect ? "pointer" : undefined}
                onClick={(_: unknown, index: number) => {
                  const row = rows[index];
                  if (onSelect && row) onSelect(row.id, s.key);
                }}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
