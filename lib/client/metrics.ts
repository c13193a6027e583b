"use client";
// The dashboards' data: one react-query hook per metrics endpoint, their query keys, the URL
// state of the filter bar (range, workflow, environment, release) and links to the traces
// behind a number. The numbers come from the API as they are; pages only format them.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { ApiError, apiFetch, buildUrl } from "./fetcher";
import { DAY_MS, previousWindow } from "@/lib/shared/metrics";
import { RUN_FILTER_KEYS, type RunSort, type RunsFilter, type SortOrder } from "@/lib/shared/runs-query";
import type { Bucket, Timeseries } from "@/lib/shared/metrics";
import { clampWindow } from "@/lib/shared/window-bounds";
import {
  failuresResponse,
  overviewResponse,
  releaseMetricsResponse,
  timeseriesResponse,
  toolsResponse,
  workflowsResponse,
} from "@/lib/shared/api/metrics";

export const RANGES = [
  { id: "24h", label: "24 h", long: "Last 24 hours", ms: DAY_MS },
  { id: "7d", label: "7 d", long: "Last 7 days", ms: 7 * DAY_MS },
  { id: "30d", label: "30 d", long: "Last 30 days", ms: 30 * DAY_MS },
  { id: "90d", label: "90 d", long: "Last 90 days", ms: 90 * DAY_MS },
] as const;
export type RangeId = (typeof RANGES)[number]["id"] | "custom";
// A month by default: what an executive reads first; the weekly review has the week.
export const DEFAULT_RANGE: RangeId = "30d";

/** What the URL says: `range` (or custom `from`/`to`), `workflow`, `environment`, `release`. */
export interface MetricsUrlState {
  range: RangeId;
  from?: string;
  to?: string;
  workflow?: string;
  environment?: string;
  release?: string;
}

/** The window and narrowing every metrics request of a page shares (ISO instants). */
export interface MetricsFilters {
  from: string;
  to: string;
  workflow?: string;
  environment?: string;
  release?: string;
}

const FILTER_KEYS = ["workflow", "environment", "release"] as const;

export function readMetricsUrl(sp: URLSearchParams): MetricsUrlState {
  const out: MetricsUrlState = { range: DEFAULT_RANGE };
  const range = sp.get("range");
  const from = sp.get("from");
  const to = sp.get("to");
  if (range === "custom" || (!range && from && to)) {
    if (from && to && !Number.isNaN(Date.parse(from)) && !Number.isNaN(Date.parse(to)) && Date.parse(from) < Date.parse(to)) {
      // A wider window than any endpoint reads is clamped to its last MAX_WINDOW_DAYS (the
      // caption shows the window read), not sent to be refused (lib/shared/window-bounds.ts).
      const w = clampWindow(Date.parse(from), Date.parse(to));
      Object.assign(out, { range: "custom", from: w.fromMs === Date.parse(from) ? from : new Date(w.fromMs).toISOString(), to });
    }
  } else if (RANGES.some((r) => r.id === range)) out.range = range as RangeId;
  for (const k of FILTER_KEYS) {
    const v = sp.get(k);
    if (v) out[k] = v;
  }
  return out;
}

const MANAGED = ["range", "from", "to", ...FILTER_KEYS];

/**
 * The URL query string of a state (the default range is left out, so plain links stay short).
 * Other parameters of `keep` (a page's own, e.g. the selected tool) are carried over.
 */
export function writeMetricsUrl(state: MetricsUrlState, keep?: URLSearchParams): string {
  const sp = new URLSearchParams();
  if (keep) for (const [k, v] of keep) if (!MANAGED.includes(k)) sp.append(k, v);
  if (state.range === "custom" && state.from && state.to) {
    sp.set("range", "custom");
    sp.set("from", state.from);
    sp.set("to", state.to);
  } else if (state.range !== DEFAULT_RANGE) sp.set("range", state.range);
  for (const k of FILTER_KEYS) if (state[k]) sp.set(k, state[k]!);
  const s = sp.toString();
  return s ? `?${s}` : "";
}

/**
 * Relative ranges end at `anchorMs` (the page's "now", rounded up to the minute and kept while the
 * page is open) so every panel asks for the same window and caches line up.
 */
export function resolveFilters(state: MetricsUrlState, anchorMs: number): MetricsFilters {
  let from: string;
  let to: string;
  if (state.range === "custom" && state.from && state.to) {
    from = new Date(state.from).toISOString();
    to = new Date(state.to).toISOString();
  } else {
    const range = RANGES.find((r) => r.id === state.range) ?? RANGES.find((r) => r.id === DEFAULT_RANGE)!;
    const end = Math.ceil(anchorMs / 60_000) * 60_000;
    from = new Date(end - range.ms).toISOString();
    to = new Date(end).toISOString();
  }
  const out: MetricsFilters = { from, to };
  for (const k of FILTER_KEYS) if (state[k]) out[k] = state[k];
  return out;
}

export function previousFilters(f: MetricsFilters): MetricsFilters {
  const prev = previousWindow(new Date(f.from), new Date(f.to));
  return { ...f, from: prev.from.toISOString(), to: prev.to.toISOString() };
}

/** Hours up to three days, days beyond (as the API's default, stated so the page knows). */
export function bucketFor(f: MetricsFilters): Bucket {
  return Date.parse(f.to) - Date.parse(f.from) <= 3 * DAY_MS ? "hour" : "day";
}

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/**
 * Parameters of the traces page, for "show the runs behind this": the runs list's own filter and
 * sort keys (lib/shared/runs-query.ts), so a link can only say what the list reads. `from`/`to`
 * are ISO instants (a bucket's, clipped to the page's window).
 */
/** The filters a dashboard link may narrow: the runs list's own, less free search, a session and the window (set apart). */
const NOT_LINK_KEYS = ["q", "sessionId", "from", "to"] as const;
type LinkFilterKey = Exclude<(typeof RUN_FILTER_KEYS)[number], (typeof NOT_LINK_KEYS)[number]>;
const LINK_FILTER_KEYS: readonly LinkFilterKey[] = RUN_FILTER_KEYS.filter(
  (k): k is LinkFilterKey => !(NOT_LINK_KEYS as readonly string[]).includes(k),
);

export type TraceLink = Partial<Pick<RunsFilter, LinkFilterKey>> & {
  from?: string;
  to?: string;
  sort?: RunSort;
  order?: SortOrder;
};

/**
 * The runs behind a number: the page's window and scope (workflow, environment, release),
 * narrowed by `narrow` (a bucket's from/to is clipped to the window). Keys keep the runs list's
 * order so equal links are equal strings.
 */
export function tracesHref(slug: string, f: MetricsFilters, narrow: TraceLink = {}): string {
  const from = narrow.from && narrow.from > f.from ? narrow.from : f.from;
  const to = narrow.to && narrow.to < f.to ? narrow.to : f.to;
  const query: Record<string, string | number | undefined> = {};
  for (const k of LINK_FILTER_KEYS) {
    const v = narrow[k] ?? (k === "workflow" || k === "environment" || k === "release" ? f[k] : undefined);
    if (v !== undefined) query[k] = typeof v === "boolean" ? String(v) : v;
  }
  return buildUrl(`/${slug}/traces`, { ...query, from, to, sort: narrow.sort, order: narrow.order });
}

export const metricsKeys = {
  all: (slug: string) => ["metrics", slug] as const,
  overview: (slug: string, f: MetricsFilters) => ["metrics", slug, "overview", f] as const,
  workflows: (slug: string, f: MetricsFilters) => ["metrics", slug, "workflows", f] as const,
  tools: (slug: string, f: MetricsFilters) => ["metrics", slug, "tools", f] as const,
  failures: (slug: string, f: MetricsFilters, limit: number) => ["metrics", slug, "failures", f, limit] as const,
  releases: (slug: string, f: MetricsFilters) => ["metrics", slug, "releases", f] as const,
  timeseries: (slug: string, f: MetricsFilters, req: TimeseriesParams) => ["metrics", slug, "timeseries", f, req] as const,
};

const get = <S extends z.ZodType>(path: string, schema: S, slug: string, f: MetricsFilters, extra: Record<string, string | number | undefined> = {}) =>
  ({ signal }: { signal: AbortSignal }): Promise<z.output<S>> => apiFetch(`/api/v1/metrics/${path}`, schema, { query: { project: slug, ...f, ...extra }, signal });

// Keep the last numbers on screen while a new window loads: the tiles change in place.
const keep = { placeholderData: keepPreviousData } as const;

export function useOverview(slug: string, f: MetricsFilters) {
  const queryFn = get("overview", overviewResponse, slug, f);
  return useQuery({ queryKey: metricsKeys.overview(slug, f), queryFn, ...keep });
}

export function useWorkflowMetrics(slug: string, f: MetricsFilters) {
  const queryFn = get("workflows", workflowsResponse, slug, f);
  return useQuery({
    queryKey: metricsKeys.workflows(slug, f),
    queryFn,
    select: (d) => d.workflows,
    ...keep,
  });
}

export function useToolMetrics(slug: string, f: MetricsFilters) {
  const queryFn = get("tools", toolsResponse, slug, f);
  return useQuery({ queryKey: metricsKeys.tools(slug, f), queryFn, select: (d) => d.tools, ...keep });
}

export function useFailureReasons(slug: string, f: MetricsFilters, limit = 10) {
  const queryFn = get("failures", failuresResponse, slug, f, { limit });
  return useQuery({
    queryKey: metricsKeys.failures(slug, f, limit),
    queryFn,
    select: (d) => d.failures,
    ...keep,
  });
}

export function useReleaseMetrics(slug: string, f: MetricsFilters) {
  const queryFn = get("releases", releaseMetricsResponse, slug, f);
  return useQuery({
    queryKey: metricsKeys.releases(slug, f),
    queryFn,
    select: (d) => d.releases,
    ...keep,
  });
}

export type TimeseriesParams =
  | { series: "runs" | "workflows"; bucket: Bucket; tz: string }
  | { series: "tool"; tool: string; bucket: Bucket; tz: string };

export function useTimeseries<S extends Timeseries["series"]>(
  slug: string,
  f: MetricsFilters,
  req: TimeseriesParams & { series: S },
  opts: { enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: metricsKeys.timeseries(slug, f, req),
    queryFn: async (ctx: { signal: AbortSignal }) => {
      const data = await get("timeseries", timeseriesResponse, slug, f, req)(ctx);
      if (!isSeries(data, req.series))
        throw new ApiError(200, "invalid_response", `asked for the '${req.series}' series, the server answered '${data.series}'`);
      return data;
    },
    enabled: opts.enabled ?? true,
    ...keep,
  });
}

function isSeries<S extends Timeseries["series"]>(t: Timeseries, series: S): t is Extract<Timeseries, { series: S }> {
  return t.series === series;
}
