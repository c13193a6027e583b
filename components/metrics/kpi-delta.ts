// The change chip of a KPI tile: the change written by lib/shared/format.ts, coloured by whether it is good news.
import { delta, kpiVerdict, type KpiDefinition } from "@/lib/shared/metrics";
import { formatKpiChange } from "@/lib/shared/format";
import type { StatDelta } from "@/components/ui";

/** The tile's change chip: the change as the KPI is best read, coloured by whether it is good. */
export function kpiDelta(kpi: Pick<KpiDefinition, "better" | "deltaAs" | "unit">, current: number | null, previous: number | null): StatDelta | null {
  const verdict = kpiVerdict(kpi, current, previous);
  if (verdict === null) return null;
  const d = delta(current, previous).absolute ?? 0;
  return {
    label: formatKpiChange(kpi, current, previous),
    direction: d > 0 ? "up" : d < 0 ? "down" : "flat",
    sentiment: verdict === "better" ? "good" : verdict === "worse" ? "bad" : "neutral",
  };
}
