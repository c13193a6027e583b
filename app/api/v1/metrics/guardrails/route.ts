// GET /api/v1/metrics/guardrails (issue 17): budget breaches, blocked calls, retry storms and loops,
// duplicate side effects of the window's runs (docs/guardrails.md "Reading the numbers").
import { apiRoute } from "@/lib/server/http/route";
import { getGuardrailMetrics } from "@/lib/server/queries/metrics";
import { metricsQuerySchema } from "@/lib/shared/metrics-query";
import { guardrailsResponse } from "@/lib/shared/api/guardrails";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "dashboards:read", query: metricsQuerySchema, response: guardrailsResponse },
  async ({ db, project, query }) => getGuardrailMetrics(db, { projectId: project.id, ...query }),
);
