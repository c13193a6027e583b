// Severity tiers (issue 18, docs/incidents.md): SEV1–SEV4 with a description, criteria and the
// response targets (acknowledge within, update every). Everyone reads them; owners and admins
// change them (all four at once), audited.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getSeverityTiers } from "@/lib/server/queries/incident-response";
import { updateSeverityTiers } from "@/lib/server/services/incident-response";
import { severityTiersPutSchema } from "@/lib/shared/incident-response";
import { severityTiersResponse } from "@/lib/shared/api/incident-response";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "dashboards:read", query: z.strictObject({}), response: severityTiersResponse }, async ({ db, project }) =>
  getSeverityTiers(db, project.id),
);

export const PUT = apiRoute(
  { action: "incident-settings:write", scope: null, body: severityTiersPutSchema, response: severityTiersResponse },
  async ({ db, project, body, actor }) => updateSeverityTiers(db, project.id, body.tiers, actor),
);
