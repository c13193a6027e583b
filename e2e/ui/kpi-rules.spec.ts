// Issue 15, KPI threshold rules: an owner creates a rule from the KPI rules section of the
// objectives page (its empty state when the project has none yet), edits it, an admin approves it,
// runs ingested through the API push its cost per success above the threshold, "Evaluate now" fires
// its alert, and the Alerts page shows it firing under the rule's title. Project `rules-lab` (its own), on a
// workflow of its own. Screenshots at desktop and phone width: e2e/screenshots/pages/kpi-rules-*.png.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { fixtures } from "../support/fixtures";
import { pageAs as as, shootPage as shoot } from "../support/pages";

// Its own project: the permission table creates KPI rules in `e2e` while this runs.
const slug = fixtures.projects.rules.slug;

test("KPI rule: owner creates and edits it, admin approves, costly runs exceed it, the alert fires and shows on the Alerts page", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const tag = randomBytes(4).toString("hex");
  const workflow = `kpi-${tag}`;
  const name = `Refunds too dear ${tag}`;
  const auth = { Authorization: `Bearer ${fixtures.keys.rules}` };

  // The owner creates it. The project has no rule yet unless another spec of this run made one
  // (the API permission table does): then the section lists those instead of its empty state.
  const existing = ((await (await request.get(`/api/v1/kpi-rules`, { headers: auth })).json()) as { kpiRules: unknown[] }).kpiRules.length;
  const owner = await as(browser, fixtures.users.owner, `/${slug}/objectives`);
  const section = owner.locator("#kpi-rules");
  await expect(section.getByRole("heading", { level: 2, name: "KPI rules" })).toBeVisible();
  if (existing === 0) await expect(section.getByText("No KPI rules yet")).toBeVisible();
  await section.getByRole("button", { name: "New KPI rule" }).click();
  await expect(section.getByText("New KPI rule", { exact: true })).toBeVisible();
  await section.getByLabel("Metric").selectOption({ label: "Cost per success" });
  await section.getByLabel("Workflow").fill(workflow);
  await section.getByLabel("Name").fill(name);
  // A negative threshold: the server names the field.
  await section.getByLabel("Threshold (USD per success)").fill("-1");
  await section.getByRole("button", { name: "Save draft" }).click();
  await expect(section.getByText("must be 0 or more")).toBeVisible();
  await shoot(owner, "kpi-rules-form");
  await section.getByLabel("Threshold (USD per success)").fill("0.5");
  await section.getByRole("button", { name: "Save draft" }).click();
  const ownerRow = section.getByTestId("kpi-rule").filter({ hasText: name });
  await expect(ownerRow).toContainText("Draft");
  await expect(ownerRow).toContainText("> $0.50");
  await expect(ownerRow).toContainText("1 h");
  await expect(ownerRow).toContainText("Ticket");
  await expect(ownerRow).toContainText(workflow);

  // The owner edits it: a lower threshold over a shorter window.
  await ownerRow.getByRole("button", { name: "Edit" }).click();
  await expect(section.getByText("Edit KPI rule", { exact: true })).toBeVisible();
  await section.getByLabel("Threshold (USD per success)").fill("0.25");
  await section.getByLabel("Window (minutes)").fill("30");
  await section.getByRole("button", { name: "Save", exact: true }).click();
  await expect(ownerRow).toContainText("> $0.25");
  await expect(ownerRow).toContainText("30 min");
  await expect(ownerRow).toContainText("Draft");

  // The admin approves it.
  const admin = await as(browser, fixtures.users.admin, `/${slug}/objectives`);
  const adminRow = admin.getByTestId("kpi-rule").filter({ hasText: name });
  await adminRow.getByRole("button", { name: "Approve" }).click();
  await expect(adminRow).toContainText("Approved");
  await expect(adminRow).toContainText(`approved by ${fixtures.users.admin.email}`);
  await expect(adminRow.getByRole("button", { name: "Approve" })).toHaveCount(0);

  // Costly runs arrive: 10 runs over the last 10 minutes at $0.10, 2 of them successes → $1.00 / 2 = $0.50.
  const now = Date.now();
  const runs = Array.from({ length: 10 }, (_, i) => ({
    id: `${workflow}-${i}`,
    sessionId: `${workflow}-${i}`,
    workflow,
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: new Date(now - (i + 1) * 60_000).toISOString(),
    endedAt: new Date(now - (i + 1) * 60_000 + 800).toISOString(),
    outcome: i < 2 ? "success" : "failure",
    ...(i < 2 ? {} : { failure: { category: "tool_error", reason: "refund API retried until it gave up" } }),
    costUsd: 0.1,
    toolCalls: [],
  }));
  const ingest = await request.post("/api/v1/runs", { headers: auth, data: { runs } });
  expect(await ingest.json()).toEqual({ accepted: 10, duplicates: 0, rejected: [] });

  // An evaluation (the server's loop does one a minute) fires it.
  await admin.getByRole("button", { name: "Evaluate now" }).click();
  await expect(adminRow).toContainText("$0.50");
  await expect(adminRow).toContainText("above threshold");
  await admin.locator("#kpi-rules").scrollIntoViewIfNeeded();
  await shoot(admin, "kpi-rules-list");

  // The Alerts page shows it firing under the rule's title.
  await admin.goto(`/${slug}/alerts`);
  const alert = admin.getByTestId("alert").filter({ hasText: name });
  await expect(alert).toContainText("Firing");
  await expect(alert).toContainText("Ticket");
  await expect(alert).toContainText("KPI rule");
  await expect(alert).toContainText("Cost per success $0.50 over 30 min · threshold > $0.25");
  await expect(alert.getByRole("list", { name: "Timeline" })).toContainText("Fired");
  await shoot(admin, "kpi-rules-alerts");

  // A viewer sees the rule, but no button to write it.
  const viewer = await as(browser, fixtures.users.viewer, `/${slug}/objectives`);
  await expect(viewer.getByTestId("kpi-rule").filter({ hasText: name })).toContainText("Approved");
  await expect(viewer.getByRole("button", { name: "New KPI rule" })).toHaveCount(0);
});
