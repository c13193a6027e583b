// GET /api/v1/metrics/workflows (CONTRACT §5): per-workflow rates, cost and latency, by runs desc.
import { apiRoute } from "@/lib/server/http/route";
import { getWorkflowMetrics } from "@/lib/server/queries/metrics";
import { metricsQuerySchema } from "@/lib/shared/metrics-query";
import { workflowsResponse } from "@/lib/shared/api/metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "dashboards:read", query: metricsQuerySchema, response: workflowsResponse },
  async ({ db, project, query }) => ({ workflows: await getWorkflowMetrics(db, { projectId: project.id, ...query }) }),
);
