// Persona: the admin on Settings. Creates an API key (sees it once, never again), adds a member,
// changes their role, revokes the key, and reads each change in the audit log in words, with
// names (key name and prefix, the person's email, who did it) and no raw ids. Phone (390×844)
// and print (A4) never scroll the page sideways.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { DESKTOP, expectNoHorizontalOverflow, expectPrintFits, PHONE } from "../support/layout";
import { SHOTS } from "../support/shots";

const slug = fixtures.projects.main.slug;
const admin = fixtures.users.admin.email;

test("admin: key shown once, member added and promoted, key revoked; the audit log says each in words with names", async ({ page }) => {
  const tag = randomBytes(4).toString("hex");
  const keyName = `checkout-agent ${tag}`;
  const person = `pat-${tag}@example.test`;

  await signedIn(page, fixtures.users.admin, { callbackUrl: `/${slug}/settings` });
  await page.goto(`/${slug}/settings`);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

  // 1. An API key, shown once.
  await page.getByRole("button", { name: "Create API key" }).click();
  const create = page.getByRole("dialog", { name: "Create API key" });
  await create.getByLabel("Name").fill(keyName);
  await create.getByRole("checkbox", { name: /read/ }).uncheck();
  await create.getByRole("checkbox", { name: /ingest/ }).check();
  await create.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByRole("dialog", { name: "Your new API key" });
  const key = ((await shown.getByTestId("new-api-key").textContent()) ?? "").trim();
  expect(key).toMatch(/^keel_/);
  const prefix = key.slice(0, 12);
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(shown).toBeHidden();
  await expect(page.getByText(key)).toHaveCount(0);
  const keyRow = page.getByRole("table", { name: "API keys" }).getByRole("row").filter({ hasText: keyName });
  await expect(keyRow).toContainText(`${prefix}…`);

  // 2. A member (a new person, with a first password).
  await page.getByRole("button", { name: "Add member" }).click();
  const add = page.getByRole("dialog", { name: "Add member" });
  await add.getByLabel("Email").fill(person);
  await add.getByLabel("Role").selectOption("viewer");
  await add.getByLabel("Initial password (new people)").fill(`first-pass-${tag}`);
  await add.getByRole("button", { name: "Add member" }).click();
  await expect(add).toBeHidden();
  const role = page.getByLabel(`Role of ${person}`);
  await expect(role).toHaveValue("viewer");

  // 3. Their role changes.
  await role.selectOption("sre");
  await expect(role).toHaveValue("sre");

  // 4. The key is revoked.
  await keyRow.getByRole("button", { name: `Revoke ${keyName}` }).click();
  const confirm = page.getByRole("dialog", { name: `Revoke “${keyName}”?` });
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(confirm).toBeHidden();
  await expect(keyRow).toContainText("Revoked");

  // The audit log: newest first, each change in words, naming who and what.
  const audit = page.getByRole("table", { name: "Audit log" });
  const mine = audit.getByRole("row").filter({ hasText: new RegExp(`${tag}`) });
  const expected = [
    [admin, `Revoked API key “${keyName}” (${prefix}…)`],
    [admin, `Changed the role of ${person} from viewer to sre`],
    [admin, `Added ${person} as viewer (new account)`],
    [admin, `Created API key “${keyName}” (${prefix}…, ingest)`],
  ];
  await expect(mine).toHaveCount(4);
  for (const [i, [who, what]] of expected.entries()) {
    const cells = mine.nth(i).getByRole("cell");
    await expect(cells.nth(1)).toHaveText(who, { useInnerText: true });
    await expect(cells.nth(2)).toHaveText(what, { useInnerText: true });
    // When: the one date format, UTC on hover.
    await expect(cells.nth(0)).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, { useInnerText: true });
    await expect(cells.nth(0).locator("time")).toHaveAttribute("title", /UTC$/);
  }
  // No raw ids anywhere in the trail (cuid ids look like c + 24 lower-case letters/digits).
  expect(await audit.textContent()).not.toMatch(/\bc[a-z0-9]{24}\b/);

  await page.setViewportSize(DESKTOP);
  await expectNoHorizontalOverflow(page, "settings (desktop)");
  await page.screenshot({ path: `${SHOTS}/settings-admin.png`, fullPage: true });
  await expectPrintFits(page, "settings");
  await page.setViewportSize(PHONE);
  await expect(mine).toHaveCount(4);
  // On a phone each change reads as one cell: what, then who and when.
  await expect(mine.first().getByRole("cell")).toHaveCount(1);
  await expect(mine.first().getByRole("cell")).toHaveText(
    new RegExp(`^Revoked API key “${keyName}” \\(${prefix}…\\)\\s*${admin.replace(/\./g, "\\.")} · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`),
    { useInnerText: true },
  );
  await expectNoHorizontalOverflow(page, "settings (phone)");
  await page.screenshot({ path: `${SHOTS}/settings-admin-phone.png`, fullPage: true });
});
