// The runs-list filters (GET /api/v1/runs, the traces page URL) and the opaque cursor.
// Shared so the page writes exactly the query strings the API reads.
import { z } from "zod";
import { instantDate } from "./instant";
import { checkWindowSpan } from "./window-bounds";
import type { runListItemSchema, runsPageSchema } from "./api/runs";
import { LOOP_DETECTION_KINDS } from "./detectors";

import { ENVIRONMENTS, FAILURE_CATEGORIES, OUTCOMES, TOOL_CALL_STATUSES as TOOL_STATUSES } from "./contract-enums";
export { ENVIRONMENTS, FAILURE_CATEGORIES, OUTCOMES, TOOL_STATUSES };

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = instantDate();
/** Empty query values (`?workflow=`) mean "no filter", as the page's form sends them. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());
/** `true` / `false` only: anything else is refused (naming the parameter), never read as false. */
const flag = z.enum(["true", "false"]).transform((v) => v === "true");

/** A call's status filter: one status, or `not_ok` = any status but ok (error ∪ timeout ∪ blocked). */
export const TOOL_STATUS_FILTERS = [...TOOL_STATUSES, "not_ok"] as const;
export type ToolStatusFilter = (typeof TOOL_STATUS_FILTERS)[number];

/**
 * The orders of the runs list. `toolLatency` = the slowest call of the `tool` filter's tool in the
 * run (a run's own latency is `duration`); it needs `tool`.
 */
export const RUN_SORTS = ["startedAt", "duration", "cost", "toolLatency"] as const;
export type RunSort = (typeof RUN_SORTS)[number];
export const SORT_ORDERS = ["desc", "asc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
export const DEFAULT_RUN_SORT: RunSort = "startedAt";
export const DEFAULT_SORT_ORDER: SortOrder = "desc";

export const runsQuerySchema = z
  .object({
    outcome: optional(z.enum(OUTCOMES)),
    workflow: optional(text(100)),
    environment: optional(z.enum(ENVIRONMENTS)),
    release: optional(text(200)),
    failureCategory: optional(z.enum(FAILURE_CATEGORIES)),
    failureReason: optional(text(200)),
    tool: optional(text(100)),
    toolStatus: optional(z.enum(TOOL_STATUS_FILTERS)),
    /** A call's errorType (for a blocked call, the policy that stopped it); with tool/toolStatus, of the same call. */
    errorType: optional(text(200)),
    /** Failed runs whose failure is critical (true) or not critical (false). */
    critical: optional(flag),
    /** Runs with a retried call (true) or with none (false); the call is of `tool` when given. */
    retried: optional(flag),
    /** Runs where the guardrail detectors found a retry storm, a loop or a failure streak (issue 17). */
    detection: optional(z.enum(LOOP_DETECTION_KINDS)),
    /** Runs with (true) or without (false) a duplicate side effect. */
    duplicateSideEffect: optional(flag),
    /** The tool of that detection (of `detection`, of the duplicate side effect, else of any kind); a cycle's is "A → B". */
    detectionTool: optional(text(300)),
    /** Runs that went over (true) or stayed within (false) their workflow's budget when stored (issue 17). */
    budgetBreached: optional(flag),
    minLatencyMs: optional(z.coerce.number().int().min(0)),
    minCostUsd: optional(z.coerce.number().min(0)),
    /** Runs with (true) or without (false) a qualityScore: the runs behind the quality means (docs/quality.md). */
    scored: optional(flag),
    sessionId: optional(text(200)),
    /** Free search: an exact run id, trace id or session id. */
    q: optional(text(200)),
    from: optional(instant),
    to: optional(instant),
    sort: optional(z.enum(RUN_SORTS)),
    order: optional(z.enum(SORT_ORDERS)),
    cursor: optional(z.string().max(2000)),
    limit: optional(z.coerce.number().int().min(1).max(200)),
  })
  .superRefine((v, ctx) => {
    // A field that failed its own check is still a string here: nothing more to say about the window.
    if (!(v.from === undefined || v.from instanceof Date) || !(v.to === undefined || v.to instanceof Date)) return;
    if (v.from && v.to && v.from >= v.to) return void ctx.addIssue({ code: "custom", path: ["to"], message: "must be after 'from'" });
    // Without `from` the list is every run, read a page at a time (keyset); a `from` bounds the
    // window like every other read (./window-bounds.ts).
    if (v.from) checkWindowSpan(ctx, v.from.getTime(), (v.to ?? new Date()).getTime());
  })
  .refine((v) => v.sort !== "toolLatency" || v.tool !== undefined, {
    path: ["sort"],
    message: "'toolLatency' sorts by one tool's calls: add the 'tool' filter",
  });

export type RunsQuery = z.infer<typeof runsQuerySchema>;
export type RunsFilter = Omit<RunsQuery, "cursor" | "limit" | "sort" | "order">;
export interface RunsOrder {
  sort: RunSort;
  order: SortOrder;
}

/** The filter keys in the order the page shows them (also the URL keys). */
export const RUN_FILTER_KEYS = [
  "q",
  "outcome",
  "workflow",
  "environment",
  "release",
  "failureCategory",
  "failureReason",
  "tool",
  "toolStatus",
  "errorType",
  "critical",
  "retried",
  "detection",
  "duplicateSideEffect",
  "detectionTool",
  "budgetBreached",
  "minLatencyMs",
  "minCostUsd",
  "scored",
  "sessionId",
  "from",
  "to",
] as const;

/** The URL keys of the list's order (beside the filters; not counted as filters). */
export const RUN_SORT_KEYS = ["sort", "order"] as const;

/** One row of the runs list (the API's `runs[]`); the shape is the response schema's (lib/shared/api/runs.ts). */
export type RunListItem = z.infer<typeof runListItemSchema>;

export type RunsPage = z.infer<typeof runsPageSchema>;

/**
 * Cursor = the order it belongs to and the last row's sort key: (sort, order, value, id). Rows are
 * ordered by the sort's value in `order`, then id asc (id is unique per project, so the order is
 * total; for the default, startedAt desc then id asc matches the index runs(projectId, startedAt
 * DESC, id)). Keyset, not offset: a run ingested while a client walks the pages sorts either
 * before the cursor (never reached) or into its place after it, so no run is repeated or skipped.
 * `value` is an RFC 3339 instant for startedAt, else a number (ms or USD, exact as stored).
 */
export interface RunsCursor {
  sort: RunSort;
  order: SortOrder;
  value: string | number;
  id: string;
}

export function encodeRunsCursor(c: RunsCursor): string {
  return base64url(JSON.stringify([c.sort, c.order, c.value, c.id]));
}

export function decodeRunsCursor(raw: string): RunsCursor | null {
  try {
    const parsed: unknown = JSON.parse(fromBase64url(raw));
    if (!Array.isArray(parsed) || parsed.length !== 4) return null;
    const [sort, order, value, id] = parsed as unknown[];
    if (!RUN_SORTS.includes(sort as RunSort) || !SORT_ORDERS.includes(order as SortOrder)) return null;
    if (typeof id !== "string" || id.length === 0 || id.length > 128) return null;
    if (sort === "startedAt") {
      // Years 0–9999: what the database's timestamps hold (a forged far date must be a 400, not a 500).
      const t = typeof value === "string" ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(t) || t < Date.UTC(0, 0, 1) || t >= Date.UTC(10000, 0, 1)) return null;
    } else if (sort === "cost") {
      if (typeof value !== "number" || !Number.isFinite(value)) return null;
    } else if (typeof value !== "number" || !Number.isSafeInteger(value) || Math.abs(value) > 2 ** 31 - 1) {
      return null; // durations and call latencies are whole ms in an int column
    }
    return { sort: sort as RunSort, order: order as SortOrder, value: value as string | number, id };
  } catch {
    return null;
  }
}

function base64url(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(s: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error("not base64url");
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
