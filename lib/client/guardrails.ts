"use client";
// The Guardrails page's data (GET /api/v1/metrics/guardrails) and its links to the runs behind a
// number. Keyed under ["metrics", slug] so the dashboards' Refresh reloads it with the rest.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import type { MetricsFilters } from "./metrics";
import { guardrailsResponse } from "@/lib/shared/api/guardrails";

export function useGuardrailMetrics(slug: string, f: MetricsFilters) {
  return useQuery({
    queryKey: ["metrics", slug, "guardrails", f] as const,
    queryFn: ({ signal }) => apiFetch("/api/v1/metrics/guardrails", guardrailsResponse, { query: { project: slug, ...f }, signal }),
    placeholderData: keepPreviousData,
  });
}

/**
 * The runs over budget: the traces link with `budgetBreached=true` (the runs-list filter of the
 * budget writer, issue 17). Added here, not through the link builder's typed keys, so this page
 * does not depend on the order the two parts land in.
 */
export function withBudgetBreached(href: string | null): string | null {
  if (href === null) return null;
  return `${href}${href.includes("?") ? "&" : "?"}budgetBreached=true`;
}
