"use client";
// Hooks of GET /api/v1/metrics/quality and /automation-value (issue 17, docs/quality.md). Keys sit
// under the dashboards' ["metrics", slug] so the filter bar's Refresh refetches them too.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import type { MetricsFilters } from "./metrics";
import { automationValueResponse, qualityResponse } from "@/lib/shared/api/quality";

export const qualityKeys = {
  all: (slug: string) => ["metrics", slug, "quality"] as const,
  quality: (slug: string, f: MetricsFilters) => ["metrics", slug, "quality", f] as const,
  automationValue: (slug: string, f: MetricsFilters) => ["metrics", slug, "automation-value", f] as const,
};

export function useQuality(slug: string, f: MetricsFilters) {
  return useQuery({
    queryKey: qualityKeys.quality(slug, f),
    queryFn: ({ signal }) => apiFetch("/api/v1/metrics/quality", qualityResponse, { query: { project: slug, ...f }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAutomationValue(slug: string, f: MetricsFilters) {
  return useQuery({
    queryKey: qualityKeys.automationValue(slug, f),
    queryFn: ({ signal }) => apiFetch("/api/v1/metrics/automation-value", automationValueResponse, { query: { project: slug, ...f }, signal }),
    placeholderData: keepPreviousData,
  });
}
