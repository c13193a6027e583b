// How the weekly review writes its numbers, on the page and in the Markdown export alike.
import { formatCount, formatMs, formatPer1k, formatPoints, formatRate, formatRelative, formatSigned, formatUsd } from "./format";
import { delta, kpiVerdict, type KpiDefinition, type KpiUnit, type Verdict } from "./metrics";

/** A KPI value in its unit: "93.1%", "$0.0042", "12.0 s", "1.25", "1,204" (lib/shared/format.ts). */
export function formatValue(value: number | null, unit: KpiUnit): string {
  switch (unit) {
    case "rate":
      return formatRate(value);
    case "usd":
      return formatUsd(value);
    case "ms":
      return formatMs(value);
    case "per1k":
      return formatPer1k(value);
    case "count":
      return formatCount(value);
  }
}

/** "+1.2 pp", "−8.0%", "+3", "+$0.04": the change read the way the KPI is best read. */
export function formatChange(kpi: Pick<KpiDefinition, "deltaAs" | "unit">, current: number | null, previous: number | null): string {
  const d = delta(current, previous);
  if (d.absolute === null) return "—";
  if (kpi.deltaAs === "points") return formatPoints(d.absolute);
  if (d.absolute === 0) return "±0";
  // A relative change from 0 has no meaning: the absolute difference instead.
  if (kpi.deltaAs === "relative" && d.relative !== null) return formatRelative(d.relative);
  return formatAbsolute(d.absolute, kpi.unit);
}

/** A signed difference in a KPI's unit ("+$0.04", "−120 ms", "+3", "+0.25", "+1.2 pp"). */
function formatAbsolute(d: number, unit: KpiUnit): string {
  switch (unit) {
    case "usd":
      return formatSigned(d, "usd");
    case "ms":
      return formatSigned(d, "ms");
    case "count":
      return formatSigned(d, "count");
    case "rate":
      return formatPoints(d);
    case "per1k":
      return `${d > 0 ? "+" : "−"}${formatPer1k(Math.abs(d))}`;
  }
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

/** "new" (none last time), "+8", "−3", "±0". */
export function formatCountChange(count: number, previousCount: number): string {
  if (countTrend(count, previousCount) === "new") return "new";
  return formatSigned(count - previousCount, "count");
}
