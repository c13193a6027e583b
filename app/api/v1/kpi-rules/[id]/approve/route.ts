// POST /api/v1/kpi-rules/{id}/approve → status approved (issue 15): an owner or admin, never a key.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { approveKpiRule } from "@/lib/server/services/kpi-rules";
import { kpiRuleSchema } from "@/lib/shared/api/kpi-rules";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  { action: "objectives:write", scope: null, params: z.object({ id: z.string() }), response: kpiRuleSchema },
  async ({ db, project, actor, params }) => approveKpiRule(db, project.id, actor.userId, params.id),
);
