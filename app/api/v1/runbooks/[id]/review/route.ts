// POST /api/v1/runbooks/{id}/review: "Mark reviewed" (sre and up, people only; issue 18).
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { reviewRunbook } from "@/lib/server/services/runbooks";
import { runbookSchema } from "@/lib/shared/api/governance";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ action: "runbooks:write", scope: null, params: z.object({ id: z.string() }), response: runbookSchema }, async ({ db, project, actor, params }) =>
  reviewRunbook(db, project.id, actor.userId, params.id),
);
