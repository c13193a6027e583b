// GET /api/v1/objectives/{id}/series: the SLI per hour or day over the period and the budget burn-down.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getObjective } from "@/lib/server/queries/objectives";
import { getObjectiveSeries } from "@/lib/server/queries/objective-series";
import { objectiveSeriesSchema } from "@/lib/shared/api/objectives";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "objectives:read", params: z.object({ id: z.string() }), response: objectiveSeriesSchema },
  async ({ db, project, params }) => getObjectiveSeries(db, project.id, await getObjective(db, project.id, params.id), new Date()),
);
