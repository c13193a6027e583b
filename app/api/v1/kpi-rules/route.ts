// GET /api/v1/kpi-rules (each rule with its KPI's value over its window now) and POST (a draft rule),
// issue 15. Writing is for people with role owner or admin, as for objectives: API keys cannot (scope null).
import { apiRoute } from "@/lib/server/http/route";
import { listKpiRulesWithValue } from "@/lib/server/queries/kpi-rules";
import { createKpiRule } from "@/lib/server/services/kpi-rules";
import { kpiRuleCreateSchema } from "@/lib/shared/kpi-rules";
import { kpiRuleSchema, kpiRulesResponse } from "@/lib/shared/api/kpi-rules";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "objectives:read", response: kpiRulesResponse }, async ({ db, project }) => ({
  kpiRules: await listKpiRulesWithValue(db, project.id, new Date()),
}));

export const POST = apiRoute(
  { action: "objectives:write", scope: null, body: kpiRuleCreateSchema, response: kpiRuleSchema },
  async ({ db, project, actor, body }) => createKpiRule(db, project.id, actor.userId, body),
);
