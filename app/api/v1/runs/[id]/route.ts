// GET /api/v1/runs/{id} (CONTRACT §5): the run as sent, with its tool calls in order.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { notFound } from "@/lib/server/http/errors";
import { getRunAsSent } from "@/lib/server/queries/runs-read";
import { runAsSentSchema } from "@/lib/shared/api/runs";

export const GET = apiRoute({ action: "traces:read", params: z.object({ id: z.string() }), response: runAsSentSchema }, async ({ db, project, params }) => {
  const run = await getRunAsSent(db, project.id, params.id);
  if (!run) throw notFound(`run '${params.id}' not found`);
  return run;
});
