// The session cookie: HttpOnly and SameSite=Lax always; Secure (with next-auth's __Secure- prefix)
// when the browser talks https to a proxy in front of Keel (X-Forwarded-Proto: https), even with
// NEXTAUTH_URL unset; plain http keeps working on a LAN address.
import { expect, test } from "@playwright/test";
import { fixtures } from "../support/fixtures";

async function signInRaw(extra: Record<string, string>) {
  const csrf = await fetch(`${fixtures.baseURL}/api/auth/csrf`, { headers: extra });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${fixtures.baseURL}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...extra, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: fixtures.users.viewer.email, password: fixtures.users.viewer.password, json: "true" }),
  });
  return res.headers.getSetCookie().find((c) => /next-auth\.session-token=/.test(c)) ?? "";
}

test("behind an https proxy the session cookie is __Secure-, Secure, HttpOnly, SameSite=Lax", async () => {
  const cookie = await signInRaw({ "x-forwarded-proto": "https" });
  expect(cookie).toMatch(/^__Secure-next-auth\.session-token=/);
  expect(cookie).toMatch(/; Secure/i);
  expect(cookie).toMatch(/; HttpOnly/i);
  expect(cookie).toMatch(/; SameSite=Lax/i);
});

test("over plain http the session cookie is HttpOnly and SameSite=Lax, not Secure", async () => {
  const cookie = await signInRaw({ "x-forwarded-proto": "http" });
  expect(cookie).toMatch(/^next-auth\.session-token=/);
  expect(cookie).not.toMatch(/; Secure/i);
  expect(cookie).toMatch(/; HttpOnly/i);
  expect(cookie).toMatch(/; SameSite=Lax/i);
});
