"use client";
// The filter state of a dashboard page, shared by its filter bar and panels: read from the URL
// (so a link reproduces the view), written back with router.replace. Relative ranges end at the
// page's "now" (kept until Refresh), so every panel asks for the same window.
import { useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { createContext, useCallback, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import {
  bucketFor,
  metricsKeys,
  readMetricsUrl,
  resolveFilters,
  tracesHref,
  viewerTimeZone,
  writeMetricsUrl,
  type MetricsFilters,
  type MetricsUrlState,
  type TraceLink,
} from "@/lib/client/metrics";
import type { Bucket } from "@/lib/shared/metrics";
import { useOptionalProject } from "@/components/shell/project-context";

interface MetricsScopeValue {
  slug: string;
  state: MetricsUrlState;
  filters: MetricsFilters;
  bucket: Bucket;
  timeZone: string;
  /** A page's own URL parameter (e.g. `tool`), or null. */
  param: (key: string) => string | null;
  setState: (next: Partial<MetricsUrlState>) => void;
  setParam: (key: string, value: string | null) => void;
  refresh: () => void;
  /** May this person open the traces page (sre and up)? */
  canTrace: boolean;
  /** The runs behind a number, or null when the role may not read traces. */
  traces: (narrow?: TraceLink) => string | null;
  /** Opens those runs (charts' clicks); undefined when the role may not read traces. */
  openRuns: ((narrow?: TraceLink) => void) | undefined;
}

const Ctx = createContext<MetricsScopeValue | null>(null);

const subscribeNever = () => () => {};
/** False while server-rendering and hydrating: times in the viewer's zone render after that. */
export function useIsClient(): boolean {
  return useSyncExternalStore(subscribeNever, () => true, () => false);
}

export function MetricsScope({ slug, children }: { slug: string; children: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const queryClient = useQueryClient();
  const state = useMemo(() => readMetricsUrl(new URLSearchParams(search)), [search]);
  const [anchor, setAnchor] = useState(() => Date.now());
  const isClient = useIsClient();
  const canTrace = useOptionalProject()?.can("traces:read") ?? true;
  const timeZone = isClient ? viewerTimeZone() : "UTC";

  const setState = useCallback(
    (next: Partial<MetricsUrlState>) => {
      const merged = { ...state, ...next };
      for (const k of Object.keys(next) as (keyof MetricsUrlState)[]) if (next[k] === undefined) delete merged[k];
      router.replace(`${pathname}${writeMetricsUrl(merged, new URLSearchParams(search))}`, { scroll: false });
    },
    [state, router, pathname, search],
  );

  const setParam = useCallback(
    (key: string, value: string | null) => {
      const sp = new URLSearchParams(search);
      if (value === null) sp.delete(key);
      else sp.set(key, value);
      const s = sp.toString();
      router.replace(`${pathname}${s ? `?${s}` : ""}`, { scroll: false });
    },
    [router, pathname, search],
  );

  const value = useMemo<MetricsScopeValue>(() => {
    const filters = resolveFilters(state, anchor);
    return {
      slug,
      state,
      filters,
      bucket: bucketFor(filters),
      timeZone,
      param: (key) => new URLSearchParams(search).get(key),
      setState,
      setParam,
      refresh: () => {
        setAnchor(Date.now());
        void queryClient.invalidateQueries({ queryKey: metricsKeys.all(slug) });
      },
      canTrace,
      traces: (narrow) => (canTrace ? tracesHref(slug, filters, narrow) : null),
      openRuns: canTrace ? (narrow) => router.push(tracesHref(slug, filters, narrow)) : undefined,
    };
  }, [slug, state, anchor, timeZone, search, setState, setParam, queryClient, canTrace, router]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useMetricsScope(): MetricsScopeValue {
  const v = useContext(Ctx);
  if (!v) throw new Error("useMetricsScope() must be used inside <MetricsScope>");
  return v;
}
