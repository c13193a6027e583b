// POST /api/v1/runs (CONTRACT §2, §4): an API key with scope `ingest` sends a batch
// `{"runs": [...]}` (1–1,000) or a single run, at most 5 MB. Only POST lives here; the runs
// list (GET) is a separate module.
import { apiRoute } from "@/lib/server/http/route";
import { readJsonBody } from "@/lib/server/http/body";
import { badRequest } from "@/lib/server/http/errors";
import { ingestRuns } from "@/lib/server/ingest";
import { enforceIngestRateLimit } from "@/lib/server/ingest/rate-limit";
import { MAX_BODY_BYTES, MAX_RUNS_PER_BATCH } from "@/lib/shared/run-schema";
import { ingestResultSchema } from "@/lib/shared/api/runs";
import { listRunsHandler } from "./list";

export const GET = listRunsHandler;

export const POST = apiRoute({ action: "runs:ingest", scope: "ingest", response: ingestResultSchema }, async ({ req, db, project, actor }) => {
  // Rate limit before reading up to 5 MB of body.
  await enforceIngestRateLimit(db, project.id, actor);
  const body = await readJsonBody(req, MAX_BODY_BYTES);
  return ingestRuns(db, project.id, outerCheck(body));
});

/** The loose outer check: a batch object or one run. Each run is then validated on its own. */
function outerCheck(body: unknown): unknown[] {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badRequest('the body must be a JSON object: {"runs": [...]} or a single run', [
      { path: "", message: "expected an object" },
    ]);
  if (!("runs" in body)) return [body];
  const runs = (body as { runs: unknown }).runs;
  if (!Array.isArray(runs))
    throw badRequest("'runs' must be an array of runs", [{ path: "runs", message: "expected an array" }]);
  if (runs.length === 0)
    throw badRequest("'runs' is empty; send 1 to 1,000 runs", [{ path: "runs", message: "must contain at least 1 run" }]);
  if (runs.length > MAX_RUNS_PER_BATCH)
    throw badRequest(`'runs' has ${runs.length} runs; send at most 1,000 per request`, [
      { path: "runs", message: `must contain at most ${MAX_RUNS_PER_BATCH} runs (got ${runs.length})` },
    ]);
  return runs;
}
