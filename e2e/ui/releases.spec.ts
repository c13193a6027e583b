// An owner opens the failing v13 canary of the demo project, sees which gate fails and why,
// raises the canary margin and sees the verdict turn to promote; the threshold is restored after.
import { expect, test, type Page } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { SHOTS } from "../support/shots";

const CANARY = "gpt-4.1@v13";

test.describe.configure({ mode: "serial" });

const MARGIN = "Canary escalation margin (pp)";
const MAX_VIOLATIONS = "Critical policy violations maximum (runs)";

async function setThresholds(page: Page, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label).fill(value);
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByText("Thresholds saved; verdicts updated.")).toBeVisible();
}

test("releases list shows every demo release with its KPIs and links to the release", async ({ page }) => {
  await signedIn(page, fixtures.users.viewer, { callbackUrl: "/demo/releases" });
  await page.goto("/demo/releases");
  await expect(page.getByRole("heading", { level: 1, name: "Releases" })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: CANARY }) });
  await expect(row).toBeVisible();
  await expect(row.getByText("canary")).toBeVisible();
  await expect(row.getByText(/^Hold · [12] failing$/)).toBeVisible();
  await expect(page.getByRole("link", { name: "gpt-4.1@v12" })).toBeVisible();
  // A viewer reads the thresholds but cannot change them.
  await expect(page.getByLabel("Canary escalation margin (pp)")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save thresholds" })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/releases-list.png`, fullPage: true });
  await row.getByRole("link", { name: CANARY }).click();
  await expect(page).toHaveURL(/\/demo\/releases\/gpt-4\.1(%40|@)v13$/);
  await expect(page.getByRole("heading", { level: 1, name: CANARY })).toBeVisible();
});

test("owner: the failing canary names its gate and reason; raising the margin turns the verdict to promote", async ({ page }) => {
  await signedIn(page, fixtures.users.owner, { callbackUrl: `/demo/releases/${encodeURIComponent(CANARY)}` });
  await page.goto(`/demo/releases/${encodeURIComponent(CANARY)}`);
  const verdict = page.getByTestId("gate-verdict");
  await expect(verdict).toContainText("Hold — roll back");
  await expect(verdict).toContainText("Canary escalation rate");
  const gate = page.getByTestId("gate-canary_escalation_rate");
  await expect(gate).toHaveAttribute("data-pass", "false");
  await expect(gate).toContainText(/canary escalates \d+(\.\d)?% of runs vs \d+(\.\d)?% in production \(margin 5%\)/);
  await expect(page.getByRole("heading", { name: "Canary vs production" })).toBeVisible();
  await expect(page.getByTestId("canary-verdict")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/releases-canary-hold.png`, fullPage: true });

  const original = { [MARGIN]: await page.getByLabel(MARGIN).inputValue(), [MAX_VIOLATIONS]: await page.getByLabel(MAX_VIOLATIONS).inputValue() };
  expect(original).toEqual({ [MARGIN]: "5", [MAX_VIOLATIONS]: "0" });
  try {
    await setThresholds(page, { [MARGIN]: "50" });
    await expect(gate).toHaveAttribute("data-pass", "true");
    await expect(gate).not.toContainText("canary escalates");
    await expect(verdict).not.toContainText("Canary escalation rate");
    // The demo canary may also carry a critical policy violation; allow a few to promote it.
    await setThresholds(page, { [MAX_VIOLATIONS]: "1000" });
    await expect(verdict).toContainText("Promote");
    await expect(verdict).not.toContainText("Hold");
    await page.screenshot({ path: `${SHOTS}/releases-canary-promote.png`, fullPage: true });
  } finally {
    await setThresholds(page, original);
  }
  await expect(verdict).toContainText("Hold — roll back");
  await expect(gate).toHaveAttribute("data-pass", "false");
});
