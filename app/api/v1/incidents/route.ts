// GET /api/v1/incidents (newest first, ?status=) and POST (open one; people only).
import type { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { forbidden } from "@/lib/server/http/errors";
import { listIncidents } from "@/lib/server/queries/incidents";
import { createIncident } from "@/lib/server/services/incidents";
import { createIncidentSchema, incidentsQuerySchema } from "@/lib/shared/incidents";

export const dynamic = "force-dynamic";

export const GET = apiRoute<typeof incidentsQuerySchema>(
  { action: "incidents:read", query: incidentsQuerySchema },
  async ({ db, project, query }) => ({ incidents: await listIncidents(db.prisma, project.id, query) }),
);

export const POST = apiRoute<z.ZodUndefined, typeof createIncidentSchema>(
  { action: "incidents:write", scope: null, body: createIncidentSchema },
  async ({ db, project, actor, body }) => {
    if (actor.type !== "user") throw forbidden("API keys cannot open incidents");
    const incident = await createIncident(db.prisma, project.id, { userId: actor.userId }, body);
    return Response.json(incident, { status: 201 });
  },
);
