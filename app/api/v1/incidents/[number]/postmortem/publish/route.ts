// POST /api/v1/incidents/{number}/postmortem/publish: publishes the postmortem (the saved draft, or
// the generated one when none is saved); read-only from then on, with who and when. Owners and admins.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { incidentNumberParam } from "@/lib/server/http/incident-params";
import { publishPostmortem } from "@/lib/server/services/incident-response";
import { postmortemResponse } from "@/lib/shared/api/incident-response";

export const dynamic = "force-dynamic";

const params = z.object({ number: z.string() });

export const POST = apiRoute({ action: "incidents:publish", scope: null, params, response: postmortemResponse }, async ({ db, project, params, actor }) =>
  publishPostmortem(db, project.id, incidentNumberParam(params.number), actor),
);
