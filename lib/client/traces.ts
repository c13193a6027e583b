"use client";
// Runs list hook (GET /api/v1/runs) and the URL <-> filter mapping of the traces page.
import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import { RUN_FILTER_KEYS, type RunsPage } from "@/lib/shared/runs-query";

/** The filters as the URL carries them: raw strings, validated by the API. */
export type RunFilterParams = Partial<Record<(typeof RUN_FILTER_KEYS)[number], string>>;

export function filtersFromSearchParams(sp: URLSearchParams): RunFilterParams {
  const out: RunFilterParams = {};
  for (const k of RUN_FILTER_KEYS) {
    const v = sp.get(k);
    if (v) out[k] = v;
  }
  return out;
}

export function filtersToSearch(f: RunFilterParams): string {
  const sp = new URLSearchParams();
  for (const k of RUN_FILTER_KEYS) if (f[k]) sp.set(k, f[k]!);
  const s = sp.toString();
  return s ? `?${s}` : "";
}

export const tracesKeys = {
  list: (slug: string, f: RunFilterParams) => ["runs", slug, f] as const,
};

export function useRunsList(slug: string, filters: RunFilterParams, limit = 50) {
  return useInfiniteQuery({
    queryKey: tracesKeys.list(slug, filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiFetch<RunsPage>("/api/v1/runs", { query: { project: slug, ...filters, limit, cursor: pageParam }, signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
}
