// GET /api/v1/incidents/{number}/timeline → {events, targets}: every event in order with its actor
// (a person, or the alert / gate / objective that opened it, or Keel), the release stage changes of
// the incident's window merged in, and whether the tier's response targets are met (docs/incidents.md).
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { notFound } from "@/lib/server/http/errors";
import { incidentNumberParam } from "@/lib/server/http/incident-params";
import { getIncidentTimeline } from "@/lib/server/queries/incident-response";
import { incidentTimelineResponse } from "@/lib/shared/api/incident-response";
import { can } from "@/lib/shared/permissions";

export const dynamic = "force-dynamic";

const params = z.object({ number: z.string() });

export const GET = apiRoute({ action: "incidents:read", params, query: z.strictObject({}), response: incidentTimelineResponse }, async ({ db, project, params, actor }) => {
  const number = incidentNumberParam(params.number);
  const t = await getIncidentTimeline(db, project.id, number, new Date());
  if (!t) throw notFound(`incident #${number} not found`);
  // A viewer reads that runs were linked, not which (run data is for traces:read).
  const hideRuns = actor.type === "user" && !can(actor.role, "traces:read");
  const events = hideRuns
    ? t.events.map((e) => (e.kind === "runs_linked" && Array.isArray(e.details.runIds) ? { ...e, details: { count: e.details.runIds.length } } : e))
    : t.events;
  return { events, targets: t.targets };
});
