// GET /api/v1/incidents/{number}/updates → the stakeholder updates sent, oldest first.
// POST {audience, body?}: records an update as sent (body defaults to the audience's template
// rendered now) on the incident's timeline; people with incidents:write (sre and up).
import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { notFound } from "@/lib/server/http/errors";
import { incidentNumberParam } from "@/lib/server/http/incident-params";
import { getIncidentCore, listStakeholderUpdates } from "@/lib/server/queries/incident-response";
import { sendStakeholderUpdate } from "@/lib/server/services/incident-response";
import { sendUpdateSchema } from "@/lib/shared/incident-response";
import { stakeholderUpdateSchema, stakeholderUpdatesResponse } from "@/lib/shared/api/incident-response";

export const dynamic = "force-dynamic";

const params = z.object({ number: z.string() });

export const GET = apiRoute({ action: "incidents:read", params, query: z.strictObject({}), response: stakeholderUpdatesResponse }, async ({ db, project, params }) => {
  const number = incidentNumberParam(params.number);
  const incident = await getIncidentCore(db, project.id, number);
  if (!incident) throw notFound(`incident #${number} not found`);
  return { updates: await listStakeholderUpdates(db, incident.id) };
});

export const POST = apiRoute(
  { action: "incidents:write", scope: null, params, body: sendUpdateSchema, response: stakeholderUpdateSchema, maxBodyBytes: 64 * 1024 },
  async ({ db, project, params, body, actor }) => {
    const sent = await sendStakeholderUpdate(db, project.id, incidentNumberParam(params.number), actor, body);
    return NextResponse.json(sent, { status: 201 });
  },
);
