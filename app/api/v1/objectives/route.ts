// GET /api/v1/objectives and POST /api/v1/objectives (CONTRACT §8). Writing is for people with
// role owner or admin: API keys cannot (scope null).
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { listObjectives } from "@/lib/server/queries/objectives";
import { createObjective } from "@/lib/server/services/objectives";
import { objectiveCreateSchema } from "@/lib/shared/objectives";
import { objectiveSchema, objectivesResponse } from "@/lib/shared/api/objectives";

export const dynamic = "force-dynamic";

const query = z.strictObject({ status: z.literal("approved").optional() });

export const GET = apiRoute({ action: "objectives:read", query, response: objectivesResponse }, async ({ db, project, query }) => ({
  objectives: await listObjectives(db, project.id, query.status ? { status: query.status } : {}),
}));

export const POST = apiRoute(
  { action: "objectives:write", scope: null, body: objectiveCreateSchema, response: objectiveSchema },
  async ({ db, project, actor, body }) => createObjective(db, project.id, actor.userId, body),
);
