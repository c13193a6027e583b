"use client";
// Runs list hook (GET /api/v1/runs) and the URL <-> filter/sort mapping of the traces page.
import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import { RUN_FILTER_KEYS, RUN_SORT_KEYS, type RunSort, type SortOrder } from "@/lib/shared/runs-query";
import { runsPageSchema } from "@/lib/shared/api/runs";

export type RunFilterKey = (typeof RUN_FILTER_KEYS)[number];
/** The filters as the URL carries them: raw strings, validated by the API. */
export type RunFilterParams = Partial<Record<RunFilterKey, string>>;
/** The order as the URL carries it (absent = startedAt desc). Raw strings too: the API refuses unknown ones. */
export type RunSortParams = Partial<Record<(typeof RUN_SORT_KEYS)[number], string>>;

export function filtersFromSearchParams(sp: URLSearchParams): RunFilterParams {
  const out: RunFilterParams = {};
  for (const k of RUN_FILTER_KEYS) {
    const v = sp.get(k);
    if (v) out[k] = v;
  }
  return out;
}

export function sortFromSearchParams(sp: URLSearchParams): RunSortParams {
  const out: RunSortParams = {};
  for (const k of RUN_SORT_KEYS) {
    const v = sp.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** The page's query string: filters in the page's order, then the sort. */
export function filtersToSearch(f: RunFilterParams, s: RunSortParams = {}): string {
  const sp = new URLSearchParams();
  for (const k of RUN_FILTER_KEYS) if (f[k]) sp.set(k, f[k]!);
  for (const k of RUN_SORT_KEYS) if (s[k]) sp.set(k, s[k]!);
  const str = sp.toString();
  return str ? `?${str}` : "";
}

/**
 * The order after clicking a column header: the same column flips its order; another column
 * starts with its most useful end (newest, slowest, most expensive: desc). The default order
 * (startedAt desc) is written as no parameter, so the plain URL stays plain.
 */
export function nextSort(current: RunSortParams, column: RunSort): RunSortParams {
  const sort = (current.sort ?? "startedAt") as RunSort;
  const order = (current.order ?? "desc") as SortOrder;
  const next: { sort: RunSort; order: SortOrder } =
    sort === column ? { sort, order: order === "desc" ? "asc" : "desc" } : { sort: column, order: "desc" };
  return next.sort === "startedAt" && next.order === "desc" ? {} : next;
}

export const tracesKeys = {
  list: (slug: string, f: RunFilterParams, s: RunSortParams) => ["runs", slug, f, s] as const,
};

export function useRunsList(slug: string, filters: RunFilterParams, sort: RunSortParams = {}, limit = 50) {
  return useInfiniteQuery({
    queryKey: tracesKeys.list(slug, filters, sort),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiFetch("/api/v1/runs", runsPageSchema, { query: { project: slug, ...filters, ...sort, limit, cursor: pageParam }, signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
}
