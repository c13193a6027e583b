import NextAuth from "next-auth";
import { getAuthOptions, isSecureRequest } from "@/lib/server/auth/options";
import {
  clientAddress,
  recordSignInFailure,
  recordSignInSuccess,
  signInRetryAfterSeconds,
} from "@/lib/server/auth/throttle";
import { normaliseEmail } from "@/lib/server/services/accounts";
import { declaredRoute, nonJson } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

// Built per request: the options read the secret, which must not happen at build time.
type Ctx = { params: Promise<{ nextauth: string[] }> };
async function handler(req: Request, ctx: Ctx) {
  return NextAuth(getAuthOptions({ secure: isSecureRequest(req.headers) }))(req, ctx);
}

/**
 * Password sign-ins go through the throttle (lib/server/auth/throttle.ts): a throttled attempt gets
 * 429 with Retry-After before its password is checked. The body is next-auth's JSON answer with an
 * error URL, so next-auth's own client reports `error = "TooManyAttempts:<seconds>"`.
 */
async function post(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") !== "callback/credentials") return handler(req, ctx);
  const form = new URLSearchParams(await req.clone().text());
  const email = normaliseEmail(form.get("email") ?? "");
  const address = clientAddress(req.headers);
  const wait = signInRetryAfterSeconds(email, address);
  if (wait > 0) {
    const url = new URL("/signin", req.url);
    url.searchParams.set("error", `TooManyAttempts:${wait}`);
    return Response.json(
      { url: url.toString(), error: "too_many_attempts", message: `too many failed sign-ins; try again in ${wait} s` },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const res: Response = await handler(req, ctx);
  const signedIn = res.headers.getSetCookie().some((c: string) => /next-auth\.session-token=[^;]+/.test(c));
  if (signedIn) recordSignInSuccess(email);
  else if (email) recordSignInFailure(email, address);
  return res;
}

// next-auth's own protocol (redirects, HTML, its JSON): not a Keel API shape.
const nextAuth = nonJson("next-auth: redirects, its pages and its own JSON");
export const GET = declaredRoute(nextAuth, handler);
export const POST = declaredRoute(nextAuth, post);
