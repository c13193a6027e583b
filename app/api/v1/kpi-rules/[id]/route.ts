// PATCH /api/v1/kpi-rules/{id} (issue 15). Changing the metric, threshold, window or scope of an
// approved rule sends it back to draft; its name and level do not.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { updateKpiRule } from "@/lib/server/services/kpi-rules";
import { kpiRulePatchSchema } from "@/lib/shared/kpi-rules";
import { kpiRuleSchema } from "@/lib/shared/api/kpi-rules";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute(
  { action: "objectives:write", scope: null, params: z.object({ id: z.string() }), body: kpiRulePatchSchema, response: kpiRuleSchema },
  async ({ db, project, actor, params, body }) => updateKpiRule(db, project.id, actor.userId, params.id, body),
);
