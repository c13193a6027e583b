// Optimistic sign-in check for pages (Next 16 "proxy", formerly middleware): a visitor with no
// session cookie at all gets a real 307 to /signin with the page as callbackUrl, before anything
// renders. The authoritative check stays server-side (app/(app)/layout.tsx, requireProjectPage):
// a cookie that is present but invalid or expired is caught there.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some(
    (name) => request.cookies.has(name) || request.cookies.getAll().some((c) => c.name.startsWith(`${name}.`)),
  );
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  const callbackUrl = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  url.pathname = "/signin";
  url.search = callbackUrl === "/" ? "" : `?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return NextResponse.redirect(url, 307);
}

export const config = {
  // Pages only: the API answers 401 itself, sign-in and static assets stay public.
  matcher: ["/((?!api/|_next/|signin|screenshots/|icon\\.svg|favicon\\.ico|robots\\.txt).*)"],
};
