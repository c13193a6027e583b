// GET /api/v1/ownership (every role) and PUT (owner and up, people only): the ownership map of
// governance areas, issue 18, docs/governance.md.
import { apiRoute } from "@/lib/server/http/route";
import { getOwnership } from "@/lib/server/queries/ownership";
import { putOwnership } from "@/lib/server/services/ownership";
import { ownershipPutSchema } from "@/lib/shared/ownership";
import { ownershipResponse } from "@/lib/shared/api/governance";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "ownership:read", response: ownershipResponse }, async ({ db, project }) => ({ areas: await getOwnership(db, project.id) }));

export const PUT = apiRoute({ action: "ownership:write", scope: null, body: ownershipPutSchema, response: ownershipResponse }, async ({ db, project, actor, body }) => ({
  areas: await putOwnership(db, project.id, actor.userId, body),
}));
