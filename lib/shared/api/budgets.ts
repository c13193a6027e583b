// Response schemas of /api/v1/settings/budgets (issue 17): workflow budgets and their re-evaluation.
import { z } from "zod";
import { BUDGET_LIMITS } from "../budgets";

export const workflowBudgetSchema = z.object({
  workflow: z.string(),
  /** null = not checked. */
  maxToolCalls: z.number().nullable(),
  maxDurationMs: z.number().nullable(),
  maxTokens: z.number().nullable(),
  maxCostUsd: z.number().nullable(),
  updatedAt: z.string(),
});

export const budgetsResponse = z.object({ budgets: z.array(workflowBudgetSchema) });

/** POST /api/v1/settings/budgets/reevaluate: the runs of the window evaluated, and how many breach now. */
export const reevaluateResponse = z.object({ runs: z.number(), breachingRuns: z.number() });

/** A limit a run went over (GET /api/v1/runs/{id} `budgetBreaches`), in the limit's unit. */
export const budgetBreachSchema = z.object({ limit: z.enum(BUDGET_LIMITS), actual: z.number(), maximum: z.number() });

export type WorkflowBudget = z.infer<typeof workflowBudgetSchema>;
export type ReevaluateResult = z.infer<typeof reevaluateResponse>;
