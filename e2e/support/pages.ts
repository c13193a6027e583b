// Helpers of the journey specs that act as several people at once: a page of its own per person
// (signed in once per run, see signed-in.ts), and the desktop + phone screenshots of a page under
// e2e/screenshots/pages/ with the phone-width overflow check.
import { expect, type Browser, type Page } from "@playwright/test";
import { signedIn } from "./signed-in";
import type { E2EUser } from "./fixtures";
import { DESKTOP, PHONE, expectNoHorizontalOverflow } from "./layout";
import { SHOTS } from "./shots";

/** A desktop-sized page of its own, signed in as `user`, at `url`. */
export async function pageAs(browser: Browser, user: E2EUser, url: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: DESKTOP });
  const page = await ctx.newPage();
  await signedIn(page, user, { callbackUrl: url });
  await page.goto(url);
  return page;
}

/** Once nothing is loading: `<name>-desktop.png`, then at phone width no sideways scroll and `<name>-phone.png`. */
export async function shootPage(page: Page, name: string): Promise<void> {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/pages/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await expectNoHorizontalOverflow(page, name);
  await page.screenshot({ path: `${SHOTS}/pages/${name}-phone.png`, fullPage: true });
  await page.setViewportSize(DESKTOP);
}
