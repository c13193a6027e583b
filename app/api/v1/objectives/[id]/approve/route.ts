// POST /api/v1/objectives/{id}/approve → status approved (CONTRACT §8): an owner or admin, never a key.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { approveObjective } from "@/lib/server/services/objectives";
import { objectiveSchema } from "@/lib/shared/api/objectives";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  { action: "objectives:write", scope: null, params: z.object({ id: z.string() }), response: objectiveSchema },
  async ({ db, project, actor, params }) => approveObjective(db, project.id, actor.userId, params.id),
);
