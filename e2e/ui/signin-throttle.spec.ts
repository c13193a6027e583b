// A person who mistypes their password five times is told, on the sign-in page, how long to wait.
import { expect, test } from "@playwright/test";

const tag = Math.random().toString(36).slice(2, 8);

test("the sign-in page says how long to wait", async ({ browser }) => {
  const email = `nobody-${tag}@example.com`;
  const page = await (await browser.newContext()).newPage();
  await page.goto("/signin");
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
    await page.getByRole("button", { name: "Sign in" }).click();
    expect((await answered).status()).toBe(401);
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong-again");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many" })).toHaveText(/Too many failed sign-ins for this account\. Try again in (29|30) seconds\./);
});
