// Workflow budgets (issue 17): the most a run of a workflow may spend in tool calls, duration,
// tokens and cost. Readers see them (they explain a run's breaches); owner/admin people change them.
import { apiRoute } from "@/lib/server/http/route";
import { listBudgets } from "@/lib/server/queries/budgets";
import { budgetsResponse } from "@/lib/shared/api/budgets";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "dashboards:read", response: budgetsResponse }, async ({ db, project }) => ({
  budgets: await listBudgets(db, project.id),
}));
