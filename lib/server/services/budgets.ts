import "server-only";
// Changes to workflow budgets (issue 17), each with its audit row in one transaction, and the
// re-evaluation of stored runs against the current budgets. Ingest evaluates a run against the
// budget in force when it is stored (lib/server/ingest/budgets.ts); a budget change re-evaluates
// nothing already stored unless asked: reevaluateBudgets, through POST
// /api/v1/settings/budgets/reevaluate or `keel budgets reevaluate` (docs/guardrails.md).
import type { Database } from "../db";
import { sqlTransaction, transaction } from "../db/handle";
import { recordAudit, type AuditActor } from "./audit";
import { getBudget, toWorkflowBudget } from "../queries/budgets";
import { insertBreaches, loadBudgets, type BudgetedRunRow } from "../ingest/budgets";
import { bumpHourRevisions } from "../rollups/maintain";
import type { BudgetLimits, ReevaluateWindow } from "@/lib/shared/budgets";
import type { ReevaluateResult, WorkflowBudget } from "@/lib/shared/api/budgets";

const limitsOf = (b: WorkflowBudget | null): BudgetLimits | null =>
  b && { maxToolCalls: b.maxToolCalls, maxDurationMs: b.maxDurationMs, maxTokens: b.maxTokens, maxCostUsd: b.maxCostUsd };

/** Sets the workflow's budget as a whole (a limit null = not checked); it applies to runs stored from now on. */
export async function putBudget(db: Database, projectId: string, workflow: string, limits: BudgetLimits, actor: AuditActor): Promise<WorkflowBudget> {
  return transaction(db, async (tx) => {
    const before = await getBudget(tx, projectId, workflow);
    const saved = toWorkflowBudget(
      await tx.prisma.workflowBudget.upsert({
        where: { projectId_workflow: { projectId, workflow } },
        update: { ...limits },
        create: { projectId, workflow, ...limits },
      }),
    );
    await recordAudit(tx.prisma, {
      projectId,
      actor,
      action: "workflow_budget.update",
      targetType: "workflow_budget",
      targetId: workflow,
      ...(before ? { before: { workflow, ...limitsOf(before) } } : {}),
      after: { workflow, ...limitsOf(saved) },
    });
    return saved;
  });
}

/** Removes the workflow's budget; false when it had none. Breaches already stored stay until re-evaluated. */
export async function deleteBudget(db: Database, projectId: string, workflow: string, actor: AuditActor): Promise<boolean> {
  return transaction(db, async (tx) => {
    const before = await getBudget(tx, projectId, workflow);
    if (!before) return false;
    await tx.prisma.workflowBudget.delete({ where: { projectId_workflow: { projectId, workflow } } });
    await recordAudit(tx.prisma, {
      projectId,
      actor,
      action: "workflow_budget.delete",
      targetType: "workflow_budget",
      targetId: workflow,
      before: { workflow, ...limitsOf(before) },
    });
    return true;
  });
}

/** Runs per transaction: each chunk is one short transaction, so PGlite's one connection is never held long. */
export const REEVALUATE_CHUNK = 1000;

interface StoredRun extends BudgetedRunRow {
  id: string;
}

interface Cursor {
  startedAt: string;
  id: string;
}
interface ChunkResult {
  n: number;
  breaching: number;
  last: Cursor;
}

/** One chunk: the next `size` runs of the window after `cursor`, their breaches replaced. */
async function reevaluateChunk(db: Database, projectId: string, from: string, to: string, cursor: Cursor | null, size: number): Promise<ChunkResult | null> {
  return sqlTransaction(db, async (tx): Promise<ChunkResult | null> => {
    const rows = await tx.sql.query<Omit<StoredRun, "startedAt"> & { startedAt: Date | string }>(
      `SELECT r."pk"::text AS "runPk", r."id", r."workflow", r."startedAt", r."toolCallCount", r."durationMs",
         r."inputTokens", r."outputTokens", r."costUsd"
       FROM "runs" r
       WHERE r."projectId" = $1 AND r."startedAt" >= $2::timestamptz AND r."startedAt" < $3::timestamptz
         ${cursor ? `AND (r."startedAt" < $5::timestamptz OR (r."startedAt" = $5::timestamptz AND r."id" > $6))` : ""}
       ORDER BY r."startedAt" DESC, r."id" ASC LIMIT $4`,
      cursor ? [projectId, from, to, size, cursor.startedAt, cursor.id] : [projectId, from, to, size],
    );
    if (rows.length === 0) return null;
    const runs: StoredRun[] = rows.map((r) => ({
      runPk: String(r.runPk),
      id: r.id,
      workflow: r.workflow,
      startedAt: new Date(r.startedAt).toISOString(),
      toolCallCount: Number(r.toolCallCount),
      durationMs: Number(r.durationMs),
      inputTokens: r.inputTokens === null ? null : Number(r.inputTokens),
      outputTokens: r.outputTokens === null ? null : Number(r.outputTokens),
      costUsd: Number(r.costUsd),
    }));
    const pks = runs.map((r) => r.runPk);
    await tx.sql.query(`DELETE FROM "run_budget_breaches" WHERE "projectId" = $1 AND "runPk" = ANY($2::text[]::bigint[])`, [projectId, pks]);
    const budgets = await loadBudgets(tx, projectId, [...new Set(runs.map((r) => r.workflow))]);
    const breaching = await insertBreaches(tx, projectId, runs, budgets);
    // What was computed from these hours' raw rows (the guardrails metrics) is stale now.
    await bumpHourRevisions(tx, projectId, pks, []);
    const last = runs[runs.length - 1];
    return { n: runs.length, breaching, last: { startedAt: last.startedAt, id: last.id } };
  });
}

/**
 * Recomputes the breaches of every stored run that started in [from, to) against the current
 * budgets (a run of a workflow without a budget now loses its breaches), a chunk of runs per
 * transaction (delete + insert), walking the window newest first by (startedAt desc, id): a run
 * stored meanwhile was evaluated by ingest against the same budgets. Audited once, with the counts.
 */
export async function reevaluateBudgets(
  db: Database,
  projectId: string,
  window: ReevaluateWindow,
  actor: AuditActor,
  chunkSize = REEVALUATE_CHUNK,
): Promise<ReevaluateResult> {
  const from = window.from.toISOString();
  const to = window.to.toISOString();
  let runs = 0;
  let breachingRuns = 0;
  let cursor: Cursor | null = null;
  for (;;) {
    const chunk = await reevaluateChunk(db, projectId, from, to, cursor, chunkSize);
    if (!chunk) break;
    runs += chunk.n;
    breachingRuns += chunk.breaching;
    cursor = chunk.last;
    if (chunk.n < chunkSize) break;
  }
  await transaction(db, (tx) =>
    recordAudit(tx.prisma, {
      projectId,
      actor,
      action: "workflow_budget.reevaluate",
      targetType: "workflow_budget",
      targetId: null,
      after: { from, to, runs, breachingRuns },
    }),
  );
  return { runs, breachingRuns };
}
