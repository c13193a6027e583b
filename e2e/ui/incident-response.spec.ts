// Issue 18, incident response, as people do it in project `e2e` (a failure reason and workflow of
// the spec's own, so no other spec's numbers move): an SRE opens an incident from a failing run
// (whose runbook shows there and on the incident), becomes commander, previews a stakeholder update, copies it, marks it sent (it shows on the
// timeline), resolves; the owner edits the generated postmortem draft, saves, publishes and
// downloads it; a viewer reads the incident and the postmortem with no edit controls. The owner
// edits a severity tier, and a template with <script>, a javascript: link and raw HTML renders
// inert in the settings preview and the incident's update preview (the defaults restored after).
// Screenshots at 1440 and 390; the pages never scroll sideways.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { DESKTOP, expectNoHorizontalOverflow, PHONE } from "../support/layout";
import { SHOTS } from "../support/shots";

test.describe.configure({ mode: "serial" });

const slug = fixtures.projects.main.slug;
const tag = randomBytes(4).toString("hex");
const reason = `payment gateway 502 ${tag}`;
let number = 0;

async function shoot(page: Page, name: string) {
  for (const [label, size] of [["1440", DESKTOP], ["390", PHONE]] as const) {
    await page.setViewportSize(size);
    await expectNoHorizontalOverflow(page, `${name} at ${label}`);
    await page.screenshot({ path: `${SHOTS}/${name}-${label}.png` });
  }
  await page.setViewportSize(DESKTOP);
}

/** A write from the signed-in browser (same origin, the page's session). */
async function browserPut(page: Page, path: string, body: unknown): Promise<number> {
  return page.evaluate(
    async ([p, b]) => (await fetch(p as string, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(b) })).status,
    [`${path}?project=${slug}`, body] as const,
  );
}

test("an SRE opens an incident from a failing run, sees its runbook, becomes commander, sends a stakeholder update and resolves", async ({ page, context, request }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: fixtures.baseURL });
  const started = Date.now() - 3_600_000;
  const runs = [0, 1, 2].map((i) => ({
    id: `ir-${tag}-${i}`,
    sessionId: `ir-${tag}-${i % 2}`,
    workflow: `ir-${tag}`,
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: new Date(started + i * 1000).toISOString(),
    endedAt: new Date(started + i * 1000 + 500).toISOString(),
    outcome: "failure",
    failure: { category: "tool_error", reason },
    costUsd: 0.01,
    toolCalls: [],
  }));
  const ingest = await request.post("/api/v1/runs", { headers: { Authorization: `Bearer ${fixtures.keys.ingestRead}` }, data: { runs } });
  expect(await ingest.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });

  await signedIn(page, fixtures.users.sre, { callbackUrl: `/${slug}/failures?range=24h&workflow=ir-${tag}` });
  // The runbook for this failure (a person writes it; the incident page shows it where it applies).
  const runbookTitle = `Payment gateway 502 ${tag}`;
  const created = await page.evaluate(
    async ([p, b]) => (await fetch(p, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(b) })).status,
    [`/api/v1/runbooks?project=${slug}`, { title: runbookTitle, body: "1. Check the gateway status page.\n2. Fail over.", category: "tool_error", reason }] as const,
  );
  expect(created).toBe(200);
  // From the failing run: its runbook is shown there, and the incident opened from it links it.
  await page.goto(`/${slug}/traces/${encodeURIComponent(runs[0].id)}`);
  await expect(page.getByTestId("runbooks-for")).toContainText(runbookTitle);
  await page.getByRole("button", { name: "Open incident" }).click();
  const dialog = page.getByRole("dialog", { name: "Open incident" });
  await dialog.getByLabel("Title").fill(reason);
  await dialog.getByLabel("Severity").selectOption("SEV2");
  await dialog.getByRole("button", { name: "Open SEV2 incident" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/incidents/\\d+$`));
  number = Number(page.url().split("/").pop());
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline.getByTestId("timeline-line").first()).toContainText("opened the incident as SEV2");
  await expect(page.getByTestId("target-ack")).toContainText("Pending");
  await expect(page.getByTestId("runbooks-for")).toContainText(runbookTitle);

  await page.getByRole("button", { name: "Become commander" }).click();
  await expect(timeline.getByTestId("timeline-line").filter({ hasText: "commander" })).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Become commander" })).toHaveCount(0);
  await expect(page.getByTestId("target-ack")).toContainText("Met");

  await page.getByRole("button", { name: "Prepare stakeholder update" }).click();
  const preview = page.getByTestId("update-preview");
  await expect(preview).toContainText(`SEV2 incident #${number} ${reason}: open`);
  await expect(preview).toContainText("Commander:");
  await page.getByRole("button", { name: "Copy Markdown" }).click();
  await expect(page.getByText("Copied as Markdown.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`**SEV2 incident #${number} ${reason}: open**`);
  await page.getByRole("button", { name: "Copy text" }).click();
  await expect(page.getByText("Copied as text.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`^SEV2 incident #${number} .*: open\\n`));
  await page.getByRole("button", { name: "Mark as sent" }).click();
  await expect(timeline.getByTestId("timeline-line").filter({ hasText: "sent a stakeholder update to executives" })).toHaveCount(1);
  await expect(timeline.getByTestId("timeline-update")).toContainText(`SEV2 incident #${number}`);
  await expect(page.getByTestId("target-updates")).toContainText("1 sent");
  await shoot(page, "incident-response");

  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(timeline.getByTestId("timeline-line").filter({ hasText: "changed status from open to resolved" })).toHaveCount(1);
  await expect(page.getByTestId("incident-resolved-at")).not.toHaveText("—");
});

test("the owner edits the generated postmortem, saves, publishes and downloads it; a viewer reads it without edit controls", async ({ page, browser }) => {
  expect(number).toBeGreaterThan(0);
  await signedIn(page, fixtures.users.owner, { callbackUrl: `/${slug}/incidents/${number}` });
  await page.goto(`/${slug}/incidents/${number}`);
  await page.getByRole("link", { name: "Postmortem" }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${number}/postmortem$`));
  await expect(page.getByTestId("postmortem-status")).toContainText("Generated draft");
  const editor = page.getByLabel("Postmortem Markdown");
  await expect(editor).toHaveValue(new RegExp(`# Postmortem: #${number} `));
  await expect(editor).toHaveValue(/sent a stakeholder update to executives/);
  await expect(page.getByRole("button", { name: "Publish" })).toBeDisabled();
  const text = (await editor.inputValue()).replace("_What happened, in two or three sentences, for someone who was not there._", `The payment gateway returned 502s ${tag}.`);
  await editor.fill(text);
  await expect(page.getByTestId("postmortem-preview")).toContainText(`The payment gateway returned 502s ${tag}.`);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("postmortem-status")).toContainText("saved by");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("postmortem-status")).toContainText("Published");
  await expect(page.getByLabel("Postmortem Markdown")).toHaveCount(0);
  await expect(page.getByTestId("postmortem-preview")).toContainText(`The payment gateway returned 502s ${tag}.`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download Markdown" }).click()]);
  expect(download.suggestedFilename()).toBe(`${slug}-incident-${number}-postmortem.md`);
  const file = readFileSync((await download.path())!, "utf8");
  expect(file).toContain(`The payment gateway returned 502s ${tag}.`);
  expect(file).toContain(`# Postmortem: #${number} ${reason}`);
  await shoot(page, "incident-postmortem");

  const viewerCtx = await browser.newContext();
  const viewer = await viewerCtx.newPage();
  await signedIn(viewer, fixtures.users.viewer, { callbackUrl: `/${slug}/incidents/${number}` });
  await viewer.goto(`/${slug}/incidents/${number}`);
  await expect(viewer.getByRole("heading", { level: 1 })).toContainText(reason);
  await expect(viewer.getByRole("list", { name: "Timeline" }).getByTestId("timeline-line").filter({ hasText: "published the postmortem" })).toHaveCount(1);
  for (const name of ["Become commander", "Prepare stakeholder update", "Create fix item", "Add note", "Link runs…"])
    await expect(viewer.getByRole("button", { name })).toHaveCount(0);
  await expect(viewer.getByLabel("Add a note (plain text)")).toHaveCount(0);
  await expect(viewer.getByRole("table", { name: "Linked runs" })).toHaveCount(0);
  await viewer.getByRole("link", { name: "Postmortem" }).click();
  await expect(viewer.getByTestId("postmortem-status")).toContainText("Published");
  await expect(viewer.getByLabel("Postmortem Markdown")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Publish" })).toHaveCount(0);
  await shoot(viewer, "incident-viewer-postmortem");
  await viewerCtx.close();
});

test("the owner edits a severity tier; a template with a script, a javascript: link and raw HTML renders inert", async ({ page }) => {
  expect(number).toBeGreaterThan(0);
  await signedIn(page, fixtures.users.owner, { callbackUrl: `/${slug}/incidents/settings` });
  await page.addInitScript(() => ((window as unknown as { __xss: number }).__xss = 0));
  await page.goto(`/${slug}/incidents/settings`);
  try {
    const sev4 = page.getByRole("group", { name: "SEV4" });
    await expect(sev4.getByLabel("Update every (min)")).toHaveValue("");
    await sev4.getByLabel("Update every (min)").fill("720");
    await page.getByRole("button", { name: "Save tiers" }).click();
    await expect(page.getByText("Saved.").first()).toBeVisible();
    await page.reload();
    await expect(page.getByRole("group", { name: "SEV4" }).getByLabel("Update every (min)")).toHaveValue("720");

    const evil = [
      "**{{severity}}** <script>window.__xss = 1</script>",
      "",
      "[click me](javascript:window.__xss=2) <img src=x onerror=\"window.__xss=3\"> <b>bold?</b>",
    ].join("\n");
    await page.getByLabel("Executives template").fill(evil);
    const settingsPreview = page.getByTestId("template-preview-executives");
    await expect(settingsPreview).toContainText("<script>window.__xss = 1</script>");
    await expect(settingsPreview.locator("script, img, b, iframe")).toHaveCount(0);
    await expect(settingsPreview.locator("a[href^='javascript']")).toHaveCount(0);
    await page.getByRole("button", { name: "Save templates" }).click();
    await expect(page.getByText("Saved.").nth(0)).toBeVisible();
    await shoot(page, "incident-settings");

    await page.goto(`/${slug}/incidents/${number}`);
    await page.getByRole("button", { name: "Prepare stakeholder update" }).click();
    const preview = page.getByTestId("update-preview");
    await expect(preview).toContainText("SEV2");
    await expect(preview).toContainText("<img src=x onerror=");
    await expect(preview.locator("script, img, b, iframe")).toHaveCount(0);
    await expect(preview.locator("a[href^='javascript']")).toHaveCount(0);
    await expect(preview.getByText("click me")).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __xss: number }).__xss)).toBe(0);
    await preview.getByText("click me").click();
    expect(await page.evaluate(() => (window as unknown as { __xss: number }).__xss)).toBe(0);
  } finally {
    // Back to Keel's defaults for the next run (the spec's project is shared).
    const { DEFAULT_SEVERITY_TIERS, DEFAULT_UPDATE_TEMPLATES } = await import("../../lib/shared/incident-response");
    expect(await browserPut(page, "/api/v1/settings/severities", { tiers: DEFAULT_SEVERITY_TIERS })).toBe(200);
    expect(await browserPut(page, "/api/v1/settings/update-templates", { templates: DEFAULT_UPDATE_TEMPLATES })).toBe(200);
  }
});
