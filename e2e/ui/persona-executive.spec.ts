// The executive's journey (role viewer), and the same numbers clicked by an owner: a number opens
// exactly the runs behind it, comparisons are honest, and a viewer never meets a page that
// pretends not to exist. On the demo data (the last 30 days), in Chromium, the way a person
// clicks; phone (390×844) and print (A4) layouts checked on the overview and the releases.
import { expect, test, type Page } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { DESKTOP, PHONE, expectNoHorizontalOverflow, expectPrintFits } from "../support/layout";
import { SHOTS } from "../support/shots";

const OTHER = fixtures.projects.other.slug; // nobody signed in here is a member
const CANARY = "gpt-4.1@v13";

/** Every chart and table of the page has its data (no skeleton). */
async function settled(page: Page) {
  await page.waitForLoadState("networkidle");
  await expect(page.locator("[aria-busy='true']")).toHaveCount(0);
}

/** "1,234" → 1234 */
const count = (text: string) => Number(text.replace(/[^\d]/g, ""));

async function runsTotal(page: Page): Promise<number> {
  const total = page.getByTestId("runs-total");
  await expect(total).toHaveText(/^[\d,]+ runs?$/);
  return count(await total.innerText());
}

/** The runs list's cost column, in the order shown. */
async function costsShown(page: Page): Promise<number[]> {
  const table = page.getByRole("table", { name: "Runs" });
  await expect(table.locator("tbody tr[data-run-id]").first()).toBeVisible();
  const headers = (await table.locator("thead th").allInnerTexts()).map((t) => t.trim());
  const col = headers.findIndex((h) => /^Cost/i.test(h));
  expect(col, `a Cost column in ${headers.join(" | ")}`).toBeGreaterThan(-1);
  const cells = await table.locator(`tbody tr[data-run-id] td:nth-child(${col + 1})`).allInnerTexts();
  return cells.map((c) => Number(c.replace(/[^\d.]/g, "")));
}

test.describe("viewer (the executive)", () => {
  test("reads the overview and the workflows as plain numbers; traces by URL is a clear 403, another project a 404", async ({ page }) => {
    await signedIn(page, fixtures.users.viewer, { callbackUrl: "/demo" });
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    const critical = page.getByTestId("kpi-criticalPolicyViolations");
    await expect(page.getByTestId("kpi-criticalPolicyViolations-value")).toHaveText(/^\d[\d,]*$/);
    // The tile is a number, not a link the viewer could not follow; nothing leads to traces.
    await expect(critical).not.toHaveAttribute("href", /.*/);
    await expect(critical.locator("xpath=ancestor-or-self::a")).toHaveCount(0);
    await settled(page);
    // Incidents are readable by viewers (issue 18); traces are not.
    await expect(page.locator("a[href*='/traces']")).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/exec-overview.png`, fullPage: true });
    await expectPrintFits(page, "overview");

    // Workflow rows are plain text for a viewer.
    await page.getByRole("link", { name: "All workflows →" }).click();
    const table = page.getByRole("table", { name: "Workflows" });
    await expect(table.getByTestId("workflow-row").first()).toBeVisible();
    await expect(table.getByRole("link")).toHaveCount(0);

    // Opening traces by URL: a real 403 with the reason and the way back, in the project's shell.
    for (const path of ["/demo/traces", "/demo/traces/some-run-id", "/demo/sessions/s-1"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { level: 1 }), path).toHaveText(/^Your role \(viewer\) can't open traces$/);
    }
    await page.goto("/demo/traces?outcome=failure");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your role (viewer) can't open traces");
    await expect(page.getByText("Traces is for the sre role and above. Ask an admin of Demo to change your role.")).toBeVisible();
    await expect(page.getByRole("button", { name: /Project: Demo/ })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/exec-forbidden.png` });
    await page.setViewportSize(PHONE);
    await expectNoHorizontalOverflow(page, "403 page");
    await page.screenshot({ path: `${SHOTS}/exec-forbidden-phone.png` });
    await page.setViewportSize(DESKTOP);
    await page.getByRole("link", { name: "Back to the Demo overview" }).click();
    await expect(page).toHaveURL(/\/demo$/);
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();

    // A project the viewer is not a member of does not exist for them (CONTRACT §1): 404, even for traces.
    for (const path of [`/${OTHER}/traces`, `/${OTHER}`]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    }
  });

  test("overview on a phone and in print", async ({ page }) => {
    await page.setViewportSize(PHONE);
    await signedIn(page, fixtures.users.viewer, { callbackUrl: "/demo" });
    await expect(page.getByTestId("kpi-successRate-value")).toHaveText(/%$/);
    await settled(page);
    await expectNoHorizontalOverflow(page, "overview (phone)");
    await page.screenshot({ path: `${SHOTS}/exec-overview-top-phone.png` });
    await page.screenshot({ path: `${SHOTS}/exec-overview-phone.png`, fullPage: true });
    await expectPrintFits(page, "overview (phone)");
  });

  test("releases compare rates, with run counts as context only", async ({ page }) => {
    await signedIn(page, fixtures.users.viewer, { callbackUrl: "/demo/releases" });
    await expect(page.getByRole("heading", { name: "Releases", level: 1 })).toBeVisible();
    await expect(page.getByText("run counts are context, never compared")).toBeVisible();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: CANARY }) });
    await expect(row).toBeVisible();
    // The runs cell is a plain count: no change line under it, unlike the rates beside it.
    // (Headers are upper-cased by CSS; innerText reads them as shown.)
    const headers = (await page.getByRole("table").first().locator("thead th").allInnerTexts()).map((h) => h.trim().toLowerCase());
    const runsCol = headers.indexOf("runs");
    expect(runsCol).toBeGreaterThan(-1);
    await expect(row.locator("td").nth(runsCol)).toHaveText(/^[\d,]+$/);
    await expect(row.locator("td").nth(headers.indexOf("success"))).toHaveText(/^\d+\.\d%\s*[+−±]\d+\.\d pp$/);
    await settled(page);
    await page.screenshot({ path: `${SHOTS}/exec-releases.png`, fullPage: true });
    await expectPrintFits(page, "releases");

    await row.getByRole("link", { name: CANARY }).click();
    await expect(page.getByRole("heading", { level: 1, name: CANARY })).toBeVisible();
    const comparison = page.getByRole("table").filter({ has: page.getByRole("cell", { name: "Runs (context)" }) });
    const runs = comparison.getByTestId("comparison-runs");
    await expect(runs.locator("td").nth(3)).toHaveText("not compared");
    // Counts are never coloured as good or bad; rates are compared in points.
    await expect(runs.locator(".text-emerald-700, .text-rose-700")).toHaveCount(0);
    await expect(comparison.getByRole("row").filter({ hasText: "Escalation rate" }).locator("td").nth(3)).toHaveText(/^[+−±]\d+\.\d pp$/);
    await settled(page);
    await page.screenshot({ path: `${SHOTS}/exec-release-canary.png`, fullPage: true });

    await page.setViewportSize(PHONE);
    await page.goto("/demo/releases");
    await expect(page.getByRole("link", { name: CANARY })).toBeVisible();
    await settled(page);
    await expectNoHorizontalOverflow(page, "releases (phone)");
    await page.screenshot({ path: `${SHOTS}/exec-releases-phone.png`, fullPage: true });
    await expectPrintFits(page, "releases (phone)");
  });
});

test.describe("the same numbers, clicked by an owner", () => {
  test("critical policy violations N opens exactly N runs; retry cost opens runs with retries, dearest first", async ({ page }) => {
    await signedIn(page, fixtures.users.owner, { callbackUrl: "/demo" });
    const value = page.getByTestId("kpi-criticalPolicyViolations-value");
    await expect(value).toHaveText(/^\d[\d,]*$/);
    const n = count(await value.innerText());
    expect(n, "the demo has critical policy violations in its last 30 days").toBeGreaterThan(0);

    await page.getByTestId("kpi-criticalPolicyViolations").click();
    await expect(page).toHaveURL(/\/demo\/traces\?/);
    let url = new URL(page.url());
    expect(url.searchParams.get("outcome")).toBe("failure");
    expect(url.searchParams.get("failureCategory")).toBe("policy_violation");
    expect(url.searchParams.get("critical")).toBe("true");
    expect(Date.parse(url.searchParams.get("to")!) - Date.parse(url.searchParams.get("from")!)).toBe(30 * 86_400_000);
    expect(await runsTotal(page)).toBe(n);
    const rows = page.getByRole("table", { name: "Runs" }).locator("tbody tr[data-run-id]");
    await expect(rows.first()).toContainText("critical");
    for (const text of await rows.allInnerTexts()) expect(text).toMatch(/critical\s+policy violation/);
    await page.screenshot({ path: `${SHOTS}/exec-runs-critical.png` });

    // Retry cost → the runs with a retried call, dearest first.
    await page.goBack();
    await expect(page.getByTestId("kpi-retryCostUsd-value")).toHaveText(/^\$/);
    await page.getByTestId("kpi-retryCostUsd").click();
    await expect(page).toHaveURL(/\/demo\/traces\?/);
    url = new URL(page.url());
    expect(url.searchParams.get("retried")).toBe("true");
    expect(url.searchParams.get("sort")).toBe("cost");
    expect(url.searchParams.get("outcome")).toBeNull();
    const retried = await runsTotal(page);
    expect(retried).toBeGreaterThan(0);
    const costs = await costsShown(page);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    // The dearest of them has a retried call in its waterfall.
    await page.getByRole("table", { name: "Runs" }).locator("tbody tr[data-run-id]").first().getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Run");
    await expect(page.getByText("retry", { exact: true }).first()).toBeVisible();

    // Cost per success: all spend over all runs, so it opens every run of the window, dearest first.
    await page.goto("/demo");
    const tile = page.getByTestId("kpi-costPerSuccessUsd");
    await expect(tile).toContainText(/all spend \$[\d,.]+ \/ [\d,]+ successes/);
    const success = page.getByTestId("kpi-successRate");
    await expect(success).toContainText(/[\d,]+ of [\d,]+ runs/);
    const runsInWindow = count(/of ([\d,]+) runs/.exec(await success.innerText())![1]);
    await tile.click();
    await expect(page).toHaveURL(/\/demo\/traces\?/);
    url = new URL(page.url());
    expect(url.searchParams.get("sort")).toBe("cost");
    expect(url.searchParams.get("outcome")).toBeNull();
    expect(await runsTotal(page)).toBe(runsInWindow);
  });

  test("a failure-category bar opens that category's failed runs of its period, window and scope kept", async ({ page }) => {
    await signedIn(page, fixtures.users.owner, { callbackUrl: "/demo/failures?range=7d&environment=production" });
    await expect(page.getByRole("heading", { name: "Failures", level: 1 })).toBeVisible();
    const segment = page.getByTestId("category-mix-chart").locator(".category-bar-tool_error .recharts-rectangle").last();
    await expect(segment).toBeVisible();
    await segment.click();
    await expect(page).toHaveURL(/\/demo\/traces\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get("outcome")).toBe("failure");
    expect(url.searchParams.get("failureCategory")).toBe("tool_error");
    expect(url.searchParams.get("environment")).toBe("production");
    expect(Date.parse(url.searchParams.get("to")!) - Date.parse(url.searchParams.get("from")!)).toBeLessThanOrEqual(86_400_000);
    expect(await runsTotal(page)).toBeGreaterThan(0);
    for (const text of await page.getByRole("table", { name: "Runs" }).locator("tbody tr[data-run-id]").allInnerTexts()) expect(text).toContain("tool error");
  });

  test("a window with no earlier runs shows no change, never a change from 0", async ({ page }) => {
    // Nine days reaching four days into the demo's 30: the nine days before hold no runs at all.
    const end = new Date(Date.now() - 26 * 86_400_000);
    const start = new Date(end.getTime() - 9 * 86_400_000);
    await signedIn(page, fixtures.users.owner, { callbackUrl: "/demo" });
    await page.goto(`/demo?range=custom&from=${start.toISOString()}&to=${end.toISOString()}`);
    await expect(page.getByTestId("kpi-successRate-value")).toHaveText(/^\d+\.\d%$/);
    for (const key of ["successRate", "criticalPolicyViolations", "retryCostUsd", "costPerSuccessUsd", "runP95Ms"]) {
      const tile = page.getByTestId(`kpi-${key}`);
      await expect(tile, key).toContainText("no earlier data");
      await expect(tile, key).not.toContainText(/from /);
    }
  });
});
