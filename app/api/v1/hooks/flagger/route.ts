// Flagger's webhooks (CONTRACT §9): the canary analysis as an HTTP status. confirm-promotion
// answers 200 only on pass; other hooks 200 unless the verdict is fail; 403 halts Flagger. The key
// may come in `metadata.apiKey` (Flagger cannot set headers): it is moved to the Authorization
// header before the usual wrapper authenticates the call, so scopes, 401/403/404 work as anywhere.
import { NextRequest, NextResponse } from "next/server";
import { apiRoute, errorResponse, RESPONSE_SPEC } from "@/lib/server/http/route";
import { readJsonBody } from "@/lib/server/http/body";
import { getReleaseAnalysis } from "@/lib/server/services/release-analysis";
import { flaggerBodySchema, flaggerProceeds } from "@/lib/shared/flagger";
import { flaggerHookResponse } from "@/lib/shared/api/rollouts";

export const dynamic = "force-dynamic";

const MAX_BODY = 64 * 1024;

const analyse = apiRoute(
  { action: "releases:read", body: flaggerBodySchema, maxBodyBytes: MAX_BODY, response: flaggerHookResponse },
  async ({ db, project, body }) => {
    const analysis = await getReleaseAnalysis(db, project.id, body.metadata.release, {
      ...(body.metadata.from ? { from: body.metadata.from } : {}),
      ...(body.metadata.to ? { to: body.metadata.to } : {}),
    });
    const proceed = flaggerProceeds(body, analysis.verdict);
    const answer = { release: analysis.release, verdict: analysis.verdict, checks: analysis.checks, proceed, phase: body.phase ?? null };
    return NextResponse.json(answer, { status: proceed ? 200 : 403 });
  },
);

/** The request with `metadata.apiKey` as its bearer key, when it has no Authorization header of its own. */
async function withBodyKey(req: NextRequest): Promise<NextRequest> {
  if (req.headers.has("authorization")) return req;
  // The wrapper's own reader: the same 400 / 413 / content-type answers as any JSON body.
  const body = await readJsonBody(req, MAX_BODY);
  const key = (body as { metadata?: { apiKey?: unknown } } | null)?.metadata?.apiKey;
  const headers = new Headers(req.headers);
  if (typeof key === "string" && key.length > 0) headers.set("authorization", `Bearer ${key}`);
  return new NextRequest(req.url, { method: req.method, headers, body: JSON.stringify(body) });
}

export const POST = Object.assign(
  async (req: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => {
    try {
      return await analyse(await withBodyKey(req), context);
    } catch (err) {
      return errorResponse(err);
    }
  },
  { [RESPONSE_SPEC]: flaggerHookResponse },
);
