// GET /api/v1/objectives/status?status=approved: every objective with its status now (the
// objectives page; the executive overview asks for the approved ones).
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { listObjectivesWithStatus } from "@/lib/server/queries/objectives";
import { objectivesStatusResponse } from "@/lib/shared/api/objectives";

export const dynamic = "force-dynamic";

const query = z.strictObject({ status: z.literal("approved").optional() });

export const GET = apiRoute({ action: "objectives:read", query, response: objectivesStatusResponse }, async ({ db, project, query }) => ({
  objectives: await listObjectivesWithStatus(db, project.id, new Date(), query.status ? { status: query.status } : {}),
}));
