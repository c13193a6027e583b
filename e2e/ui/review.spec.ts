// The weekly review's main journey on the demo data: a product owner assigns last week's top
// failure to a colleague, who finds it under "Assigned to me" and starts on it; a viewer reads
// the same review without any edit control.
import { expect, test, type Page } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { SHOTS } from "../support/shots";


function lastFullWeek(now = new Date()): string {
  // The Monday of this week, minus 7 days → last week's Monday; ISO year/week of its Thursday.
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * 86_400_000 - 7 * 86_400_000;
  const thursday = new Date(monday + 3 * 86_400_000);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

async function openReview(page: Page) {
  await page.goto("/demo/review");
  await expect(page.getByRole("heading", { name: "Weekly review", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Week", { exact: true })).toHaveValue(lastFullWeek());
  await expect(page.getByTestId("failure-row").first()).toBeVisible();
}

test("an owner assigns the top failure to dana, who marks it in progress", async ({ browser }) => {
  const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const ownerCtx = await browser.newContext();
  const page = await ownerCtx.newPage();
  await signedIn(page, fixtures.users.owner, { callbackUrl: "/demo/review" });
  await openReview(page);
  await expect(page.getByRole("columnheader", { name: "KPI" }).first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/review-week.png`, fullPage: true });

  const top = page.getByTestId("failure-row").first();
  const reason = (await top.getByTestId("failure-reason").innerText()).trim();
  await top.getByRole("button", { name: new RegExp(`^(Assign|Edit) `) }).click();
  const form = page.getByRole("form", { name: `Fix item for ${reason}` });
  await form.getByLabel("Owner").selectOption(fixtures.users.dana.email);
  await form.getByLabel("Due date").fill(due);
  // A new owner starts from "Open", whatever the item's state was.
  await form.getByLabel("Status").selectOption("open");
  await page.screenshot({ path: `${SHOTS}/review-assign.png`, fullPage: true });
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toBeHidden();
  await expect(top).toContainText(/Dana Kim|dana@keel\.local/);
  await expect(top).toContainText(due);
  await ownerCtx.close();

  const danaCtx = await browser.newContext();
  const dana = await danaCtx.newPage();
  await signedIn(dana, fixtures.users.dana, { callbackUrl: "/demo/fix-items" });
  await dana.goto("/demo/fix-items");
  await dana.getByRole("tab", { name: "Assigned to me" }).click();
  const row = dana.getByTestId("fix-item-row").filter({ hasText: reason }).filter({ hasText: due });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: reason }).click();
  const detail = dana.getByRole("region", { name: "Fix item detail" });
  await expect(detail.getByRole("list", { name: "History" })).toContainText("dana@keel.local");
  await detail.getByRole("button", { name: "Edit" }).click();
  await detail.getByLabel("Status").selectOption("in_progress");
  await detail.getByLabel("RCA notes").fill("Reproduced; working on a fix.");
  await detail.getByRole("button", { name: "Save" }).click();
  await expect(detail.getByRole("button", { name: "Save" })).toBeHidden();
  await expect(row).toContainText("In progress");
  await expect(detail.getByRole("list", { name: "History" }).getByRole("listitem").first()).toContainText("Reproduced; working on a fix.");
  await expect(detail).toContainText("In progress");
  await expect(detail.getByRole("list", { name: "History" })).toContainText("dana@keel.local changed Status Open → In progress");
  await dana.screenshot({ path: `${SHOTS}/review-fix-items.png`, fullPage: true });
  await danaCtx.close();
});

test("a viewer sees the review but no edit controls", async ({ page }) => {
  await signedIn(page, fixtures.users.viewer, { callbackUrl: "/demo/review" });
  await openReview(page);
  await expect(page.getByRole("button", { name: /^(Assign|Edit) / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Copy Markdown" })).toBeVisible();
  await page.goto("/demo/fix-items");
  await expect(page.getByTestId("fix-item-row").first()).toBeVisible();
  await page.getByTestId("fix-item-row").first().getByRole("button").first().click();
  await expect(page.getByRole("list", { name: "History" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Fix item detail" }).getByRole("button", { name: "Edit" })).toHaveCount(0);
});

test("the review exports as Markdown and prints without the app's navigation", async ({ page }) => {
  await signedIn(page, fixtures.users.viewer, { callbackUrl: "/demo/review" });
  await openReview(page);
  const week = lastFullWeek();
  const topReason = (await page.getByTestId("failure-row").first().getByTestId("failure-reason").innerText()).trim();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download .md" }).click()]);
  expect(download.suggestedFilename()).toBe(`review-${week}.md`);
  const stream = await download.createReadStream();
  let markdown = "";
  for await (const chunk of stream) markdown += chunk.toString();
  expect(markdown.split("\n")[0]).toMatch(new RegExp(`^# Weekly reliability review — Demo, ${week}`));
  expect(markdown).toContain(topReason);

  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Project" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Download .md" })).toBeHidden();
  await expect(page.getByRole("heading", { name: "Weekly review", level: 1 })).toBeVisible();
  await expect(page.getByTestId("failure-row").first()).toBeVisible();
});
