// How the dashboards write numbers and times (display only; the values come from the API).
// Times are in the viewer's zone: these run in the browser.
import { delta, kpiVerdict, type Bucket, type KpiDefinition, type KpiUnit } from "@/lib/shared/metrics";
import { formatChange, formatValue } from "@/lib/shared/review-format";
import type { StatDelta } from "@/components/ui";

export { formatValue };

export const fmtRate = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
export const fmtUsd = (v: number | null) => (v === 0 ? "$0" : formatValue(v, "usd"));
/** 850 ms, 7.4 s, 123 s: one decimal in seconds so a column of latencies reads alike. */
export function fmtMs(v: number | null): string {
  if (v === null) return "—";
  if (v < 1000) return `${Math.round(v)} ms`;
  return v < 100_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v / 1000).toLocaleString("en-US")} s`;
}

/** A KPI in its unit (the weekly review's formats; latency as above). */
export function fmtKpi(v: number | null, unit: KpiUnit): string {
  return unit === "ms" ? fmtMs(v) : formatValue(v, unit);
}
export const fmtCount = (v: number | null) => formatValue(v, "count");

/** Axis ticks: short. */
export const axisRate = (v: number) => `${Math.round(v * 100)}%`;
const trim = (v: number, digits: number) => String(+v.toFixed(digits));
export const axisUsd = (v: number) => (v >= 1000 ? `$${trim(v / 1000, 1)}k` : v >= 1 ? `$${trim(v, 1)}` : v === 0 ? "$0" : `$${trim(v, 3)}`);
export const axisMs = (v: number) => (v >= 1000 ? `${trim(v / 1000, 1)} s` : `${Math.round(v)} ms`);
export const axisCount = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)}k` : `${Math.round(v)}`);

export function fmtTick(iso: string, bucket: Bucket): string {
  const d = new Date(iso);
  return bucket === "hour"
    ? d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hour12: false })
    : d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

export function fmtBucket(b: { start: string; end: string }, bucket: Bucket): string {
  const start = new Date(b.start);
  if (bucket === "day") return start.toLocaleDateString(undefined, { weekday: "short", month: "short", day: "numeric" });
  const end = new Date(b.end);
  const day = start.toLocaleDateString(undefined, { month: "short", day: "numeric" });
  const t = (d: Date) => d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hour12: false });
  return `${day}, ${t(start)}–${t(end)}`;
}

export function fmtInstant(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false });
}

export function fmtWindow(from: string, to: string): string {
  return `${fmtInstant(from)} – ${fmtInstant(to)}`;
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
