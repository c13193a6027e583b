// Signing people in for end-to-end specs: through the real sign-in page (UI specs) or through
// next-auth's own credentials endpoints (API specs that need a session instead of an API key).
import { expect, type APIRequest, type APIRequestContext, type Page } from "@playwright/test";
import { fixtures, type E2EUser } from "./fixtures";

type Credentials = Pick<E2EUser, "email" | "password">;

/**
 * Signs in through the form at /signin (inputs labelled "Email" and "Password", button "Sign in")
 * and waits until the app has left the sign-in page. `callbackUrl` is where to land afterwards.
 */
export async function signIn(page: Page, user: Credentials, opts: { callbackUrl?: string } = {}): Promise<void> {
  const query = opts.callbackUrl ? `?callbackUrl=${encodeURIComponent(opts.callbackUrl)}` : "";
  await page.goto(`/signin${query}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page, `signing in as ${user.email} should leave /signin`).not.toHaveURL(/\/signin(\?|$)/);
}

/**
 * A request context signed in as `user` (session cookie in its jar).
 * - Given the test's `request` fixture (an APIRequestContext), signs that context in and returns it.
 * - Given Playwright's `request` factory (`import { request } from "@playwright/test"`), returns a
 *   new context on fixtures.baseURL: use this for several people in one test; dispose it after.
 * Throws when next-auth sets no session cookie (wrong email or password).
 */
export async function apiAs(request: APIRequestContext | APIRequest, user: Credentials): Promise<APIRequestContext> {
  const ctx = "newContext" in request ? await request.newContext({ baseURL: fixtures.baseURL }) : request;
  const ok = await signInWithCredentials(ctx, user);
  if (!ok) throw new Error(`sign-in as ${user.email} gave no session cookie (wrong email or password?)`);
  return ctx;
}

/** Posts the credentials as next-auth's client does; true when a session cookie was set. */
export async function signInWithCredentials(ctx: APIRequestContext, user: Credentials): Promise<boolean> {
  const csrfRes = await ctx.get("/api/auth/csrf");
  expect(csrfRes.status(), "GET /api/auth/csrf").toBe(200);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email, password: user.password, json: "true" },
    maxRedirects: 0,
  });
  return hasSessionCookie(ctx);
}

export async function hasSessionCookie(ctx: APIRequestContext): Promise<boolean> {
  const { cookies } = await ctx.storageState();
  return cookies.some((c) => c.name.endsWith("next-auth.session-token") && c.value !== "");
}
