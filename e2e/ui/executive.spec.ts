// An executive's journey on the demo data (30 days): the overview opens on the last 30 days,
// switching to 7 days changes the KPI tiles (and the URL, so the link reproduces the view),
// and the workflow with the lowest success rate leads to its failing runs. Screenshots of the
// five dashboards at 1440×900 are saved under e2e/screenshots.
import { expect, test, type Page } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { SHOTS } from "../support/shots";

const TILES = [
  "successRate",
  "escalationRate",
  "incidentRatePer1kSessions",
  "criticalPolicyViolations",
  "costPerSuccessUsd",
  "costPerEscalationUsd",
  "retryCostUsd",
  "runP95Ms",
];

async function tileValues(page: Page): Promise<string[]> {
  return Promise.all(TILES.map((t) => page.getByTestId(`kpi-${t}-value`).innerText()));
}

/** Waits until every chart and table of the page has its data (no skeleton, no spinner). */
async function settled(page: Page) {
  await page.waitForLoadState("networkidle");
  await expect(page.locator("[aria-busy='true']")).toHaveCount(0);
}

test("overview: 30 days → 7 days changes the tiles; the worst workflow leads to its failing runs", async ({ page }) => {
  await signedIn(page, fixtures.users.admin, { callbackUrl: "/demo" });
  await page.goto("/demo");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "30 d" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("window-caption")).toContainText("Last 30 days");
  await expect(page.getByTestId("kpi-successRate-value")).toHaveText(/^\d+\.\d%$/);
  const month = await tileValues(page);

  await page.getByRole("button", { name: "7 d" }).click();
  await expect(page).toHaveURL(/[?&]range=7d\b/);
  await expect(page.getByTestId("window-caption")).toContainText("Last 7 days");
  await expect.poll(() => tileValues(page), { message: "the tiles show the 7-day numbers" }).not.toEqual(month);
  const week = await tileValues(page);
  expect(week[0]).toMatch(/^\d+\.\d%$/);
  // A week has a week before it in the demo: every tile says how it changed.
  await expect(page.getByTestId("kpi-successRate")).toContainText(/from \d+\.\d%/);

  // The link reproduces the view.
  await page.reload();
  await expect(page.getByRole("button", { name: "7 d" })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => tileValues(page)).toEqual(week);
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/metrics-overview.png` });

  // Workflows, lowest success rate first; its name opens its failing runs.
  await page.getByRole("link", { name: "All workflows →" }).click();
  await expect(page).toHaveURL(/\/demo\/workflows\?range=7d$/);
  await expect(page.getByRole("heading", { name: "Workflows", level: 1 })).toBeVisible();
  const table = page.getByRole("table", { name: "Workflows" });
  await table.getByRole("button", { name: "Success", exact: true }).click();
  await expect(table.getByRole("columnheader", { name: "Success", exact: true })).toHaveAttribute("aria-sort", "ascending");
  const rates = (await table.getByTestId("workflow-row").locator("td:nth-child(3)").allInnerTexts()).map((t) => Number.parseFloat(t));
  expect(rates.length).toBeGreaterThan(1);
  expect(rates).toEqual([...rates].sort((a, b) => a - b));
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/metrics-workflows.png` });

  const worst = table.getByTestId("workflow-row").first().locator("td").first().getByRole("link");
  const workflow = (await worst.innerText()).trim();
  await worst.click();
  await expect(page).toHaveURL(/\/demo\/traces\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("workflow")).toBe(workflow);
  expect(url.searchParams.get("outcome")).toBe("failure");
  expect(Date.parse(url.searchParams.get("to")!) - Date.parse(url.searchParams.get("from")!)).toBe(7 * 86_400_000);
  await expect(page.getByRole("heading", { name: "Traces", level: 1 })).toBeVisible();
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs.getByRole("row").nth(1)).toBeVisible();
  await expect(runs.getByText("Success", { exact: true })).toHaveCount(0);
  await expect(runs.getByText(workflow).first()).toBeVisible();
});

test("screenshots of tools, failures and cost; the top failure reason opens its failed runs", async ({ page }) => {
  await signedIn(page, fixtures.users.admin, { callbackUrl: "/demo/tools" });
  for (const [path, heading] of [
    ["/demo/tools?range=7d", "Tools"],
    ["/demo/failures?range=7d", "Failures"],
    ["/demo/cost?range=7d", "Cost"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    await expect(page.getByRole("table").first().getByRole("row").nth(1)).toBeVisible();
    await settled(page);
    await page.screenshot({ path: `${SHOTS}/metrics-${heading.toLowerCase()}.png` });
  }

  // Failures: the top reason opens the failed runs of that reason.
  await page.goto("/demo/failures?range=7d");
  // The row's first link is its reason (the count and the fix item follow).
  const top = page.getByRole("table", { name: "Top failure reasons" }).getByRole("row").nth(1).getByRole("link").first();
  const reason = (await top.innerText()).trim();
  await top.click();
  await expect(page).toHaveURL(/\/demo\/traces\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("outcome")).toBe("failure");
  expect(url.searchParams.get("failureReason")).toBe(reason);
});

test("a window with no runs shows gaps and empty states, never zeros for rates", async ({ page }) => {
  await signedIn(page, fixtures.users.viewer, { callbackUrl: "/demo" });
  await page.goto("/demo?range=custom&from=2020-01-01T00:00:00.000Z&to=2020-01-08T00:00:00.000Z");
  await expect(page.getByRole("button", { name: "Custom" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("kpi-successRate-value")).toHaveText("—");
  await expect(page.getByTestId("kpi-runP95Ms-value")).toHaveText("—");
  await expect(page.getByTestId("kpi-criticalPolicyViolations-value")).toHaveText("0");
  await expect(page.getByText("No runs in this window").first()).toBeVisible();
});

test("a viewer reads the dashboards without links to traces they may not open", async ({ page }) => {
  await signedIn(page, fixtures.users.viewer, { callbackUrl: "/demo/workflows" });
  await page.goto("/demo/workflows");
  const table = page.getByRole("table", { name: "Workflows" });
  await expect(table.getByTestId("workflow-row").first()).toBeVisible();
  await expect(table.getByRole("link")).toHaveCount(0);
  await page.goto("/demo");
  await expect(page.getByTestId("kpi-successRate-value")).toHaveText(/%$/);
  await expect(page.locator("a[href*='/traces']")).toHaveCount(0);
});
