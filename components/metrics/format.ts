// How the dashboards write numbers and times (display only; the values come from the API).
// Times are in the viewer's zone: these run in the browser.
import { delta, kpiVerdict, type Bucket, type KpiDefinition, type KpiUnit } from "@/lib/shared/metrics";
import { formatAxisTime, formatBucket, formatCount, formatMs, formatRate, formatUsd, formatWindow } from "@/lib/shared/format";
import { formatChange, formatValue } from "@/lib/shared/review-format";
import type { StatDelta } from "@/components/ui";

export { formatValue };

// Every body below is lib/shared/format.ts: one way to write a number or a date in the whole app.
export const fmtRate = (v: number | null) => formatRate(v);
export const fmtUsd = (v: number | null) => formatUsd(v);
/** "850 ms", "7.4 s", "2 m 05 s" (formatMs). */
export const fmtMs = (v: number | null) => formatMs(v);

/** A KPI in its unit (the weekly review's formats). */
export function fmtKpi(v: number | null, unit: KpiUnit): string {
  return formatValue(v, unit);
}
export const fmtCount = (v: number | null) => formatCount(v);

/** Axis ticks: short ("$1.2k", "80%", "1.5 s"); tooltips and tables give the full value. */
export const axisRate = (v: number) => `${Math.round(v * 100)}%`;
const trim = (v: number, digits: number) => String(+v.toFixed(digits));
export const axisUsd = (v: number) => (v >= 1000 ? `$${trim(v / 1000, 1)}k` : v >= 1 ? `$${trim(v, 1)}` : v === 0 ? "$0" : `$${trim(v, 3)}`);
export const axisMs = (v: number) => (v >= 1000 ? `${trim(v / 1000, 1)} s` : `${Math.round(v)} ms`);
export const axisCount = (v: number) => (v >= 1000 ? `${trim(v / 1000, 1)}k` : `${Math.round(v)}`);

/** A time axis tick: "12-01" (days), "14:00" (hours; the date at midnight). */
export function fmtTick(iso: string, bucket: Bucket): string {
  return formatAxisTime(iso, bucket);
}

/** A bucket in full (chart tooltips): "2026-12-01" or "2026-12-01 14:00–15:00". */
export function fmtBucket(b: { start: string; end: string }, bucket: Bucket): string {
  return formatBucket(b.start, b.end, bucket);
}

/** "2026-11-24 10:00 – 2026-12-01 10:00". */
export function fmtWindow(from: string, to: string): string {
  return formatWindow(from, to);
}

export function fmtCategory(c: string): string {
  return c.replace(/_/g, " ");
}

/** The tile's change chip: the change as the KPI is best read, coloured by whether it is good. */
export function kpiDelta(kpi: Pick<KpiDefinition, "better" | "deltaAs" | "unit">, current: number | null, previous: number | null): StatDelta | null {
  const verdict = kpiVerdict(kpi, current, previous);
  if (verdict === null) return null;
  const d = delta(current, previous).absolute ?? 0;
  return {
    label: formatChange(kpi, current, previous),
    direction: d > 0 ? "up" : d < 0 ? "down" : "flat",
    sentiment: verdict === "better" ? "good" : verdict === "worse" ? "bad" : "neutral",
  };
}
