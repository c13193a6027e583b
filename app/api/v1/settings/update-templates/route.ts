// Stakeholder-update templates (issue 18, docs/incidents.md): one Markdown template per audience
// (executives, support, engineering) with {{placeholders}}. Everyone reads them; owners and admins
// change them (all three at once; an unknown placeholder is a 400 naming the template), audited.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getUpdateTemplates } from "@/lib/server/queries/incident-response";
import { updateUpdateTemplates } from "@/lib/server/services/incident-response";
import { updateTemplatesPutSchema } from "@/lib/shared/incident-response";
import { updateTemplatesResponse } from "@/lib/shared/api/incident-response";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "dashboards:read", query: z.strictObject({}), response: updateTemplatesResponse }, async ({ db, project }) =>
  getUpdateTemplates(db, project.id),
);

export const PUT = apiRoute(
  { action: "incident-settings:write", scope: null, body: updateTemplatesPutSchema, response: updateTemplatesResponse, maxBodyBytes: 128 * 1024 },
  async ({ db, project, body, actor }) => updateUpdateTemplates(db, project.id, body.templates, actor),
);
