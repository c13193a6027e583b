// GET /api/v1/incidents/commanders: the members an incident's commander is picked from (people
// who may write incidents ask; a key commands no one).
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { listIncidentCommanders } from "@/lib/server/queries/incidents";
import { commandersResponse } from "@/lib/shared/api/incidents";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "incidents:write", scope: null, query: z.strictObject({}), response: commandersResponse }, async ({ db, project }) => ({
  members: await listIncidentCommanders(db, project.id),
}));
