// Gold-set results (CONTRACT §6). POST with an ingest-scoped key only (CI after an eval run;
// "runs:ingest" is the ingest-only action no role holds); GET lists a release's history for readers.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http/route";
import { listEvalResults } from "@/lib/server/queries/releases";
import { insertEvalResult } from "@/lib/server/services/releases";
import { evalInputSchema, evalsQuerySchema } from "@/lib/shared/evals";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ action: "runs:ingest", scope: "ingest", body: evalInputSchema, maxBodyBytes: 64 * 1024 }, async ({ db, project, body }) => {
  const item = await insertEvalResult(db, project.id, body);
  return NextResponse.json(item, { status: 201 });
});

export const GET = apiRoute({ action: "releases:read", query: evalsQuerySchema }, async ({ db, project, query }) => ({
  evals: await listEvalResults(db, project.id, query.release, query.limit ?? 100),
}));
