import "server-only";
// Workflow budgets (issue 17) as GET /api/v1/settings/budgets answers them, and a run's breaches.
import type { DbOrTx, DbOrSqlTx } from "../db/handle";
import { BUDGET_LIMITS, type BudgetBreach, type BudgetLimit } from "@/lib/shared/budgets";
import type { WorkflowBudget } from "@/lib/shared/api/budgets";

interface BudgetRow {
  workflow: string;
  maxToolCalls: number | null;
  maxDurationMs: number | null;
  maxTokens: number | null;
  maxCostUsd: number | null;
  updatedAt: Date;
}

export function toWorkflowBudget(b: BudgetRow): WorkflowBudget {
  return {
    workflow: b.workflow,
    maxToolCalls: b.maxToolCalls,
    maxDurationMs: b.maxDurationMs,
    maxTokens: b.maxTokens,
    maxCostUsd: b.maxCostUsd,
    updatedAt: b.updatedAt.toISOString(),
  };
}

/** The project's budgets, by workflow in code-point order. */
export async function listBudgets(db: DbOrTx, projectId: string): Promise<WorkflowBudget[]> {
  const rows = await db.prisma.workflowBudget.findMany({ where: { projectId } });
  return rows
    .map(toWorkflowBudget)
    .sort((a, b) => (a.workflow < b.workflow ? -1 : a.workflow > b.workflow ? 1 : 0));
}

export async function getBudget(db: DbOrTx, projectId: string, workflow: string): Promise<WorkflowBudget | null> {
  const row = await db.prisma.workflowBudget.findUnique({ where: { projectId_workflow: { projectId, workflow } } });
  return row ? toWorkflowBudget(row) : null;
}

/** The limits a stored run went over, in the order tool_calls, duration, tokens, cost. */
export async function getRunBudgetBreaches(db: DbOrSqlTx, projectId: string, runPk: string): Promise<BudgetBreach[]> {
  const rows = await db.sql.query<{ limit: BudgetLimit; actual: number; maximum: number }>(
    `SELECT "limit"::text AS "limit", "actual", "maximum" FROM "run_budget_breaches" WHERE "runPk" = $1::bigint AND "projectId" = $2`,
    [runPk, projectId],
  );
  return rows
    .map((r) => ({ limit: r.limit, actual: Number(r.actual), maximum: Number(r.maximum) }))
    .sort((a, b) => BUDGET_LIMITS.indexOf(a.limit) - BUDGET_LIMITS.indexOf(b.limit));
}

/**
 * The workflows the project has seen in the last 90 days, for the budget form's picker (read from
 * the hourly rollups, not the raw runs: cheap at any size). At most 500, in code-point order.
 */
export async function listKnownWorkflows(db: DbOrSqlTx, projectId: string, now = new Date()): Promise<string[]> {
  const rows = await db.sql.query<{ workflow: string }>(
    `SELECT "workflow" FROM "run_rollups" WHERE "projectId" = $1 AND "hour" >= $2::timestamptz
     GROUP BY "workflow" ORDER BY "workflow" COLLATE "C" LIMIT 500`,
    [projectId, new Date(now.getTime() - 90 * 86_400_000).toISOString()],
  );
  return rows.map((r) => r.workflow);
}
