// GET /api/v1/risks?status=&owner=&overdue=true (every role) and POST (owner and up, people only) —
// the risk register, issue 18, docs/governance.md.
import { apiRoute } from "@/lib/server/http/route";
import { listRisks } from "@/lib/server/queries/risks";
import { createRisk } from "@/lib/server/services/risks";
import { riskCreateSchema, riskListQuerySchema } from "@/lib/shared/risks";
import { riskSchema, risksResponse } from "@/lib/shared/api/governance";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "risks:read", query: riskListQuerySchema, response: risksResponse }, async ({ db, project, query }) => ({
  risks: await listRisks(db, project.id, query),
}));

export const POST = apiRoute({ action: "risks:write", scope: null, body: riskCreateSchema, response: riskSchema }, async ({ db, project, actor, body }) =>
  createRisk(db, project.id, actor.userId, body),
);
