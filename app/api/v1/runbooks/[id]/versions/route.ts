// GET /api/v1/runbooks/{id}/versions: every version, newest first, with who and when (issue 18).
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { listRunbookVersions } from "@/lib/server/queries/runbooks";
import { runbookVersionsResponse } from "@/lib/shared/api/governance";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "runbook-bodies:read", params: z.object({ id: z.string() }), response: runbookVersionsResponse }, async ({ db, project, params }) => ({
  versions: await listRunbookVersions(db, project.id, params.id),
}));
