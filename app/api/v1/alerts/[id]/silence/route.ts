// POST /api/v1/alerts/{id}/silence {minutes}: no notifications of this alert (or the next one of
// its objective) for that long.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { silenceAlert } from "@/lib/server/services/alerts";
import { alertSchema } from "@/lib/shared/api/objectives";

export const dynamic = "force-dynamic";

const body = z.strictObject({ minutes: z.number().int("must be whole minutes").min(1, "must be 1 minute to 7 days").max(10_080, "must be 1 minute to 7 days") });

export const POST = apiRoute(
  { action: "alerts:write", scope: null, params: z.object({ id: z.string() }), body, response: alertSchema },
  async ({ db, project, actor, params, body }) => silenceAlert(db, project.id, actor.userId, params.id, body.minutes),
);
