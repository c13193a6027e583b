// GET /api/v1/runbooks?workflow=&tool=&category=&reason= (every role: no bodies) and POST (sre and up,
// people only) — issue 18, docs/governance.md. With filters, the runbooks that apply to that context.
import { apiRoute } from "@/lib/server/http/route";
import { listRunbooks } from "@/lib/server/queries/runbooks";
import { createRunbook } from "@/lib/server/services/runbooks";
import { runbookCreateSchema, runbookListQuerySchema } from "@/lib/shared/runbooks";
import { runbookSchema, runbooksResponse } from "@/lib/shared/api/governance";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "runbooks:read", query: runbookListQuerySchema, response: runbooksResponse }, async ({ db, project, query }) => ({
  runbooks: await listRunbooks(db, project.id, query),
}));

export const POST = apiRoute({ action: "runbooks:write", scope: null, body: runbookCreateSchema, response: runbookSchema }, async ({ db, project, actor, body }) =>
  createRunbook(db, project.id, actor.userId, body),
);
