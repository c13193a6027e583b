// Sign-in throttling: the 5th wrong password within 15 minutes makes that account wait (429 with
// Retry-After), even for the right password and whatever X-Forwarded-For says; other accounts are
// not affected. The person sees the wait on the sign-in page.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";

const tag = Math.random().toString(36).slice(2, 8);
const slug = fixtures.projects.main.slug;

async function attempt(ctx: APIRequestContext, email: string, password: string, xff?: string) {
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    headers: xff ? { "x-forwarded-for": xff } : {},
    maxRedirects: 0,
  });
}

test("5 wrong passwords: the account waits 30 s (429 + Retry-After), even with the right password from a 'new' address", async () => {
  const email = `throttle-${tag}@example.com`;
  const password = "right-password-1";
  const admin = await apiAs(playwrightRequest, fixtures.users.admin);
  const created = await admin.post(`/api/v1/settings/members?project=${slug}`, { data: { email, role: "viewer", password } });
  expect(created.status()).toBe(201);
  await admin.dispose();

  const ctx = await playwrightRequest.newContext({ baseURL: fixtures.baseURL });
  try {
    for (let i = 0; i < 5; i++) {
      const res = await attempt(ctx, email, `wrong-${i}`, `10.0.0.${i}`);
      expect(res.status(), `wrong attempt ${i + 1}`).toBe(401);
    }
    const blocked = await attempt(ctx, email, password, "192.0.2.77");
    expect(blocked.status()).toBe(429);
    expect(Number(blocked.headers()["retry-after"])).toBeGreaterThanOrEqual(29);
    expect(Number(blocked.headers()["retry-after"])).toBeLessThanOrEqual(30);
    expect(await blocked.json()).toMatchObject({ error: "too_many_attempts" });
    const { cookies } = await ctx.storageState();
    expect(cookies.some((c) => c.name.endsWith("next-auth.session-token"))).toBe(false);
  } finally {
    await ctx.dispose();
  }

  // Another account from the same address signs in as usual.
  const other = await apiAs(playwrightRequest, fixtures.users.viewer);
  await other.dispose();
});
