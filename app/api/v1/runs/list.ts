// GET /api/v1/runs (CONTRACT §5): the runs list with filters, a sort, the exact total and an
// opaque keyset cursor. Kept beside route.ts (which owns POST) so the list's code stays in one place.
import { apiRoute } from "@/lib/server/http/route";
import { listRuns } from "@/lib/server/queries/runs-list";
import { runsQuerySchema } from "@/lib/shared/runs-query";
import { runsPageSchema } from "@/lib/shared/api/runs";

export const listRunsHandler = apiRoute(
  { action: "traces:read", query: runsQuerySchema, response: runsPageSchema },
  async ({ db, project, query }) => {
    const { cursor, limit, sort, order, ...filter } = query;
    return listRuns(db, project.id, filter, { cursor, limit, sort, order });
  },
);
