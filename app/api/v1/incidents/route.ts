// GET /api/v1/incidents (newest first, ?status=) and POST (open one; people only).
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http/route";
import { listIncidents } from "@/lib/server/queries/incidents";
import { createIncident } from "@/lib/server/services/incidents";
import { createIncidentSchema, incidentsQuerySchema } from "@/lib/shared/incidents";
import { incidentDetailSchema, incidentsResponse } from "@/lib/shared/api/incidents";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "incidents:read", query: incidentsQuerySchema, response: incidentsResponse },
  async ({ db, project, query }) => ({ incidents: await listIncidents(db, project.id, query) }),
);

export const POST = apiRoute(
  { action: "incidents:write", scope: null, body: createIncidentSchema, response: incidentDetailSchema },
  async ({ db, project, actor, body }) => {
    const incident = await createIncident(db, project.id, { userId: actor.userId }, body);
    return NextResponse.json(incident, { status: 201 });
  },
);
