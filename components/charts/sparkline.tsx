"use client";
// A tiny trend line for table cells and tiles: no axes, nulls are gaps, a lone value is a dot.
import { Line, LineChart, ResponsiveContainer, YAxis } from "recharts";
import { COLORS } from "./palette";

export interface SparklineProps {
  values: readonly (number | null)[];
  color?: string;
  /** Fixed range (rates: [0, 1]); default fits the data. */
  domain?: [number, number];
  height?: number;
  width?: number | `${number}%`;
  ariaLabel: string;
}

export function Sparkline({ values, color = COLORS.accent, domain, height = 28, width = "100%", ariaLabel }: SparklineProps) {
  const data = values.map((v, i) => ({ i, v }));
  if (!values.some((v) => v !== null))
    return (
      <div role="img" aria-label={`${ariaLabel}: no data`} style={{ height, width }} className="flex items-center">
        <div className="h-px w-full border-t border-dashed border-slate-300" />
      </div>
    );
  return (
    <div role="img" aria-label={ariaLabel} style={{ height, width }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 3, right: 3, bottom: 3, left: 3 }}>
          <YAxis hide domain={domain ?? ["dataMin", "dataMax"]} />
          <Line
            dataKey="v"
            type="linear"
            stroke={color}
            strokeWidth={1.5}
            connectNulls={false}
            isAnimationActive={false}
            dot={(d: { cx?: number; cy?: number; index?: number }) => {
              const i = d.index ?? -1;
              const lone = values[i] !== null && (i === 0 || values[i - 1] === null) && (i === values.length - 1 || values[i + 1] === null);
              return lone && d.cx !== undefined && d.cy !== undefined ? <circle key={i} cx={d.cx} cy={d.cy} r={1.75} fill={color} /> : <g key={i} />;
            }}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
