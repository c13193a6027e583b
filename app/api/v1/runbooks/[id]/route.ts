// GET /api/v1/runbooks/{id} (the body: sre and up, read keys; viewers 403) and PATCH (a new version
// when title or body change) — issue 18, docs/governance.md.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getRunbook } from "@/lib/server/queries/runbooks";
import { updateRunbook } from "@/lib/server/services/runbooks";
import { runbookPatchSchema } from "@/lib/shared/runbooks";
import { runbookSchema } from "@/lib/shared/api/governance";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

export const GET = apiRoute({ action: "runbook-bodies:read", params, response: runbookSchema }, async ({ db, project, params }) => getRunbook(db, project.id, params.id));

export const PATCH = apiRoute({ action: "runbooks:write", scope: null, params, body: runbookPatchSchema, response: runbookSchema }, async ({ db, project, actor, params, body }) =>
  updateRunbook(db, project.id, actor.userId, params.id, body),
);
