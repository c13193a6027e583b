// POST /api/v1/alerts/{id}/incident: opens an incident pre-filled from the alert and links them.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { openIncidentFromAlert } from "@/lib/server/services/alerts";
import { alertIncidentResponse } from "@/lib/shared/api/objectives";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  { action: "incidents:write", scope: null, params: z.object({ id: z.string() }), response: alertIncidentResponse },
  async ({ db, project, actor, params }) => openIncidentFromAlert(db, project.id, actor.userId, params.id),
);
