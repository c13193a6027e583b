// The attack as it happens: a signed-in admin's browser visits a page on another port of the same
// host (same-site, so the session cookie goes along), which auto-submits a text/plain form that
// spells a JSON body adding an admin. Keel refuses it and no member is created.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { signIn } from "../support/auth";
import { fixtures } from "../support/fixtures";

const slug = fixtures.projects.main.slug;
const tag = Math.random().toString(36).slice(2, 8);
const victimEmail = `csrf-${tag}@example.com`;

let attacker: Server;
let attackerUrl = "";

test.beforeAll(async () => {
  const target = `${fixtures.baseURL}/api/v1/settings/members?project=${slug}`;
  // name + value of a text/plain form field concatenate as `name=value`: a JSON body.
  const name = `{"email":"${victimEmail}","role":"admin","password":"attacker-pass-1","x":"`;
  const html = `<!doctype html><form id="f" method="POST" enctype="text/plain" action="${target}">
<input type="hidden" name='${name}' value='"}'></form><script>document.getElementById("f").submit()</script>`;
  attacker = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
});

test("a cross-origin form post from another port cannot add a member", async ({ page }) => {
  await signIn(page, fixtures.users.admin, { callbackUrl: `/${slug}/settings` });
  const answer = page.waitForResponse((r) => r.url().includes("/api/v1/settings/members") && r.request().method() === "POST");
  await page.goto(attackerUrl);
  const res = await answer;
  expect(res.status()).toBe(403);

  await page.goto(`/${slug}/settings`);
  const members = page.getByRole("table", { name: "Members" });
  await expect(members.getByText(fixtures.users.dana.email)).toBeVisible();
  await expect(members.getByText(victimEmail)).toHaveCount(0);
});
