// Security headers on every page and API answer: a nonce-based CSP (no 'unsafe-inline' scripts)
// whose nonce is on every script Next renders, no framing, nosniff, a strict referrer policy.
import { expect, test } from "@playwright/test";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";

function expectCommon(h: Record<string, string>, what: string) {
  expect(h["x-frame-options"], what).toBe("DENY");
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(h["content-security-policy"], what).toContain("frame-ancestors 'none'");
}

test("the sign-in page: a fresh nonce per request, on every script, and no inline script allowance", async ({ request }) => {
  const nonces: string[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await request.get("/signin");
    expect(res.status()).toBe(200);
    const h = res.headers();
    expectCommon(h, "/signin");
    const csp = h["content-security-policy"];
    const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"))!;
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    expect(nonce).toBeTruthy();
    nonces.push(nonce!);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
  }
  expect(nonces[0]).not.toBe(nonces[1]);
});

test("signed-in pages, redirects and API answers carry the headers too", async ({ request }) => {
  const anon = await request.get(`/${fixtures.projects.main.slug}`, { maxRedirects: 0 });
  expect(anon.status()).toBe(307);
  expectCommon(anon.headers(), "redirect");

  const api = await request.get("/api/v1/metrics/overview", { headers: { Authorization: `Bearer ${fixtures.keys.readOnly}` } });
  expect(api.status()).toBe(200);
  expectCommon(api.headers(), "API");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");

  const admin = await apiAs(request, fixtures.users.admin);
  const page = await admin.get(`/${fixtures.projects.main.slug}`);
  expect(page.status()).toBe(200);
  expectCommon(page.headers(), "overview");
});
