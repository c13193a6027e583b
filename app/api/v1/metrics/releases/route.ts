// GET /api/v1/metrics/releases: cost and outcomes per release in the window, oldest release first.
import { apiRoute } from "@/lib/server/http/route";
import { getReleaseMetrics } from "@/lib/server/queries/metrics";
import { metricsQuerySchema } from "@/lib/shared/metrics-query";

export const dynamic = "force-dynamic";

export const GET = apiRoute<typeof metricsQuerySchema>(
  { action: "dashboards:read", query: metricsQuerySchema },
  async ({ db, project, query }) => ({ releases: await getReleaseMetrics(db, { projectId: project.id, ...query }) }),
);
