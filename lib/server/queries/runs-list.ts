import "server-only";
// The runs list (traces explorer, GET /api/v1/runs): filters, free search, keyset pagination.
// Order: startedAt desc, then id asc (see lib/shared/runs-query.ts for why the cursor is stable).
import type { SqlRunner } from "../db/sql-runner";
import {
  decodeRunsCursor,
  encodeRunsCursor,
  type RunListItem,
  type RunsFilter,
  type RunsPage,
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
}

const COLUMNS = `r."id", r."traceId", r."sessionId", r."workflow", r."environment"::text AS "environment",
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
  if (f.from) where.push(`r."startedAt" >= ${p(f.from)}`);
  if (f.to) where.push(`r."startedAt" < ${p(f.to)}`);
  if (f.q) {
    const q = p(f.q);
    where.push(`(r."id" = ${q} OR r."traceId" = ${q} OR r."sessionId" = ${q})`);
  }
  // tool and toolStatus together mean "a call of that tool with that status", not two calls.
  if (f.tool || f.toolStatus) {
    const conds = [`tc."runPk" = r."pk"`];
    if (f.tool) conds.push(`tc."name" = ${p(f.tool)}`);
    if (f.toolStatus) conds.push(`tc."status" = ${p(f.toolStatus)}::"ToolCallStatus"`);
    where.push(`EXISTS (SELECT 1 FROM "tool_calls" tc WHERE ${conds.join(" AND ")})`);
  }
  return { where: where.join(" AND "), params };
}

export async function listRuns(
  sql: Pick<SqlRunner, "query">,
  projectId: string,
  filter: RunsFilter,
  page: { cursor?: string; limit?: number } = {},
): Promise<RunsPage> {
  const limit = page.limit ?? DEFAULT_RUNS_LIMIT;
  const { where, params } = runsFilterSql(projectId, filter);
  const clauses = [where];
  if (page.cursor !== undefined) {
    const c = decodeRunsCursor(page.cursor);
    if (!c) throw badRequest("invalid query: cursor: not a cursor from this API", [{ path: "cursor", message: "not a cursor from this API" }]);
    params.push(new Date(c.startedAt), c.id);
    const t = `$${params.length - 1}`;
    const id = `$${params.length}`;
    clauses.push(`(r."startedAt" < ${t} OR (r."startedAt" = ${t} AND r."id" > ${id}))`);
  }
  params.push(limit + 1);
  const rows = await sql.query<RunRow>(
    `SELECT ${COLUMNS} FROM "runs" r WHERE ${clauses.join(" AND ")}
     ORDER BY r."startedAt" DESC, r."id" ASC LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > limit;
  const runs = rows.slice(0, limit).map(toListItem);
  const last = runs[runs.length - 1];
  return { runs, nextCursor: more && last ? encodeRunsCursor({ startedAt: last.startedAt, id: last.id }) : null };
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
  };
}

function iso(v: Date | string): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

/** All runs of a session, oldest first (the session page). */
export async function listSessionRuns(sql: Pick<SqlRunner, "query">, projectId: string, sessionId: string): Promise<RunListItem[]> {
  const rows = await sql.query<RunRow>(
    `SELECT ${COLUMNS} FROM "runs" r WHERE r."projectId" = $1 AND r."sessionId" = $2
     ORDER BY r."startedAt" ASC, r."id" ASC LIMIT 1000`,
    [projectId, sessionId],
  );
  return rows.map(toListItem);
}
