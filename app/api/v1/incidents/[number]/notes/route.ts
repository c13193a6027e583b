// POST /api/v1/incidents/{number}/notes {body}: a note on the incident's timeline (people with
// incidents:write, i.e. sre and up); answers the incident with its timeline.
import type { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { forbidden } from "@/lib/server/http/errors";
import { incidentNumberParam } from "@/lib/server/http/incident-params";
import { addIncidentNote } from "@/lib/server/services/incidents";
import { addNoteSchema } from "@/lib/shared/incidents";

export const dynamic = "force-dynamic";

type Params = { number: string };

export const POST = apiRoute<z.ZodUndefined, typeof addNoteSchema, Params>(
  { action: "incidents:write", scope: null, body: addNoteSchema, maxBodyBytes: 64 * 1024 },
  async ({ db, project, actor, body, params }) => {
    if (actor.type !== "user") throw forbidden("API keys cannot write incident notes");
    const incident = await addIncidentNote(db.prisma, project.id, incidentNumberParam(params.number), { userId: actor.userId }, body.body);
    return Response.json(incident, { status: 201 });
  },
);
