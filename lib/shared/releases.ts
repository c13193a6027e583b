// The releases list (GET /api/v1/releases): one row per release seen in the project, with the
// KPI delta against the release that was first seen just before it.
import { runRates, type RunTotals } from "./metrics";
import type { z } from "zod";
import type * as api from "./api/releases";

/** KPIs of a release's runs; rates and p95 are null when it has no runs (a gap, not a zero). */
export type ReleaseKpis = z.infer<typeof api.releaseKpisSchema>;
export type ReleaseListItem = z.infer<typeof api.releaseListItemSchema>;
export type ReleasesResponse = z.infer<typeof api.releasesResponse>;

const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

export function kpiDelta(current: ReleaseKpis, previous: ReleaseKpis): NonNullable<ReleaseListItem["delta"]> {
  return {
    successRate: diff(current.successRate, previous.successRate),
    escalationRate: diff(current.escalationRate, previous.escalationRate),
    runP95Ms: diff(current.runP95Ms, previous.runP95Ms),
    costPerSuccessUsd: diff(current.costPerSuccessUsd, previous.costPerSuccessUsd),
  };
}

/** A release's KPIs from its runs' totals (rates by runRates, CONTRACT §3); p95 null without runs. */
export function releaseKpis(t: RunTotals, runP95Ms: number | null): ReleaseKpis {
  const rates = runRates(t);
  return {
    runs: t.runs,
    successRate: rates.successRate,
    escalationRate: rates.escalationRate,
    runP95Ms: t.runs ? runP95Ms : null,
    costPerSuccessUsd: rates.costPerSuccessUsd,
  };
}

/** "gpt-4.1@v13" → a path segment; release names may hold "@" and "/". */
export function releasePath(projectSlug: string, release: string): string {
  return `/${encodeURIComponent(projectSlug)}/releases/${encodeURIComponent(release)}`;
}

/** Route params arrive encoded or decoded depending on the caller; decode once, leniently. */
export function decodeReleaseParam(raw: string): string {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
