// GET /api/v1/metrics/failures?limit=10 (CONTRACT §5): the top failure reasons (limit 1–100).
import { apiRoute } from "@/lib/server/http/route";
import { getTopFailureReasons } from "@/lib/server/queries/metrics";
import { failuresQuerySchema } from "@/lib/shared/metrics-query";
import { failuresResponse } from "@/lib/shared/api/metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "dashboards:read", query: failuresQuerySchema, response: failuresResponse },
  async ({ db, project, query }) => {
    const { limit, ...filter } = query;
    return { failures: await getTopFailureReasons(db, { projectId: project.id, ...filter }, limit) };
  },
);
