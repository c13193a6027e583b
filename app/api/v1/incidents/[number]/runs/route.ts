// POST /api/v1/incidents/{number}/runs {runIds}: link more runs (already linked ones are kept once).
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { incidentNumberParam } from "@/lib/server/http/incident-params";
import { linkIncidentRuns } from "@/lib/server/services/incidents";
import { linkRunsSchema } from "@/lib/shared/incidents";
import { incidentDetailSchema } from "@/lib/shared/api/incidents";

export const dynamic = "force-dynamic";

const params = z.object({ number: z.string() });

export const POST = apiRoute(
  { action: "incidents:write", scope: null, body: linkRunsSchema, params, response: incidentDetailSchema },
  async ({ db, project, actor, body, params }) => {
    return linkIncidentRuns(db, project.id, incidentNumberParam(params.number), { userId: actor.userId }, body.runIds);
  },
);
