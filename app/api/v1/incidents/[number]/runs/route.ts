// POST /api/v1/incidents/{number}/runs {runIds}: link more runs (already linked ones are kept once).
import type { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { forbidden } from "@/lib/server/http/errors";
import { incidentNumberParam } from "@/lib/server/http/incident-params";
import { linkIncidentRuns } from "@/lib/server/services/incidents";
import { linkRunsSchema } from "@/lib/shared/incidents";

export const dynamic = "force-dynamic";

type Params = { number: string };

export const POST = apiRoute<z.ZodUndefined, typeof linkRunsSchema, Params>(
  { action: "incidents:write", scope: null, body: linkRunsSchema },
  async ({ db, project, actor, body, params }) => {
    if (actor.type !== "user") throw forbidden("API keys cannot change incidents");
    return linkIncidentRuns(db.prisma, project.id, incidentNumberParam(params.number), { userId: actor.userId }, body.runIds);
  },
);
