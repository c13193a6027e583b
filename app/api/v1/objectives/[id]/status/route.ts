// GET /api/v1/objectives/{id}/status (CONTRACT §8): good/total, attainment and budget over the
// period ending now, burn rates over 5m/30m/1h/6h/3d and the alert level.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getObjective } from "@/lib/server/queries/objectives";
import { getObjectiveStatus } from "@/lib/server/queries/objective-status";
import { objectiveStatusSchema } from "@/lib/shared/api/objectives";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "objectives:read", params: z.object({ id: z.string() }), response: objectiveStatusSchema },
  async ({ db, project, params }) => getObjectiveStatus(db, project.id, await getObjective(db, project.id, params.id), new Date()),
);
