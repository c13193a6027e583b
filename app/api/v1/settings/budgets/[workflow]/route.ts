// One workflow's budget: PUT sets it as a whole (audited), DELETE removes it (204, or 404 when the
// workflow has none). The workflow need not have runs yet; a malformed name is a 400 naming `workflow`.
import { NextResponse } from "next/server";
import { apiRoute, nonJson } from "@/lib/server/http/route";
import { notFound } from "@/lib/server/http/errors";
import { deleteBudget, putBudget } from "@/lib/server/services/budgets";
import { budgetParamsSchema, budgetPutSchema } from "@/lib/shared/budgets";
import { workflowBudgetSchema } from "@/lib/shared/api/budgets";

export const dynamic = "force-dynamic";

export const PUT = apiRoute(
  { action: "gates:write", scope: null, params: budgetParamsSchema, body: budgetPutSchema, response: workflowBudgetSchema, maxBodyBytes: 4096 },
  async ({ db, project, params, body, actor }) => putBudget(db, project.id, params.workflow, body, { type: "user", userId: actor.userId }),
);

export const DELETE = apiRoute(
  { action: "gates:write", scope: null, params: budgetParamsSchema, response: nonJson("204 No Content: an empty body") },
  async ({ db, project, params, actor }) => {
    if (!(await deleteBudget(db, project.id, params.workflow, { type: "user", userId: actor.userId })))
      throw notFound(`no budget for workflow '${params.workflow}'`);
    return new NextResponse(null, { status: 204 });
  },
);
