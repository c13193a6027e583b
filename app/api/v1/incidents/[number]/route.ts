// GET /api/v1/incidents/{number} (with its linked runs) and PATCH status/severity/owner/title.
import type { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { forbidden, notFound } from "@/lib/server/http/errors";
import { incidentNumberParam } from "@/lib/server/http/incident-params";
import { getIncident } from "@/lib/server/queries/incidents";
import { updateIncident } from "@/lib/server/services/incidents";
import { updateIncidentSchema } from "@/lib/shared/incidents";

export const dynamic = "force-dynamic";

type Params = { number: string };

export const GET = apiRoute<z.ZodUndefined, z.ZodUndefined, Params>({ action: "incidents:read" }, async ({ db, project, params }) => {
  const number = incidentNumberParam(params.number);
  const incident = await getIncident(db.prisma, project.id, number);
  if (!incident) throw notFound(`incident #${number} not found`);
  return incident;
});

export const PATCH = apiRoute<z.ZodUndefined, typeof updateIncidentSchema, Params>(
  { action: "incidents:write", scope: null, body: updateIncidentSchema },
  async ({ db, project, actor, body, params }) => {
    if (actor.type !== "user") throw forbidden("API keys cannot change incidents");
    return updateIncident(db.prisma, project.id, incidentNumberParam(params.number), { userId: actor.userId }, body);
  },
);
