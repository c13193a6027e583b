// Where to go after signing in. Only same-site paths are followed: an attacker's link
// "/signin?callbackUrl=https://evil.example" must not turn our sign-in into their redirect.
export const DEFAULT_AFTER_SIGN_IN = "/projects";

export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) return DEFAULT_AFTER_SIGN_IN;
  // Browsers drop tabs and newlines in URLs and read "\\" as "/": "/\t/evil" and "/\\evil" are "//evil".
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return DEFAULT_AFTER_SIGN_IN;
  // The sign-in page itself (or next-auth's endpoints) would loop.
  if (value === "/signin" || value.startsWith("/signin?") || value.startsWith("/api/")) return DEFAULT_AFTER_SIGN_IN;
  return value;
}

export function signInPath(callbackUrl?: string | null): string {
  const target = safeCallbackUrl(callbackUrl);
  return target === DEFAULT_AFTER_SIGN_IN ? "/signin" : `/signin?callbackUrl=${encodeURIComponent(target)}`;
}
