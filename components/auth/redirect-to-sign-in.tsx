"use client";
import { useEffect } from "react";
import { signInPath } from "@/lib/shared/callback-url";

/**
 * Sends a signed-out visitor to /signin with the exact page they asked for (path and query) as
 * callbackUrl. The sign-in check itself is server-side (the (app) layout renders nothing else);
 * only this hop runs in the browser, because server components are not told the request's URL.
 */
export function RedirectToSignIn() {
  useEffect(() => {
    window.location.replace(signInPath(window.location.pathname + window.location.search));
  }, []);
  return (
    <div className="flex min-h-screen items-center justify-center text-sm text-slate-500" role="status">
      <noscript>
        <meta httpEquiv="refresh" content="0;url=/signin" />
      </noscript>
      Redirecting to sign in…
    </div>
  );
}
