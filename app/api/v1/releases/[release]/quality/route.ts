// Quality drift of a release: mean post-run qualityScore per UTC day, its live runs vs production
// runs of the other releases (the gold-set history is GET /api/v1/evals?release=).
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getReleaseQuality } from "@/lib/server/services/release-analysis";
import { windowQuerySchema } from "@/lib/shared/gates";
import { decodeReleaseParam } from "@/lib/shared/releases";
import { releaseQualityResponse } from "@/lib/shared/api/rollouts";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "releases:read", query: windowQuerySchema, params: z.object({ release: z.string() }), response: releaseQualityResponse },
  async ({ db, project, query, params }) => getReleaseQuality(db, project.id, decodeReleaseParam(params.release), query),
);
