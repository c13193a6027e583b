// POST /api/v1/incidents/{number}/fix-items (the fix-item body of CONTRACT §6): a fix item created
// from the incident, recorded on its timeline and listed as a postmortem action item. Owners and
// admins (people), as for every fix item.
import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { incidentNumberParam } from "@/lib/server/http/incident-params";
import { createIncidentFixItem } from "@/lib/server/services/incident-response";
import { fixItemCreateSchema } from "@/lib/shared/fix-items";
import { fixItemSchema } from "@/lib/shared/api/fix-items";

export const dynamic = "force-dynamic";

const params = z.object({ number: z.string() });

export const POST = apiRoute(
  { action: "fix-items:write", scope: null, params, body: fixItemCreateSchema, response: fixItemSchema },
  async ({ db, project, params, body, actor }) =>
    NextResponse.json(await createIncidentFixItem(db, project.id, incidentNumberParam(params.number), actor, body), { status: 201 }),
);
