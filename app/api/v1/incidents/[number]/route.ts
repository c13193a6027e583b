// GET /api/v1/incidents/{number} (with its linked runs) and PATCH status/severity/owner/title.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { notFound } from "@/lib/server/http/errors";
import { incidentNumberParam } from "@/lib/server/http/incident-params";
import { getIncident, withoutRunData } from "@/lib/server/queries/incidents";
import { can } from "@/lib/shared/permissions";
import { updateIncident } from "@/lib/server/services/incidents";
import { updateIncidentSchema } from "@/lib/shared/incidents";
import { incidentDetailSchema } from "@/lib/shared/api/incidents";

export const dynamic = "force-dynamic";

const params = z.object({ number: z.string() });

export const GET = apiRoute({ action: "incidents:read", params, response: incidentDetailSchema }, async ({ db, project, params, actor }) => {
  const number = incidentNumberParam(params.number);
  const incident = await getIncident(db, project.id, number);
  if (!incident) throw notFound(`incident #${number} not found`);
  // A viewer reads the incident, not the runs behind it (keys with scope read may read traces).
  return actor.type === "user" && !can(actor.role, "traces:read") ? withoutRunData(incident) : incident;
});

export const PATCH = apiRoute(
  { action: "incidents:write", scope: null, body: updateIncidentSchema, params, response: incidentDetailSchema },
  async ({ db, project, actor, body, params }) => {
    return updateIncident(db, project.id, incidentNumberParam(params.number), { userId: actor.userId }, body);
  },
);
