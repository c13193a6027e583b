// GET /api/v1/metrics/automation-value (issue 17, docs/quality.md): per workflow and over all,
// agent spend vs human review spend, cost per resolved task and where automation pays.
import { apiRoute } from "@/lib/server/http/route";
import { getAutomationValue } from "@/lib/server/queries/metrics/automation-value";
import { metricsQuerySchema } from "@/lib/shared/metrics-query";
import { automationValueResponse } from "@/lib/shared/api/quality";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "dashboards:read", query: metricsQuerySchema, response: automationValueResponse }, async ({ db, project, query }) =>
  getAutomationValue(db, { projectId: project.id, ...query }),
);
