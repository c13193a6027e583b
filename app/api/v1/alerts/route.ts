// GET /api/v1/alerts: firing alerts, then those resolved in the last 7 days, each with its timeline.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { listAlerts } from "@/lib/server/queries/objectives";
import { alertsResponse } from "@/lib/shared/api/objectives";

export const dynamic = "force-dynamic";

const query = z.strictObject({ objective: z.string().min(1).optional() });

export const GET = apiRoute({ action: "objectives:read", query, response: alertsResponse }, async ({ db, project, query }) => ({
  alerts: await listAlerts(db, project.id, query.objective ? { objectiveId: query.objective } : {}),
}));
