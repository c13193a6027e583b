// GET / PATCH / DELETE /api/v1/risks/{id} (issue 18): another project's risk is a 404.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getRisk } from "@/lib/server/queries/risks";
import { deleteRisk, updateRisk } from "@/lib/server/services/risks";
import { riskPatchSchema } from "@/lib/shared/risks";
import { deletedResponse, riskSchema } from "@/lib/shared/api/governance";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

export const GET = apiRoute({ action: "risks:read", params, response: riskSchema }, async ({ db, project, params }) => getRisk(db, project.id, params.id));

export const PATCH = apiRoute({ action: "risks:write", scope: null, params, body: riskPatchSchema, response: riskSchema }, async ({ db, project, actor, params, body }) =>
  updateRisk(db, project.id, actor.userId, params.id, body),
);

export const DELETE = apiRoute({ action: "risks:write", scope: null, params, response: deletedResponse }, async ({ db, project, actor, params }) => {
  await deleteRisk(db, project.id, actor.userId, params.id);
  return { deleted: true as const };
});
