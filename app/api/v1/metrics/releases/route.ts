// GET /api/v1/metrics/releases: cost and outcomes per release in the window, oldest release first.
import { apiRoute } from "@/lib/server/http/route";
import { getReleaseMetrics } from "@/lib/server/queries/metrics";
import { metricsQuerySchema } from "@/lib/shared/metrics-query";
import { releaseMetricsResponse } from "@/lib/shared/api/metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "dashboards:read", query: metricsQuerySchema, response: releaseMetricsResponse },
  async ({ db, project, query }) => ({ releases: await getReleaseMetrics(db, { projectId: project.id, ...query }) }),
);
