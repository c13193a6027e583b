// GET /api/v1/fix-items/assignees: the people a fix item can be given to (every member of the
// project), for the owner pickers. Only for those who assign (owner, admin): a key assigns no one.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { listAssignableMembers } from "@/lib/server/queries/fix-items";
import { assigneesResponse } from "@/lib/shared/api/fix-items";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "fix-items:write", scope: null, query: z.strictObject({}), response: assigneesResponse }, async ({ db, project }) => ({
  members: await listAssignableMembers(db, project.id),
}));
