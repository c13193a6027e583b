// Issue 18, governance, as people see it, in project `governance-lab` (its own: no runbook, risk or
// owner to begin with). An SRE writes a runbook for a failure reason from the empty list, edits it
// (version 2) with a body full of HTML and a javascript: link that renders inert in Chromium, reads
// the history and an old version; the runbook shows on a failing run of that reason and on the
// Failures page. An owner registers a risk with a past review date (flagged overdue, in red), moves
// the date to the future (the flag goes), and assigns release gates, which the gates page then names.
// A viewer sees the lists without edit controls and cannot open a runbook body.
// Screenshots: e2e/screenshots/pages/governance-*.png at desktop and phone width.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { fixtures } from "../support/fixtures";
import { pageAs, shootPage } from "../support/pages";

const slug = fixtures.projects.governance.slug;
const auth = { Authorization: `Bearer ${fixtures.keys.governance}` };

test("runbooks, risks and ownership from an empty project: create, edit, history, inert Markdown, where they apply, viewer limits", async ({ browser, request }) => {
  test.setTimeout(360_000);
  const tag = randomBytes(4).toString("hex");
  const reason = `ticketing API timeout ${tag}`;
  const release = `gov-model@${tag}`;
  const runId = `gov-run-${tag}`;
  const start = Date.now() - 3_600_000;
  const res = await request.post("/api/v1/runs", {
    headers: auth,
    data: {
      runs: [
        {
          id: runId,
          sessionId: `gov-s-${tag}`,
          workflow: "refund-request",
          model: "gov-model",
          promptVersion: tag,
          release,
          startedAt: new Date(start).toISOString(),
          endedAt: new Date(start + 2_000).toISOString(),
          outcome: "failure",
          failure: { category: "tool_error", reason },
          costUsd: 0.02,
          toolCalls: [{ name: "ticketing.create", startedAt: new Date(start).toISOString(), endedAt: new Date(start + 1_500).toISOString(), status: "timeout" }],
        },
      ],
    },
  });
  expect(res.status(), await res.text()).toBe(200);

  // --- The SRE writes the first runbook from the empty list.
  const sre = await pageAs(browser, fixtures.users.sre, `/${slug}/runbooks`);
  await expect(sre.getByRole("heading", { name: "Runbooks", level: 1 })).toBeVisible();
  await expect(sre.getByText("No runbooks yet")).toBeVisible();
  await sre.getByRole("button", { name: "New runbook" }).click();
  const dialog = sre.getByRole("dialog", { name: "New runbook" });
  await dialog.getByLabel("Title").fill("Ticketing timeouts");
  await dialog.getByLabel("Failure category").selectOption("tool_error");
  await dialog.getByLabel("Failure reason").fill(reason);
  await dialog.getByLabel("Body (Markdown)").fill("## Steps\n\n1. Check the ticketing status page\n2. Retry once");
  await dialog.getByRole("tab", { name: "Preview" }).click();
  await expect(dialog.getByTestId("runbook-preview").getByRole("heading", { name: "Steps" })).toBeVisible();
  await dialog.getByRole("button", { name: "Create runbook" }).click();
  await expect(sre.getByRole("heading", { name: "Ticketing timeouts", level: 1 })).toBeVisible();
  await expect(sre.getByText(/· v1$/)).toBeVisible();
  await expect(sre.getByTestId("runbook-version")).toHaveCount(1);

  // --- Edit: version 2, whose body tries every trick; nothing runs.
  let dialogs = 0;
  sre.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  const evil = [
    "## Steps v2",
    "",
    "<script>window.__pwned = 1; alert(1)</script>",
    "",
    "[open the console](javascript:alert(2))",
    "",
    '<img src=x onerror="window.__pwned = 3; alert(3)">',
    "",
    "1. Page the vendor",
  ].join("\n");
  await sre.getByRole("button", { name: "Edit" }).click();
  await sre.getByLabel("Body (Markdown)").fill(evil);
  await sre.getByRole("button", { name: "Save new version" }).click();
  await expect(sre.getByText(/· v2$/)).toBeVisible();
  const body = sre.getByTestId("markdown");
  await expect(body.getByRole("heading", { name: "Steps v2" })).toBeVisible();
  await expect(body.getByText("Page the vendor")).toBeVisible();
  // Raw HTML shows as text; no script, no img, and the link keeps no javascript: target.
  await expect(body.getByText('<img src=x onerror="window.__pwned = 3; alert(3)">')).toBeVisible();
  await expect(body.locator("script, img, iframe")).toHaveCount(0);
  await expect(body.locator("a[href^='javascript:' i]")).toHaveCount(0);
  await expect(body.getByText("open the console")).toBeVisible();
  expect(await sre.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toBe(0);

  // History: two versions, by the SRE; version 1 opens in place.
  const versions = sre.getByTestId("runbook-version");
  await expect(versions).toHaveCount(2);
  await expect(versions.first()).toContainText("v2");
  await expect(versions.first()).toContainText(fixtures.users.sre.email);
  await expect(versions.nth(1)).toContainText(fixtures.users.sre.email);
  await sre.getByRole("button", { name: "View version 1" }).click();
  await expect(sre.getByText(/Viewing version 1 by/)).toBeVisible();
  await expect(body.getByText("Check the ticketing status page")).toBeVisible();
  await sre.getByRole("button", { name: "Back to the current version" }).click();
  await expect(body.getByText("Page the vendor")).toBeVisible();
  await shootPage(sre, "governance-runbook");
  const runbookUrl = sre.url();

  // Where it applies: the failing run and the Failures page.
  await sre.goto(`/${slug}/traces/${runId}`);
  await expect(sre.getByTestId("runbooks-for").getByRole("link", { name: "Ticketing timeouts" })).toBeVisible();
  await sre.goto(`/${slug}/failures?range=7d`);
  const row = sre.getByTestId("failure-reason-row").filter({ hasText: reason });
  await expect(row.getByTestId("runbooks-for-badge")).toHaveText("Runbook");
  await sre.goto(`/${slug}/runbooks`);
  await expect(sre.getByTestId("runbook-row")).toHaveCount(1);
  await shootPage(sre, "governance-runbooks");

  // --- The owner: a risk with a past review date is overdue, in red; a future date clears it.
  const owner = await pageAs(browser, fixtures.users.owner, `/${slug}/risks`);
  await expect(owner.getByText("No risks yet")).toBeVisible();
  await owner.getByRole("button", { name: "New risk" }).click();
  const riskDialog = owner.getByRole("dialog", { name: "New risk" });
  await riskDialog.getByLabel("Title").fill("Refund quality drifts after prompt changes");
  await riskDialog.getByLabel("Likelihood (1–5)").selectOption("4");
  await riskDialog.getByLabel("Impact (1–5)").selectOption("5");
  await riskDialog.getByLabel("Owner").selectOption(fixtures.users.owner.email);
  await riskDialog.getByLabel("Review date").fill("2020-01-15");
  await riskDialog.getByLabel("Mitigation").fill("Gold set on every prompt release");
  await riskDialog.getByLabel("Runbooks").selectOption({ label: "Ticketing timeouts" });
  await riskDialog.getByRole("button", { name: "Create risk" }).click();
  const riskRow = owner.getByTestId("risk-row");
  await expect(riskRow).toHaveCount(1);
  await expect(riskRow).toContainText("20");
  await expect(riskRow).toContainText("Linked: Ticketing timeouts");
  const review = riskRow.getByTestId("risk-review");
  await expect(review).toContainText("Review overdue");
  await expect(review).toHaveClass(/text-rose-700/);
  await expect(owner.getByTestId("risk-heatmap").getByTitle("Likelihood 4 × impact 5: 1")).toHaveText("1");
  await shootPage(owner, "governance-risks");
  await owner.getByRole("button", { name: "Edit Refund quality drifts after prompt changes" }).click();
  const editDialog = owner.getByRole("dialog", { name: "Edit risk" });
  await editDialog.getByLabel("Review date").fill("2099-12-31");
  await editDialog.getByRole("button", { name: "Save risk" }).click();
  await expect(review).toHaveText("2099-12-31");
  await expect(review).not.toHaveClass(/text-rose-700/);

  // Ownership: release gates to the owner; the gates page names them.
  await owner.goto(`/${slug}/ownership`);
  await owner.getByLabel("Owner of Platform standards & release gates (CTO)").selectOption(fixtures.users.owner.email);
  await owner.getByRole("button", { name: "Save ownership" }).click();
  await expect(owner.getByText("Saved")).toBeVisible();
  await shootPage(owner, "governance-ownership");
  await owner.goto(`/${slug}/releases/${encodeURIComponent(release)}`);
  await expect(owner.getByTestId("area-owner-release_gates")).toContainText(fixtures.users.owner.email);

  // --- A viewer: lists, no edit controls, no runbook body.
  const viewer = await pageAs(browser, fixtures.users.viewer, `/${slug}/runbooks`);
  await expect(viewer.getByTestId("runbook-row")).toHaveCount(1);
  await expect(viewer.getByTestId("runbook-row").getByRole("link")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "New runbook" })).toHaveCount(0);
  await viewer.goto(`/${slug}/risks`);
  await expect(viewer.getByTestId("risk-row")).toHaveCount(1);
  await expect(viewer.getByRole("button", { name: "New risk" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Edit / })).toHaveCount(0);
  await viewer.goto(`/${slug}/ownership`);
  await expect(viewer.getByTestId("ownership-release_gates")).toContainText(fixtures.users.owner.email);
  await expect(viewer.getByRole("button", { name: "Save ownership" })).toHaveCount(0);
  // The page's own check (the layout lets viewers into /runbooks): the 403 page, after the streamed skeleton.
  await viewer.goto(new URL(runbookUrl).pathname);
  await expect(viewer.getByRole("heading", { level: 1 })).toHaveText(/^Your role \(viewer\) can't open /);
  await expect(viewer.getByText("Page the vendor")).toHaveCount(0);
  const api = await viewer.request.get(`/api/v1/runbooks/${new URL(runbookUrl).pathname.split("/").pop()}?project=${slug}`);
  expect(api.status()).toBe(403);
});
