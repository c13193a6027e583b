import "server-only";
// The workflow-budget breaches of the runs the shared writer stores (issue 17): each run evaluated
// by lib/shared/budgets.ts against its workflow's budget as it is at ingest (the project's budgets
// read once per batch) and one row per limit gone over inserted in the writer's transaction, in one
// statement per batch. A run rebuilt from its trace is evaluated again (its old rows replaced); a
// duplicate run is never written, so neither are they. Changing a budget re-evaluates nothing
// already stored unless asked (lib/server/services/budgets.ts, docs/guardrails.md).
import type { DbSqlTx } from "../db/handle";
import { evaluateBudget, type BudgetLimits, type BudgetedRun } from "@/lib/shared/budgets";

/** The project's budgets by workflow (empty when it has none). */
export async function loadBudgets(tx: DbSqlTx, projectId: string, workflows?: string[]): Promise<Map<string, BudgetLimits>> {
  const rows = await tx.sql.query<BudgetLimits & { workflow: string }>(
    `SELECT "workflow", "maxToolCalls", "maxDurationMs", "maxTokens", "maxCostUsd" FROM "workflow_budgets"
     WHERE "projectId" = $1${workflows ? ` AND "workflow" = ANY($2::text[])` : ""}`,
    workflows ? [projectId, workflows] : [projectId],
  );
  return new Map(
    rows.map((r) => [
      r.workflow,
      {
        maxToolCalls: r.maxToolCalls,
        maxDurationMs: r.maxDurationMs,
        maxTokens: r.maxTokens,
        maxCostUsd: r.maxCostUsd === null ? null : Number(r.maxCostUsd),
      },
    ]),
  );
}

const INSERT_BREACHES = `INSERT INTO "run_budget_breaches" ("projectId", "runPk", "limit", "runStartedAt", "actual", "maximum")
  SELECT $1::text, u.* FROM unnest($2::text[]::bigint[], $3::text[]::"BudgetLimit"[], $4::text[]::timestamptz[], $5::float8[], $6::float8[]) AS u`;

export interface BudgetedRunRow extends BudgetedRun {
  runPk: string;
  workflow: string;
  startedAt: string;
}

/** Evaluates `runs` against `budgets` and inserts their breaches in one statement; returns the runs that breached. */
export async function insertBreaches(tx: DbSqlTx, projectId: string, runs: BudgetedRunRow[], budgets: Map<string, BudgetLimits>): Promise<number> {
  if (budgets.size === 0) return 0;
  const cols: unknown[][] = [[], [], [], [], []];
  let breaching = 0;
  for (const run of runs) {
    const breaches = evaluateBudget(run, budgets.get(run.workflow));
    if (breaches.length) breaching++;
    for (const b of breaches) [run.runPk, b.limit, run.startedAt, b.actual, b.maximum].forEach((v, i) => cols[i].push(v));
  }
  if (cols[0].length) await tx.sql.query(INSERT_BREACHES, [projectId, ...cols]);
  return breaching;
}

/**
 * Evaluates and stores the breaches of `runs` (each with the pk it was stored under). `replace`:
 * pks of rebuilt runs, whose old breaches go first.
 */
export async function writeBudgetBreaches(
  tx: DbSqlTx,
  projectId: string,
  runs: { runPk: string; row: { workflow: string; startedAt: string; durationMs: number; inputTokens: number | null; outputTokens: number | null; costUsd: number; toolCalls: unknown[] } }[],
  replace: string[],
): Promise<void> {
  if (replace.length)
    await tx.sql.query(`DELETE FROM "run_budget_breaches" WHERE "projectId" = $1 AND "runPk" = ANY($2::text[]::bigint[])`, [projectId, replace]);
  if (runs.length === 0) return;
  const budgets = await loadBudgets(tx, projectId);
  if (budgets.size === 0) return;
  await insertBreaches(
    tx,
    projectId,
    runs.map(({ runPk, row }) => ({
      runPk,
      workflow: row.workflow,
      startedAt: row.startedAt,
      toolCallCount: row.toolCalls.length,
      durationMs: row.durationMs,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      costUsd: row.costUsd,
    })),
    budgets,
  );
}
