// Issue 17, workflow budgets, as a person uses them. Project `budgets-lab` (its own, so it starts
// with no budget): three runs of one workflow are stored through the API before any budget exists
// (6 calls and $0.42; exactly 5 calls; 2 calls). The owner opens Guardrail settings: from the empty
// table they add a budget (a 0 refused next to its field), see it in the table, edit it, re-evaluate
// the stored runs (2 of 3 now over budget), follow the link to those runs and open the worst one,
// whose page says what it went over; then delete the budget, and change a detector threshold that
// is still there after a reload. A viewer sees the section read-only. Screenshots at desktop and
// phone width: e2e/screenshots/pages/budgets-*.png.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { fixtures } from "../support/fixtures";
import { pageAs, shootPage } from "../support/pages";
import { apiAs } from "../support/auth";

const slug = fixtures.projects.budgets.slug;
const auth = { Authorization: `Bearer ${fixtures.keys.budgets}` };
const settingsUrl = `/${slug}/guardrails/settings`;

test("owner: add, edit, re-evaluate and delete a workflow budget from the empty table; a run over budget says so; a detector threshold is saved", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const tag = randomBytes(4).toString("hex");
  const workflow = `checkout-${tag}`;
  const start = Date.now() - 60 * 60_000;
  const run = (id: string, calls: number, costUsd: number) => ({
    id: `${id}-${tag}`,
    sessionId: `s-${id}-${tag}`,
    workflow,
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + 5000).toISOString(),
    outcome: "success",
    costUsd,
    toolCalls: Array.from({ length: calls }, (_, i) => ({
      name: `tool.${i}`,
      startedAt: new Date(start + i * 100).toISOString(),
      endedAt: new Date(start + i * 100 + 50).toISOString(),
      status: "ok",
    })),
  });
  const res = await request.post("/api/v1/runs", { headers: auth, data: { runs: [run("over", 6, 0.42), run("near", 5, 0.1), run("within", 2, 0.1)] } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ accepted: 3 });

  const page = await pageAs(browser, fixtures.users.owner, settingsUrl);
  const panel = page.getByTestId("budgets-panel");
  await expect(panel.getByText("No budgets yet")).toBeVisible();
  await shootPage(page, "budgets-empty");

  // Add: a 0 is refused next to its field; then 5 calls and $0.30.
  await panel.getByRole("button", { name: "Add budget" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add budget" });
  await dialog.getByLabel("Workflow").fill(workflow);
  await dialog.getByLabel("Max tool calls").fill("0");
  await dialog.getByRole("button", { name: "Save budget" }).click();
  await expect(dialog.getByText("must be at least 1 (leave it empty for no limit)")).toBeVisible();
  await dialog.getByLabel("Max tool calls").fill("5");
  await dialog.getByLabel("Max cost ($)").fill("0.3");
  await dialog.getByRole("button", { name: "Save budget" }).click();
  await expect(dialog).toBeHidden();
  const row = panel.getByTestId("budget-row").filter({ hasText: workflow });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell")).toHaveText([new RegExp(workflow), "5", "no limit", "no limit", "$0.30", /.+/, /Edit/]);

  // Edit: 4 calls.
  await row.getByRole("button", { name: `Edit the budget of ${workflow}` }).click();
  const edit = page.getByRole("dialog", { name: `Budget of ${workflow}` });
  await expect(edit.getByLabel("Max tool calls")).toHaveValue("5");
  await edit.getByLabel("Max tool calls").fill("4");
  await edit.getByRole("button", { name: "Save budget" }).click();
  await expect(edit).toBeHidden();
  await expect(row.getByRole("cell").nth(1)).toHaveText("4");

  // The runs were stored before the budget: nothing over budget until re-evaluated.
  await panel.getByRole("button", { name: "Re-evaluate stored runs" }).click();
  const result = panel.getByTestId("reevaluate-result");
  await expect(result).toHaveText("Re-evaluated 3 runs: 2 over budget.");
  await shootPage(page, "budgets-table");

  // The link opens exactly those runs; the worst one says what it went over.
  await result.getByRole("link", { name: "2 over budget" }).click();
  await expect(page).toHaveURL(/budgetBreached=true/);
  await expect(page.getByTestId("runs-total")).toHaveText("2 runs");
  await expect(page.locator('[data-filter="budgetBreached"]')).toContainText("budget breached");
  await page.getByRole("table", { name: "Runs" }).getByRole("link", { name: `over-${tag}` }).first().click();
  await expect(page.getByTestId("run-budget-breaches-text")).toHaveText("6 tool calls (max 4), $0.42 (max $0.30)");
  await shootPage(page, "budgets-run-over");

  // Delete: back to the empty table.
  await page.goto(settingsUrl);
  await panel.getByRole("button", { name: `Delete the budget of ${workflow}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete budget" }).click();
  await expect(panel.getByText("No budgets yet")).toBeVisible();

  // A detector threshold, saved and still there after a reload.
  const detectors = page.getByTestId("detector-settings");
  await detectors.getByLabel("Repeated call").fill("4");
  await detectors.getByRole("button", { name: "Save detectors" }).click();
  await expect(detectors.getByText("Detector settings saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("detector-settings").getByLabel("Repeated call")).toHaveValue("4");
  await page.context().close();
});

test("viewer: the guardrail settings are read-only, with the reason", async ({ browser, request }) => {
  const tag = randomBytes(4).toString("hex");
  const owner = await apiAs(request, fixtures.users.owner);
  const put = await owner.put(`/api/v1/settings/budgets/viewer-${tag}?project=${slug}`, { data: { maxCostUsd: 1.5 } });
  expect(put.status()).toBe(200);

  const page = await pageAs(browser, fixtures.users.viewer, settingsUrl);
  const panel = page.getByTestId("budgets-panel");
  const row = panel.getByTestId("budget-row").filter({ hasText: `viewer-${tag}` });
  await expect(row.getByRole("cell").nth(4)).toHaveText("$1.50");
  await expect(panel.getByText("Read-only: your role (viewer) can see these; owners and admins change them.")).toBeVisible();
  await expect(panel.getByRole("button", { name: "Add budget" })).toBeDisabled();
  await expect(row.getByRole("button", { name: `Edit the budget of viewer-${tag}` })).toBeDisabled();
  await expect(panel.getByRole("button", { name: "Re-evaluate stored runs" })).toBeDisabled();
  const detectors = page.getByTestId("detector-settings");
  await expect(detectors.getByLabel("Failure streak")).toBeDisabled();
  await expect(detectors.getByRole("button", { name: "Save detectors" })).toBeDisabled();
  await shootPage(page, "budgets-viewer");
  await page.context().close();
});
