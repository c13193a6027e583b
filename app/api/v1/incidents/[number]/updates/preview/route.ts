// GET /api/v1/incidents/{number}/updates/preview?audience= → the audience's template rendered for
// the incident now (Markdown and plain text), with the impact numbers it was filled from.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { notFound } from "@/lib/server/http/errors";
import { incidentNumberParam } from "@/lib/server/http/incident-params";
import { renderStakeholderUpdate } from "@/lib/server/queries/incident-updates";
import { updatePreviewQuerySchema } from "@/lib/shared/incident-response";
import { updatePreviewResponse } from "@/lib/shared/api/incident-response";

export const dynamic = "force-dynamic";

const params = z.object({ number: z.string() });

export const GET = apiRoute({ action: "incidents:read", params, query: updatePreviewQuerySchema, response: updatePreviewResponse }, async ({ db, project, params, query }) => {
  const number = incidentNumberParam(params.number);
  const rendered = await renderStakeholderUpdate(db, project.id, number, query.audience, new Date());
  if (!rendered) throw notFound(`incident #${number} not found`);
  return rendered;
});
