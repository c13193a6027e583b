// Every release seen in the project with its KPIs and the delta against the previous release.
import { apiRoute } from "@/lib/server/http/route";
import { listReleases } from "@/lib/server/queries/releases";
import { windowQuerySchema } from "@/lib/shared/gates";
import { releasesResponse } from "@/lib/shared/api/releases";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "releases:read", query: windowQuerySchema, response: releasesResponse }, async ({ db, project, query }) => ({
  releases: await listReleases(db, project.id, query),
}));
