// GET and PATCH /api/v1/objectives/{id} (CONTRACT §8). A PATCH that changes the SLI, target,
// period or scope of an approved objective sends it back to draft.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getObjective } from "@/lib/server/queries/objectives";
import { updateObjective } from "@/lib/server/services/objectives";
import { objectivePatchSchema } from "@/lib/shared/objectives";
import { objectiveSchema } from "@/lib/shared/api/objectives";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

export const GET = apiRoute({ action: "objectives:read", params, response: objectiveSchema }, async ({ db, project, params }) =>
  getObjective(db, project.id, params.id),
);

export const PATCH = apiRoute(
  { action: "objectives:write", scope: null, params, body: objectivePatchSchema, response: objectiveSchema },
  async ({ db, project, actor, params, body }) => updateObjective(db, project.id, actor.userId, params.id, body),
);
