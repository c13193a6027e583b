// POST /api/v1/objectives/evaluate: one alert evaluation of this project now (objectives, KPI
// rules, rollback triggers), what the server's
// 60 s loop does (owners and admins; for a check after a change, and for the end-to-end tests).
import { apiRoute } from "@/lib/server/http/route";
import { evaluateAlerts } from "@/lib/server/services/alerts";
import { evaluateRollbackTriggers } from "@/lib/server/services/rollback-triggers";
import { evaluationResponse } from "@/lib/shared/api/objectives";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ action: "objectives:write", scope: null, response: evaluationResponse }, async ({ db, project }) => {
  const r = await evaluateAlerts(db, { projectId: project.id });
  const rollbacks = await evaluateRollbackTriggers(db, { projectId: project.id });
  return {
    evaluated: r.evaluated,
    objectives: r.objectives,
    transitions: r.transitions.map((t) => ({ alertId: t.alertId, objectiveId: t.objectiveId, kpiRuleId: t.kpiRuleId ?? null, kind: t.kind, level: t.level })),
    rollbacks: rollbacks.map((f) => ({ release: f.release, stage: f.stage, incidentNumber: f.incidentNumber, failedChecks: f.failedChecks })),
  };
});
