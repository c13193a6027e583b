// Query strings of /api/v1/metrics/* (CONTRACT §5), shared by the routes and the pages.
// The window [from, to) is optional: without `to` it ends now, without `from` it starts 7 days
// before `to`. `to` must be after `from`. Empty values (`?workflow=`) mean "no filter".
import { z } from "zod";
import { instantString } from "./instant";
import { bucketCount, DAY_MS, defaultBucket, ENVIRONMENTS, MAX_BUCKETS, type Bucket } from "./metrics";
import { checkWindowSpan } from "./window-bounds";

export const DEFAULT_WINDOW_MS = 7 * DAY_MS;

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = instantString();

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

const filterShape = {
  from: optional(instant),
  to: optional(instant),
  workflow: optional(text(100)),
  environment: optional(z.enum(ENVIRONMENTS)),
  release: optional(text(200)),
};

/** The narrowing every metric takes (besides the project, which comes from the caller). */
export interface MetricsWindowFilter {
  from: Date;
  to: Date;
  workflow?: string;
  environment?: (typeof ENVIRONMENTS)[number];
  release?: string;
}

type RawFilter = { from?: string; to?: string; workflow?: string; environment?: (typeof ENVIRONMENTS)[number]; release?: string };

function checkWindow(v: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (v.from && v.to && Date.parse(v.to) <= Date.parse(v.from))
    ctx.addIssue({ code: "custom", path: ["to"], message: "must be after 'from'" });
  const to = v.to ? Date.parse(v.to) : Date.now();
  const from = v.from ? Date.parse(v.from) : to - DEFAULT_WINDOW_MS;
  // The widest window any metric reads (./window-bounds.ts): wider asks are refused, never left to run for minutes.
  checkWindowSpan(ctx, from, to);
}

/** Defaults applied at parse time: `to` = now, `from` = `to` − 7 days. */
function resolveWindow<T extends RawFilter>(v: T): Omit<T, "from" | "to"> & MetricsWindowFilter {
  const to = v.to ? new Date(v.to) : new Date();
  const from = v.from ? new Date(v.from) : new Date(to.getTime() - DEFAULT_WINDOW_MS);
  const out = { ...v, from, to };
  // strictUndefinedChecks downstream: absent filters are absent keys, never `undefined` values.
  for (const k of ["workflow", "environment", "release"] as const) if (out[k] === undefined) delete out[k];
  return out;
}

export const metricsQuerySchema = z.object(filterShape).superRefine(checkWindow).transform(resolveWindow);

export const failuresQuerySchema = z
  .object({ ...filterShape, limit: optional(z.coerce.number().int().min(1).max(100)) })
  .superRefine(checkWindow)
  .transform((v) => ({ ...resolveWindow(v), limit: v.limit ?? 10 }));

export const TIMESERIES_KINDS = ["runs", "workflows", "tool"] as const;
export const BUCKETS = ["hour", "day"] as const;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * `series`: runs (outcomes, cost, latency, failure mix per bucket), workflows (rates per
 * workflow per bucket, for sparklines) or tool (one tool's calls; `tool` required).
 * `bucket` defaults to hour for windows up to 3 days, else day; `tz` (IANA) sets where a day
 * starts, default UTC.
 */
export const timeseriesQuerySchema = z
  .object({
    ...filterShape,
    series: optional(z.enum(TIMESERIES_KINDS)),
    tool: optional(text(100)),
    bucket: optional(z.enum(BUCKETS)),
    tz: optional(text(64).refine(isTimeZone, { message: "must be an IANA time zone, e.g. Europe/Paris" })),
  })
  .superRefine((v, ctx) => {
    checkWindow(v, ctx);
    if (v.series === "tool" && !v.tool) ctx.addIssue({ code: "custom", path: ["tool"], message: "required when series is 'tool'" });
  })
  .transform((v, ctx) => {
    const w = resolveWindow(v);
    const bucket: Bucket = v.bucket ?? defaultBucket(w.from, w.to);
    if (bucketCount(w.from, w.to, bucket) > MAX_BUCKETS) {
      ctx.addIssue({ code: "custom", path: ["bucket"], message: `the window spans more than ${MAX_BUCKETS} ${bucket} buckets (at most ${MAX_BUCKETS} per series); use a larger bucket or a shorter window` });
      return z.NEVER;
    }
    const { series, tool, tz, bucket: _b, ...filter } = w;
    const timeZone = tz ?? "UTC";
    if (series === "tool") return { series, tool: tool as string, bucket, timeZone, filter };
    return { series: series ?? "runs", bucket, timeZone, filter };
  });

export type MetricsQuery = z.infer<typeof metricsQuerySchema>;
export type FailuresQuery = z.infer<typeof failuresQuerySchema>;
export type TimeseriesQuery = z.infer<typeof timeseriesQuerySchema>;
