// Every page of the app, as an admin on the demo data, at desktop (1440×900) and phone (390×844)
// width: a screenshot of each in e2e/screenshots/pages/ (looked at by people, kept in the repo), and
// on both widths the page itself never scrolls sideways (wide tables scroll inside their own box).
// Detail pages are reached by clicking, as a person would, from their lists.
import { expect, test, type Page } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { DESKTOP, PHONE, expectNoHorizontalOverflow } from "../support/layout";
import { SHOTS } from "../support/shots";

const PAGES_DIR = `${SHOTS}/pages`;

interface PageDef {
  name: string;
  /** Opens the page and waits for its content. */
  open: (page: Page) => Promise<void>;
}

const heading = (page: Page, name: string | RegExp) => expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

/** Waits for the loading skeletons of the client panels to be gone. */
async function settled(page: Page) {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

const PAGES: PageDef[] = [
  { name: "projects", open: async (p) => { await p.goto("/projects"); await heading(p, /Projects/); } },
  { name: "overview", open: async (p) => { await p.goto("/demo"); await expect(p.getByTestId("kpi-successRate")).toBeVisible(); } },
  { name: "workflows", open: async (p) => { await p.goto("/demo/workflows"); await heading(p, "Workflows"); } },
  { name: "tools", open: async (p) => { await p.goto("/demo/tools"); await heading(p, "Tools"); } },
  { name: "failures", open: async (p) => { await p.goto("/demo/failures"); await heading(p, "Failures"); } },
  { name: "cost", open: async (p) => { await p.goto("/demo/cost"); await heading(p, "Cost"); } },
  { name: "traces", open: async (p) => { await p.goto("/demo/traces"); await heading(p, "Traces"); await expect(p.getByRole("row").nth(1)).toBeVisible(); } },
  {
    name: "trace-detail",
    open: async (p) => {
      await p.goto("/demo/traces?outcome=failure&failureCategory=tool_error");
      await heading(p, "Traces");
      const link = p.getByRole("row").nth(1).getByRole("link").first();
      await link.click();
      await expect(p).toHaveURL(/\/demo\/traces\/[^?]+/);
      await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    },
  },
  { name: "incidents", open: async (p) => { await p.goto("/demo/incidents"); await heading(p, "Incidents"); } },
  {
    name: "incident-detail",
    open: async (p) => {
      await p.goto("/demo/incidents");
      await heading(p, "Incidents");
      // The first incident's link (the page also links its settings, /demo/incidents/settings).
      await p.getByRole("table", { name: "Incidents" }).locator('a[href^="/demo/incidents/"]').first().click();
      await expect(p).toHaveURL(/\/demo\/incidents\/\d+/);
      await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    },
  },
  { name: "review", open: async (p) => { await p.goto("/demo/review"); await heading(p, "Weekly review"); await expect(p.getByTestId("failure-row").first()).toBeVisible(); } },
  { name: "fix-items", open: async (p) => { await p.goto("/demo/fix-items"); await heading(p, "Fix items"); } },
  { name: "releases", open: async (p) => { await p.goto("/demo/releases"); await heading(p, "Releases"); } },
  {
    name: "release-detail",
    open: async (p) => {
      await p.goto("/demo/releases");
      await heading(p, "Releases");
      await p.locator('a[href^="/demo/releases/"]').first().click();
      await expect(p).toHaveURL(/\/demo\/releases\/.+/);
      await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    },
  },
  { name: "settings", open: async (p) => { await p.goto("/demo/settings"); await heading(p, "Settings"); } },
  { name: "docs-ingest", open: async (p) => { await p.goto("/docs/ingest"); await expect(p.getByRole("heading", { level: 1 })).toBeVisible(); } },
];

for (const viewport of [DESKTOP, PHONE]) {
  const size = viewport === DESKTOP ? "desktop" : "phone";
  test(`every page at ${viewport.width}×${viewport.height}: screenshot, no page-level horizontal scroll`, async ({ browser }) => {
    test.setTimeout(240_000);
    const ctx = await browser.newContext({ viewport });
    const page = await ctx.newPage();
    await signedIn(page, fixtures.users.admin, { callbackUrl: "/demo" });
    for (const def of PAGES) {
      await test.step(def.name, async () => {
        await def.open(page);
        await settled(page);
        await expectNoHorizontalOverflow(page, `${def.name} at ${size}`, { soft: true });
        await page.screenshot({ path: `${PAGES_DIR}/${def.name}-${size}.png`, fullPage: true });
      });
    }
    await ctx.close();
  });
}

test("the sign-in page at both widths", async ({ browser }) => {
  for (const viewport of [DESKTOP, PHONE]) {
    const ctx = await browser.newContext({ viewport });
    const page = await ctx.newPage();
    await page.goto("/signin");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await expectNoHorizontalOverflow(page, "signin");
    await page.screenshot({ path: `${PAGES_DIR}/signin-${viewport === DESKTOP ? "desktop" : "phone"}.png`, fullPage: true });
    await ctx.close();
  }
});
