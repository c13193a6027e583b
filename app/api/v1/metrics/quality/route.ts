// GET /api/v1/metrics/quality (issue 17, docs/quality.md): mean and p10 of qualityScore per
// workflow and release by UTC day, the latest gold-set pass rate, and the drift flags.
import { apiRoute } from "@/lib/server/http/route";
import { getQuality } from "@/lib/server/queries/metrics/quality";
import { metricsQuerySchema } from "@/lib/shared/metrics-query";
import { qualityResponse } from "@/lib/shared/api/quality";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "dashboards:read", query: metricsQuerySchema, response: qualityResponse }, async ({ db, project, query }) =>
  getQuality(db, { projectId: project.id, ...query }),
);
