// Re-evaluates the stored runs of a window (at most 90 days) against the current budgets: what an
// owner asks for after changing a budget, since a change applies only to runs stored after it.
import { apiRoute } from "@/lib/server/http/route";
import { reevaluateBudgets } from "@/lib/server/services/budgets";
import { reevaluateBodySchema } from "@/lib/shared/budgets";
import { reevaluateResponse } from "@/lib/shared/api/budgets";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  { action: "gates:write", scope: null, body: reevaluateBodySchema, response: reevaluateResponse, maxBodyBytes: 1024 },
  async ({ db, project, body, actor }) => reevaluateBudgets(db, project.id, body, { type: "user", userId: actor.userId }),
);
