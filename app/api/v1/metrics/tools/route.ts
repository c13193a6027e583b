// GET /api/v1/metrics/tools (CONTRACT §5): per-tool calls, error rate and latency, by calls desc.
import { apiRoute } from "@/lib/server/http/route";
import { getToolMetrics } from "@/lib/server/queries/metrics";
import { metricsQuerySchema } from "@/lib/shared/metrics-query";

export const dynamic = "force-dynamic";

export const GET = apiRoute<typeof metricsQuerySchema>(
  { action: "dashboards:read", query: metricsQuerySchema },
  async ({ db, project, query }) => ({ tools: await getToolMetrics(db, { projectId: project.id, ...query }) }),
);
