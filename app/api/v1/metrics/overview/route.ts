// GET /api/v1/metrics/overview (CONTRACT §5): the KPIs of a window. Without from/to: the last 7 days.
import { apiRoute } from "@/lib/server/http/route";
import { getOverview } from "@/lib/server/queries/metrics";
import { metricsQuerySchema } from "@/lib/shared/metrics-query";
import { overviewResponse } from "@/lib/shared/api/metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "dashboards:read", query: metricsQuerySchema, response: overviewResponse },
  async ({ db, project, query }) => getOverview(db, { projectId: project.id, ...query }),
);
