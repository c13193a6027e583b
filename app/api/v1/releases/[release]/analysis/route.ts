// May this canary take more traffic? CONTRACT §9: a statistical verdict for Argo Rollouts' web
// metric (successCondition result.verdict == "pass"), Flagger (../../hooks/flagger) and CI.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getReleaseAnalysis } from "@/lib/server/services/release-analysis";
import { windowQuerySchema } from "@/lib/shared/gates";
import { decodeReleaseParam } from "@/lib/shared/releases";
import { releaseAnalysisResponse } from "@/lib/shared/api/rollouts";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "releases:read", query: windowQuerySchema, params: z.object({ release: z.string() }), response: releaseAnalysisResponse },
  async ({ db, project, query, params }) => getReleaseAnalysis(db, project.id, decodeReleaseParam(params.release), query),
);
