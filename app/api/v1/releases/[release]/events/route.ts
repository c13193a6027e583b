// A release's stages (CONTRACT §9). POST: a stage change from a pipeline (scope ingest: Keel's
// `{stage, trafficPercent?, at?}` or a CDEvents service.deployed / service.rolledback event) or
// from an owner on the release page; GET: the stage history with the KPIs around each change.
import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getStageHistory } from "@/lib/server/services/release-analysis";
import { recordReleaseEvent } from "@/lib/server/services/release-events";
import { decodeReleaseParam } from "@/lib/shared/releases";
import { releaseEventBodySchema } from "@/lib/shared/rollouts";
import { releaseEventCreatedResponse, releaseStageHistoryResponse } from "@/lib/shared/api/rollouts";

export const dynamic = "force-dynamic";

const params = z.object({
  release: z
    .string()
    .transform(decodeReleaseParam)
    .pipe(z.string().min(1, "must not be empty").max(128, "must be at most 128 characters")),
});

export const GET = apiRoute({ action: "releases:read", params, response: releaseStageHistoryResponse }, async ({ db, project, params }) =>
  getStageHistory(db, project.id, params.release),
);

// People: owners and admins (the gate settings' action); keys: scope ingest, like runs and evals.
export const POST = apiRoute(
  { action: "gates:write", scope: "ingest", params, body: releaseEventBodySchema, maxBodyBytes: 64 * 1024, response: releaseEventCreatedResponse },
  async ({ db, project, actor, params, body }) => {
    const audit = actor.type === "user" ? { type: "user" as const, userId: actor.userId } : { type: "api_key" as const, apiKeyId: actor.apiKeyId };
    const recordedBy = actor.type === "user" ? actor.email : `API key ${actor.apiKeyId}`;
    const event = await recordReleaseEvent(db, project.id, params.release, body, audit, recordedBy);
    return NextResponse.json(event, { status: event.duplicate ? 200 : 201 });
  },
);
