import "server-only";
// The runs list (traces explorer, GET /api/v1/runs): filters, free search, sorting, the exact
// total and keyset pagination. Order: the sort's value (default startedAt desc), then id asc (see
// lib/shared/runs-query.ts for why the cursor is stable under every sort).
import type { Db } from "../db/handle";
import {
  DEFAULT_RUN_SORT,
  DEFAULT_SORT_ORDER,
  decodeRunsCursor,
  encodeRunsCursor,
  type RunListItem,
  type RunSort,
  type RunsCursor,
  type RunsFilter,
  type RunsPage,
  type SortOrder,
} from "@/lib/shared/runs-query";
import { badRequest } from "../http/errors";

export const DEFAULT_RUNS_LIMIT = 50;

interface RunRow {
  id: string;
  traceId: string;
  sessionId: string;
  workflow: string;
  environment: RunListItem["environment"];
  model: string;
  promptVersion: string;
  release: string;
  startedAt: Date | string;
  endedAt: Date | string;
  durationMs: number;
  outcome: RunListItem["outcome"];
  failureCategory: NonNullable<RunListItem["failure"]>["category"] | null;
  failureReason: string | null;
  failureCritical: boolean;
  escalationReason: string | null;
  reviewCostUsd: number | null;
  costUsd: number;
  qualityScore: number | null;
  toolCallCount: number;
  toolLatencyMs?: number | null;
}

/** The columns of a run as every list shows it (runs, sessions, incidents, run detail). */
export const RUN_LIST_COLUMNS = `r."id", r."traceId", r."sessionId", r."workflow", r."environment"::text AS "environment",
  r."model", r."promptVersion", r."release", r."startedAt", r."endedAt", r."durationMs",
  r."outcome"::text AS "outcome", r."failureCategory"::text AS "failureCategory", r."failureReason",
  r."failureCritical", r."escalationReason", r."reviewCostUsd", r."costUsd", r."qualityScore", r."toolCallCount"`;

/** WHERE clauses for the filters; every one is a bound parameter, the project always first. */
export function runsFilterSql(projectId: string, f: RunsFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [projectId];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`r."projectId" = $1`];
  if (f.outcome) where.push(`r."outcome" = ${p(f.outcome)}::"Outcome"`);
  if (f.workflow) where.push(`r."workflow" = ${p(f.workflow)}`);
  if (f.environment) where.push(`r."environment" = ${p(f.environment)}::"Environment"`);
  if (f.release) where.push(`r."release" = ${p(f.release)}`);
  if (f.failureCategory) where.push(`r."failureCategory" = ${p(f.failureCategory)}::"FailureCategory"`);
  if (f.failureReason) where.push(`r."failureReason" = ${p(f.failureReason)}`);
  if (f.sessionId) where.push(`r."sessionId" = ${p(f.sessionId)}`);
  if (f.minLatencyMs !== undefined) where.push(`r."durationMs" >= ${p(f.minLatencyMs)}`);
  if (f.minCostUsd !== undefined) where.push(`r."costUsd" >= ${p(f.minCostUsd)}`);
  if (f.scored !== undefined) where.push(`r."qualityScore" IS ${f.scored ? "NOT " : ""}NULL`);
  if (f.from) where.push(`r."startedAt" >= ${p(f.from)}`);
  if (f.to) where.push(`r."startedAt" < ${p(f.to)}`);
  if (f.q) {
    const q = p(f.q);
    where.push(`(r."id" = ${q} OR r."traceId" = ${q} OR r."sessionId" = ${q})`);
  }
  if (f.critical !== undefined)
    where.push(`r."outcome" = 'failure' AND r."failureCritical" = ${p(f.critical)}`);
  // tool, toolStatus and retried describe one call: "a call of that tool with that status (that
  // was a retry)", not three different calls. retried=false = no retried call (of that tool).
  const callConds = (extra: string[]) => {
    const conds = [`tc."runPk" = r."pk"`];
    if (f.tool) conds.push(`tc."name" = ${p(f.tool)}`);
    return [...conds, ...extra].join(" AND ");
  };
  if (f.tool || f.toolStatus || f.errorType || f.retried === true) {
    const extra: string[] = [];
    if (f.errorType) extra.push(`tc."errorType" = ${p(f.errorType)}`);
    if (f.toolStatus === "not_ok") extra.push(`tc."status" <> 'ok'`);
    else if (f.toolStatus) extra.push(`tc."status" = ${p(f.toolStatus)}::"ToolCallStatus"`);
    if (f.retried === true) extra.push(`tc."retry"`);
    where.push(`EXISTS (SELECT 1 FROM "tool_calls" tc WHERE ${callConds(extra)})`);
  }
  if (f.retried === false) where.push(`NOT EXISTS (SELECT 1 FROM "tool_calls" tc WHERE ${callConds([`tc."retry"`])})`);
  // Guardrail detections stored with the run at ingest (issue 17).
  // detectionTool narrows the detection asked for (the same row), or any detection when none is.
  const ofTool = f.detectionTool ? ` AND d."tool" = ${p(f.detectionTool)}` : "";
  const detectedRow = (cond: string) => `EXISTS (SELECT 1 FROM "run_detections" d WHERE d."runPk" = r."pk" AND d."projectId" = r."projectId"${cond})`;
  const detected = (kind: string, withTool: boolean) => detectedRow(` AND d."kind" = ${p(kind)}::"DetectionKind"${withTool ? ofTool : ""}`);
  if (f.detection) where.push(detected(f.detection, true));
  if (f.duplicateSideEffect !== undefined) where.push(`${f.duplicateSideEffect ? "" : "NOT "}${detected("duplicate_side_effect", f.duplicateSideEffect)}`);
  if (f.detectionTool && !f.detection && f.duplicateSideEffect !== true) where.push(detectedRow(ofTool));
  // Workflow-budget breaches stored with the run at ingest (or by a re-evaluation).
  if (f.budgetBreached !== undefined)
    where.push(
      `${f.budgetBreached ? "" : "NOT "}EXISTS (SELECT 1 FROM "run_budget_breaches" bb WHERE bb."runPk" = r."pk" AND bb."projectId" = r."projectId")`,
    );
  return { where: where.join(" AND "), params };
}

/** The SQL value each sort orders by (`tl` is the per-run lateral of the `tool` filter's calls). */
const SORT_SQL: Record<RunSort, string> = {
  startedAt: `r."startedAt"`,
  duration: `r."durationMs"`,
  cost: `r."costUsd"`,
  toolLatency: `tl."toolLatencyMs"`,
};

const invalidCursor = (message: string) => badRequest(`invalid query: cursor: ${message}`, [{ path: "cursor", message }]);

export interface RunsPageRequest {
  cursor?: string;
  limit?: number;
  sort?: RunSort;
  order?: SortOrder;
}

export async function listRuns(
  db: Db,
  projectId: string,
  filter: RunsFilter,
  page: RunsPageRequest = {},
): Promise<RunsPage> {
  const limit = page.limit ?? DEFAULT_RUNS_LIMIT;
  const sort = page.sort ?? DEFAULT_RUN_SORT;
  const order = page.order ?? DEFAULT_SORT_ORDER;
  if (sort === "toolLatency" && !filter.tool)
    throw badRequest("invalid query: sort: 'toolLatency' needs the 'tool' filter", [
      { path: "sort", message: "'toolLatency' sorts by one tool's calls: add the 'tool' filter" },
    ]);
  const { where, params } = runsFilterSql(projectId, filter);
  // The exact total of the filters, before the cursor narrows them.
  const [{ n: total }] = await db.sql.query<{ n: number | string }>(`SELECT count(*)::int AS "n" FROM "runs" r WHERE ${where}`, [...params]);

  let from = `"runs" r`;
  let columns = RUN_LIST_COLUMNS;
  if (filter.tool) {
    // The tool's slowest call in the run: shown as a column, and the toolLatency sort's value.
    params.push(filter.tool);
    from += ` CROSS JOIN LATERAL (SELECT max(tc."latencyMs")::int AS "toolLatencyMs" FROM "tool_calls" tc
      WHERE tc."runPk" = r."pk" AND tc."name" = $${params.length}) tl`;
    columns += `, tl."toolLatencyMs"`;
  }
  const key = SORT_SQL[sort];
  const cmp = order === "desc" ? "<" : ">";
  const clauses = [where];
  if (page.cursor !== undefined) {
    const c = decodeRunsCursor(page.cursor);
    if (!c) throw invalidCursor("not a cursor from this API");
    if (c.sort !== sort || c.order !== order)
      throw invalidCursor(`this cursor belongs to sort=${c.sort}&order=${c.order}, not sort=${sort}&order=${order}`);
    params.push(c.sort === "startedAt" ? new Date(c.value) : c.value, c.id);
    const cast = sort === "startedAt" ? "::timestamptz" : sort === "cost" ? "::float8" : "::int";
    const v = `$${params.length - 1}${cast}`;
    const id = `$${params.length}`;
    clauses.push(`(${key} ${cmp} ${v} OR (${key} = ${v} AND r."id" > ${id}))`);
  }
  params.push(limit + 1);
  const rows = await db.sql.query<RunRow>(
    `SELECT ${columns} FROM ${from} WHERE ${clauses.join(" AND ")}
     ORDER BY ${key} ${order === "desc" ? "DESC" : "ASC"}, r."id" ASC LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > limit;
  const runs = rows.slice(0, limit).map(toListItem);
  const last = runs[runs.length - 1];
  return {
    runs,
    nextCursor: more && last ? encodeRunsCursor(cursorOf(last, sort, order)) : null,
    total: Number(total),
  };
}

function cursorOf(run: RunListItem, sort: RunSort, order: SortOrder): RunsCursor {
  const value =
    sort === "startedAt" ? run.startedAt : sort === "duration" ? run.durationMs : sort === "cost" ? run.costUsd : run.toolLatencyMs!;
  return { sort, order, value, id: run.id };
}

export function toListItem(r: RunRow): RunListItem {
  return {
    id: r.id,
    traceId: r.traceId,
    sessionId: r.sessionId,
    workflow: r.workflow,
    environment: r.environment,
    model: r.model,
    promptVersion: r.promptVersion,
    release: r.release,
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
    durationMs: Number(r.durationMs),
    outcome: r.outcome,
    failure:
      r.outcome === "failure" && r.failureCategory
        ? { category: r.failureCategory, reason: r.failureReason ?? "", critical: r.failureCritical }
        : null,
    escalation:
      r.outcome === "escalated"
        ? { reason: r.escalationReason ?? "", reviewCostUsd: r.reviewCostUsd === null ? null : Number(r.reviewCostUsd) }
        : null,
    costUsd: Number(r.costUsd),
    qualityScore: r.qualityScore === null ? null : Number(r.qualityScore),
    toolCallCount: Number(r.toolCallCount),
    ...(r.toolLatencyMs !== undefined && r.toolLatencyMs !== null ? { toolLatencyMs: Number(r.toolLatencyMs) } : {}),
  };
}

function iso(v: Date | string): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

/** All runs of a session, oldest first (the session page). */
export async function listSessionRuns(db: Db, projectId: string, sessionId: string): Promise<RunListItem[]> {
  const rows = await db.sql.query<RunRow>(
    `SELECT ${RUN_LIST_COLUMNS} FROM "runs" r WHERE r."projectId" = $1 AND r."sessionId" = $2
     ORDER BY r."startedAt" ASC, r."id" ASC LIMIT 1000`,
    [projectId, sessionId],
  );
  return rows.map(toListItem);
}
