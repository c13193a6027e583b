// GET /api/v1/metrics/tools (CONTRACT §5): per-tool calls, error rate and latency, by calls desc.
import { apiRoute } from "@/lib/server/http/route";
import { getToolMetrics } from "@/lib/server/queries/metrics";
import { metricsQuerySchema } from "@/lib/shared/metrics-query";
import { toolsResponse } from "@/lib/shared/api/metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "dashboards:read", query: metricsQuerySchema, response: toolsResponse },
  async ({ db, project, query }) => ({ tools: await getToolMetrics(db, { projectId: project.id, ...query }) }),
);
