// The runs-list filters (GET /api/v1/runs, the traces page URL) and the opaque cursor.
// Shared so the page writes exactly the query strings the API reads.
import { z } from "zod";

import { ENVIRONMENTS, FAILURE_CATEGORIES, OUTCOMES, TOOL_CALL_STATUSES as TOOL_STATUSES } from "./contract-enums";
export { ENVIRONMENTS, FAILURE_CATEGORIES, OUTCOMES, TOOL_STATUSES };

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
/** Empty query values (`?workflow=`) mean "no filter", as the page's form sends them. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

export const runsQuerySchema = z
  .object({
    outcome: optional(z.enum(OUTCOMES)),
    workflow: optional(text(100)),
    environment: optional(z.enum(ENVIRONMENTS)),
    release: optional(text(200)),
    failureCategory: optional(z.enum(FAILURE_CATEGORIES)),
    failureReason: optional(text(200)),
    tool: optional(text(100)),
    toolStatus: optional(z.enum(TOOL_STATUSES)),
    minLatencyMs: optional(z.coerce.number().int().min(0)),
    minCostUsd: optional(z.coerce.number().min(0)),
    sessionId: optional(text(200)),
    /** Free search: an exact run id, trace id or session id. */
    q: optional(text(200)),
    from: optional(instant),
    to: optional(instant),
    cursor: optional(z.string().max(400)),
    limit: optional(z.coerce.number().int().min(1).max(200)),
  })
  .refine((v) => !v.from || !v.to || v.from < v.to, { path: ["to"], message: "must be after 'from'" });

export type RunsQuery = z.infer<typeof runsQuerySchema>;
export type RunsFilter = Omit<RunsQuery, "cursor" | "limit">;

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
  "minLatencyMs",
  "minCostUsd",
  "sessionId",
  "from",
  "to",
] as const;

/** One row of the runs list (the API's `runs[]`). */
export interface RunListItem {
  id: string;
  traceId: string;
  sessionId: string;
  workflow: string;
  environment: (typeof ENVIRONMENTS)[number];
  model: string;
  promptVersion: string;
  release: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  outcome: (typeof OUTCOMES)[number];
  failure: { category: (typeof FAILURE_CATEGORIES)[number]; reason: string; critical: boolean } | null;
  escalation: { reason: string; reviewCostUsd: number | null } | null;
  costUsd: number;
  qualityScore: number | null;
  toolCallCount: number;
}

export interface RunsPage {
  runs: RunListItem[];
  nextCursor: string | null;
}

/**
 * Cursor = the last row's sort key, (startedAt, id). The order is startedAt desc, then id asc
 * (id is unique per project, so the order is total; asc matches the index
 * runs(projectId, startedAt DESC, id)). Keyset, not offset: a run ingested while a client walks
 * the pages sorts either before the cursor (never reached) or into its place after it, so no
 * run is repeated or skipped.
 */
export interface RunsCursor {
  startedAt: string;
  id: string;
}

export function encodeRunsCursor(c: RunsCursor): string {
  const json = JSON.stringify([c.startedAt, c.id]);
  return base64url(json);
}

export function decodeRunsCursor(raw: string): RunsCursor | null {
  try {
    const parsed: unknown = JSON.parse(fromBase64url(raw));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [startedAt, id] = parsed;
    if (typeof startedAt !== "string" || typeof id !== "string") return null;
    if (Number.isNaN(Date.parse(startedAt)) || id.length === 0 || id.length > 128) return null;
    return { startedAt, id };
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
