// The bounds every read endpoint puts on the window it reads (issue 14), in one place: the
// metrics, failures and timeseries queries (./metrics-query.ts), the releases list and the gates
// (./gates.ts) and the runs list (./runs-query.ts) refuse a wider ask with a 400 naming the field,
// and the dashboard pages clamp a wider window from their URL (lib/client/metrics.ts). So no URL
// can make a request read years of raw rows (`from=1970-01-01` with hourly buckets).
//
//   window  ≤ MAX_WINDOW_DAYS (400 days: a year and its comparison month)
//   buckets ≤ MAX_BUCKETS (./metrics.ts, 2,000 per timeseries: 83 days hourly, 5 years daily)
import type { z } from "zod";
import { DAY_MS } from "./metrics";

/** The longest window a read endpoint accepts, in days. */
export const MAX_WINDOW_DAYS = 400;
export const MAX_WINDOW_MS = MAX_WINDOW_DAYS * DAY_MS;

export const WINDOW_TOO_WIDE = `the window may span at most ${MAX_WINDOW_DAYS} days; narrow 'from' or 'to'`;

/** Adds the 400's issue (on `from`) when [fromMs, toMs) is wider than MAX_WINDOW_DAYS. */
export function checkWindowSpan(ctx: z.RefinementCtx, fromMs: number, toMs: number): void {
  if (toMs - fromMs > MAX_WINDOW_MS) ctx.addIssue({ code: "custom", path: ["from"], message: WINDOW_TOO_WIDE });
}

/** The same window, clamped for a page: at most MAX_WINDOW_DAYS, ending at `to`. */
export function clampWindow(fromMs: number, toMs: number): { fromMs: number; toMs: number } {
  return { fromMs: Math.max(fromMs, toMs - MAX_WINDOW_MS), toMs };
}
