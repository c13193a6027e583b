// POST /api/v1/incidents/{number}/notes {body}: a note on the incident's timeline (people with
// incidents:write, i.e. sre and up); answers the incident with its timeline.
import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { incidentNumberParam } from "@/lib/server/http/incident-params";
import { addIncidentNote } from "@/lib/server/services/incidents";
import { addNoteSchema } from "@/lib/shared/incidents";
import { incidentDetailSchema } from "@/lib/shared/api/incidents";

export const dynamic = "force-dynamic";

const params = z.object({ number: z.string() });

export const POST = apiRoute(
  { action: "incidents:write", scope: null, body: addNoteSchema, params, response: incidentDetailSchema, maxBodyBytes: 64 * 1024 },
  async ({ db, project, actor, body, params }) => {
    const incident = await addIncidentNote(db, project.id, incidentNumberParam(params.number), { userId: actor.userId }, body.body);
    return NextResponse.json(incident, { status: 201 });
  },
);
