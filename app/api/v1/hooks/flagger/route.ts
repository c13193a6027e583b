// Flagger's webhooks (CONTRACT §9): the canary analysis as an HTTP status. confirm-promotion
// answers 200 only on pass; other hooks 200 unless the verdict is fail; 403 halts Flagger. The key
// may come in `metadata.apiKey` (Flagger cannot set headers): it is moved to the Authorization
// header before the usual wrapper authenticates the call, so scopes, 401/403/404 work as anywhere.
import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, RESPONSE_SPEC } from "@/lib/server/http/route";
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
  const length = Number(req.headers.get("content-length") ?? NaN);
  if (!(length >= 0 && length <= MAX_BODY)) return req; // the wrapper answers 413 / 400 as for any body
  const text = await req.text();
  let key: unknown;
  try {
    key = (JSON.parse(text) as { metadata?: { apiKey?: unknown } } | null)?.metadata?.apiKey;
  } catch {
    key = undefined; // not JSON: the wrapper says so
  }
  const headers = new Headers(req.headers);
  if (typeof key === "string" && key.length > 0) headers.set("authorization", `Bearer ${key}`);
  return new NextRequest(req.url, { method: req.method, headers, body: text });
}

export const POST = Object.assign(
  async (req: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => analyse(await withBodyKey(req), context),
  { [RESPONSE_SPEC]: flaggerHookResponse },
);
