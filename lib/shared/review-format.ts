// How the weekly review writes its numbers, on the page and in the Markdown export alike.
import { delta, kpiVerdict, type KpiDefinition, type KpiUnit, type Verdict } from "./metrics";

export function formatValue(value: number | null, unit: KpiUnit): string {
  if (value === null) return "—";
  switch (unit) {
    case "rate":
      return `${(value * 100).toFixed(1)}%`;
    case "usd":
      return value >= 100 ? `$${value.toFixed(0)}` : value >= 1 ? `$${value.toFixed(2)}` : `$${value.toFixed(4)}`;
    case "ms":
      return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value).toLocaleString("en-US")} ms`;
    case "per1k":
      return value.toFixed(2);
    case "count":
      return Math.round(value).toLocaleString("en-US");
  }
}

/** "+1.2 pts", "−8.0%", "+3": the change read the way the KPI is best read. */
export function formatChange(kpi: Pick<KpiDefinition, "deltaAs" | "unit">, current: number | null, previous: number | null): string {
  const d = delta(current, previous);
  if (d.absolute === null) return "—";
  if (d.absolute === 0) return "±0";
  const sign = d.absolute > 0 ? "+" : "−";
  if (kpi.deltaAs === "points") return `${sign}${Math.abs(d.absolute * 100).toFixed(1)} pts`;
  if (kpi.deltaAs === "relative") {
    if (d.relative === null) return `${sign}${formatValue(Math.abs(d.absolute), kpi.unit)}`;
    return `${sign}${Math.abs(d.relative * 100).toFixed(1)}%`;
  }
  return `${sign}${formatValue(Math.abs(d.absolute), kpi.unit)}`;
}

export interface KpiRow {
  kpi: KpiDefinition;
  current: number | null;
  previous: number | null;
  change: string;
  verdict: Verdict | null;
}

export function kpiRow(kpi: KpiDefinition, current: number | null, previous: number | null): KpiRow {
  return { kpi, current, previous, change: formatChange(kpi, current, previous), verdict: kpiVerdict(kpi, current, previous) };
}

export function countTrend(count: number, previousCount: number): "new" | "up" | "down" | "same" {
  if (previousCount === 0 && count > 0) return "new";
  return count > previousCount ? "up" : count < previousCount ? "down" : "same";
}

export function formatCountChange(count: number, previousCount: number): string {
  const t = countTrend(count, previousCount);
  if (t === "new") return "new";
  const d = count - previousCount;
  return d === 0 ? "±0" : d > 0 ? `+${d.toLocaleString("en-US")}` : `−${(-d).toLocaleString("en-US")}`;
}
