// Next 16 "proxy" (formerly middleware), on every request but static assets:
// 1. Security headers on every page and API answer: a Content-Security-Policy whose scripts need a
//    per-request nonce (no 'unsafe-inline' scripts; Next reads the nonce from the request's CSP header
//    and puts it on its own scripts), frame-ancestors 'none' + X-Frame-Options (no framing),
//    nosniff, a strict referrer policy, and no powerful browser features.
// 2. Optimistic sign-in check for pages: a visitor with no session cookie at all gets a real 307 to
//    /signin with the page as callbackUrl, before anything renders. The authoritative check stays
//    server-side (app/(app)/layout.tsx, requireProjectPage): a cookie that is present but invalid
//    or expired is caught there.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
/** Paths anyone may open without a session (pages); the API answers 401 itself. */
const PUBLIC_PAGE = /^\/(signin|screenshots\/|robots\.txt$)/;

const isDev = process.env.NODE_ENV !== "production";

function pageCsp(nonce: string): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts Next loads from its nonced bootstrap may load their chunks.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (charts, widths) carry no script; style elements need the nonce-free
    // allowance because React and recharts set styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

function secure(res: NextResponse, csp: string): NextResponse {
  res.headers.set("Content-Security-Policy", csp);
  res.headers.set("X-Frame-Options", "DENY");
  res.headers.set("X-Content-Type-Options", "nosniff");
  res.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  res.headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  res.headers.set("Cross-Origin-Opener-Policy", "same-origin");
  return res;
}

/**
 * Whether a path's percent-encoding decodes (a lone "%", "%2" or invalid UTF-8 does not): Next
 * would fail on it later with a plain-text 500 while decoding route parameters.
 */
function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname === "/api" || pathname.startsWith("/api/")) {
    if (!decodable(pathname))
      return secure(
        NextResponse.json(
          { error: "invalid_request", message: "invalid path: not valid percent-encoded UTF-8", issues: [{ path: "path", message: "not valid percent-encoded UTF-8" }] },
          { status: 400 },
        ),
        API_CSP,
      );
    return secure(NextResponse.next(), API_CSP);
  }

  if (!decodable(pathname)) return secure(new NextResponse("Bad request: the path is not valid percent-encoded UTF-8\n", { status: 400 }), API_CSP);

  const hasSession = SESSION_COOKIES.some(
    (name) => request.cookies.has(name) || request.cookies.getAll().some((c) => c.name.startsWith(`${name}.`)),
  );
  if (!hasSession && !PUBLIC_PAGE.test(pathname)) {
    const url = request.nextUrl.clone();
    const callbackUrl = `${pathname}${request.nextUrl.search}`;
    url.pathname = "/signin";
    url.search = callbackUrl === "/" ? "" : `?callbackUrl=${encodeURIComponent(callbackUrl)}`;
    return secure(NextResponse.redirect(url, 307), API_CSP);
  }

  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const csp = pageCsp(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  return secure(NextResponse.next({ request: { headers } }), csp);
}

export const config = {
  // Everything but Next's static assets and the icons: pages and the API get the headers.
  matcher: ["/((?!_next/static|_next/image|icon\\.svg|favicon\\.ico).*)"],
};
