// An admin creates a read key on the Settings page, sees it exactly once (copy button, then
// never again), checks it works, revokes it, and sees it refused at once and both changes audited.
import { expect, test } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { SHOTS } from "../support/shots";

const slug = fixtures.projects.main.slug;
const name = `ui reader ${Math.random().toString(36).slice(2, 8)}`;

test("admin creates a read key, sees it once, revokes it; the page is captured at 1440×900", async ({ page, context, request }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: fixtures.baseURL });
  await signedIn(page, fixtures.users.admin, { callbackUrl: `/${slug}/settings` });
  await page.goto(`/${slug}/settings`);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  const keys = page.getByRole("table", { name: "API keys" });
  await expect(keys).toBeVisible();
  await expect(page.getByRole("table", { name: "Members" }).getByText(fixtures.users.dana.email)).toBeVisible();
  await expect(page.getByLabel("Requests per second")).not.toHaveValue("");

  await page.getByRole("button", { name: "Create API key" }).click();
  const createDialog = page.getByRole("dialog", { name: "Create API key" });
  await createDialog.getByLabel("Name").fill(name);
  await createDialog.getByRole("checkbox", { name: /ingest/ }).uncheck();
  await createDialog.getByRole("checkbox", { name: /read/ }).check();
  await createDialog.getByRole("button", { name: "Create key" }).click();

  const shown = page.getByRole("dialog", { name: "Your new API key" });
  await expect(shown.getByText("this is the only time Keel shows it", { exact: false })).toBeVisible();
  const key = (await shown.getByTestId("new-api-key").textContent())?.trim() ?? "";
  expect(key.length).toBeGreaterThan(20);
  await shown.getByRole("button", { name: "Copy" }).click();
  await expect(shown.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(shown).toBeHidden();

  // Never shown again: the list has its prefix only, and a reload does not bring it back.
  const row = keys.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Active");
  await expect(row.getByText("read", { exact: true })).toBeVisible();
  await expect(row).toContainText(`${key.slice(0, 12)}…`);
  await expect(page.getByText(key)).toHaveCount(0);
  expect((await request.get("/api/v1/metrics/overview", { headers: { Authorization: `Bearer ${key}` } })).status()).toBe(200);
  await page.reload();
  await expect(row).toContainText("Active");
  await expect(page.getByText(key)).toHaveCount(0);
  const audit = page.getByRole("table", { name: "Audit log" });
  await expect(audit.getByText(`Created API key “${name}”`, { exact: false })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/settings.png` });

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Revoke “${name}”?` });
  await expect(confirm).toContainText("This cannot be undone.");
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
  await expect(audit.getByText(`Revoked API key “${name}”`, { exact: false })).toBeVisible();
  expect((await request.get("/api/v1/metrics/overview", { headers: { Authorization: `Bearer ${key}` } })).status()).toBe(401);
});

test("the last admin's role change is refused with the server's reason", async ({ page }) => {
  await signedIn(page, fixtures.users.admin, { callbackUrl: `/${slug}/settings` });
  await page.goto(`/${slug}/settings`);
  const role = page.getByLabel(`Role of ${fixtures.users.admin.email}`);
  await expect(role).toHaveValue("admin");
  await role.selectOption("viewer");
  await expect(page.getByRole("alert").filter({ hasText: "the last admin of a project cannot be demoted" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(`Role of ${fixtures.users.admin.email}`)).toHaveValue("admin");
});
