// Deploy markers: every stage change of the project's releases in [from, to), oldest first, for
// the time charts (default: the last 7 days).
import { apiRoute } from "@/lib/server/http/route";
import { listReleaseEvents } from "@/lib/server/queries/rollouts";
import { resolveGateWindow, windowQuerySchema } from "@/lib/shared/gates";
import { releaseMarkersResponse } from "@/lib/shared/api/rollouts";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "dashboards:read", query: windowQuerySchema, response: releaseMarkersResponse }, async ({ db, project, query }) => {
  const { from, to } = resolveGateWindow(query);
  return { events: await listReleaseEvents(db, project.id, { from, to }) };
});
