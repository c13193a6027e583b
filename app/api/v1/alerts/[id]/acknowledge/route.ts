// POST /api/v1/alerts/{id}/acknowledge: the on-call person (SRE and up) takes the alert.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { acknowledgeAlert } from "@/lib/server/services/alerts";
import { alertSchema } from "@/lib/shared/api/objectives";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  { action: "alerts:write", scope: null, params: z.object({ id: z.string() }), response: alertSchema },
  async ({ db, project, actor, params }) => acknowledgeAlert(db, project.id, actor.userId, params.id),
);
