// Persona: the SRE works an incident in the browser. From a failure reason's number on the
// Failures page they open an incident, pick its commander from the members, write a note, link
// two runs by picking them in the "Link runs" dialog, and read all of it on the timeline, in
// order. Phone (390×844) and print (A4) never scroll the page sideways. The runs are sent the way
// an agent sends them (POST /api/v1/runs); everything the SRE does is clicks and typing.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../support/auth";
import { fixtures } from "../support/fixtures";
import { DESKTOP, expectNoHorizontalOverflow, expectPrintFits, PHONE } from "../support/layout";

const slug = fixtures.projects.main.slug;
const sre = fixtures.users.sre.email;
const owner = fixtures.users.owner.email;

const timelineLines = (page: Page) => page.getByRole("list", { name: "Timeline" }).getByTestId("timeline-line");

test("sre: open from a failure number, pick a commander, note, link two picked runs; the timeline says it all in order", async ({ page, request }) => {
  const tag = randomBytes(4).toString("hex");
  const reason = `payments API 502 ${tag}`;
  const workflow = `psi-${tag}`;
  const started = Date.now() - 3_600_000;
  const runs = [0, 1, 2].map((i) => ({
    id: `psi-${tag}-${i}`,
    sessionId: `psi-${tag}-s${i}`,
    workflow,
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: new Date(started + i * 60_000).toISOString(),
    endedAt: new Date(started + i * 60_000 + 800).toISOString(),
    outcome: "failure",
    failure: { category: "tool_error", reason },
    costUsd: 0.02,
    toolCalls: [],
  }));
  const ingest = await request.post("/api/v1/runs", { headers: { Authorization: `Bearer ${fixtures.keys.ingestRead}` }, data: { runs } });
  expect(await ingest.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });

  // The number: the Failures page counts 3 failures of this reason; the incident opens from that row.
  const failuresUrl = `/${slug}/failures?range=24h&workflow=${workflow}`;
  await signIn(page, fixtures.users.sre, { callbackUrl: failuresUrl });
  await page.goto(failuresUrl);
  const row = page.getByRole("table", { name: "Top failure reasons" }).getByRole("row").filter({ hasText: reason });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("link", { name: "3", exact: true })).toBeVisible();
  await row.getByRole("button", { name: "Open incident" }).click();
  const open = page.getByRole("dialog", { name: "Open incident" });
  await expect(open.getByLabel("Title")).toHaveValue(reason);
  await open.getByLabel("Severity").selectOption("SEV2");
  await open.getByRole("button", { name: "Open SEV2 incident" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/incidents/\\d+$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(reason);
  await expect(timelineLines(page)).toHaveText([`${sre} opened the incident as SEV2 for tool error · ${reason}`]);

  // The commander is picked from the project's members, not typed.
  const commander = page.getByLabel("Commander");
  await expect(commander.locator("option", { hasText: `${owner} (owner)` })).toHaveCount(1);
  await commander.selectOption({ label: `${owner} (owner)` });
  await expect(commander).toHaveValue(owner);
  await expect(timelineLines(page).nth(1)).toHaveText(`${sre} made ${owner} commander`);

  // A note is plain text: markup in it stays text.
  const note = `Vendor confirms 502s on /charge; retry storm from our side. <b>not bold</b>`;
  await page.getByLabel("Add a note (plain text)").fill(note);
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByTestId("timeline-note")).toHaveText(note);
  await expect(page.getByTestId("timeline-note").locator("b")).toHaveCount(0);
  await expect(page.getByLabel("Add a note (plain text)")).toHaveValue("");

  // Link runs by picking: the dialog searches the project's runs with the incident's failure prefilled.
  await page.getByRole("button", { name: "Link runs…" }).click();
  const picker = page.getByRole("dialog", { name: "Link runs" });
  await expect(picker.getByLabel("Failure reason")).toHaveValue(reason);
  await expect(picker.getByLabel("Outcome")).toHaveValue("failure");
  const list = picker.getByRole("list", { name: "Matching runs" });
  await expect(list.getByRole("listitem")).toHaveCount(3);
  await expect(picker.getByText("3 matching runs")).toBeVisible();
  await page.setViewportSize(DESKTOP);
  await picker.getByRole("checkbox", { name: `Run psi-${tag}-2` }).check();
  await picker.getByRole("checkbox", { name: `Run psi-${tag}-0` }).check();
  await expect(picker.getByText("2 selected")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/incident-link-runs.png" });
  await picker.getByRole("button", { name: "Link 2 runs" }).click();
  await expect(picker).toBeHidden();

  const linked = page.getByRole("table", { name: "Linked runs" });
  await expect(linked.getByRole("link")).toHaveText([`psi-${tag}-2`, `psi-${tag}-0`]);
  const expected = [
    `${sre} opened the incident as SEV2 for tool error · ${reason}`,
    `${sre} made ${owner} commander`,
    `${sre} added a note`,
    `${sre} linked 2 runs`,
  ];
  await expect(timelineLines(page)).toHaveText(expected);
  // The same after a reload: it is stored, in order.
  await page.reload();
  await expect(timelineLines(page)).toHaveText(expected);
  await expect(page.getByTestId("timeline-note")).toHaveText(note);
  await expect(page.getByLabel("Commander")).toHaveValue(owner);

  // Runs already linked show as such when the dialog opens again.
  await page.getByRole("button", { name: "Link runs…" }).click();
  const again = page.getByRole("dialog", { name: "Link runs" });
  await expect(again.getByRole("checkbox", { name: `Run psi-${tag}-0` })).toBeDisabled();
  await expect(again.getByRole("checkbox", { name: `Run psi-${tag}-1` })).toBeEnabled();
  await again.getByRole("button", { name: "Cancel" }).click();
  await expect(again).toBeHidden();

  await expectNoHorizontalOverflow(page, "incident (desktop)");
  await page.screenshot({ path: "e2e/screenshots/incident-detail.png", fullPage: true });
  await expectPrintFits(page, "incident");

  await page.setViewportSize(PHONE);
  await expect(timelineLines(page)).toHaveText(expected);
  await expectNoHorizontalOverflow(page, "incident (phone)");
  await page.screenshot({ path: "e2e/screenshots/incident-detail-phone.png", fullPage: true });
  await page.getByRole("button", { name: "Link runs…" }).click();
  await expect(page.getByRole("dialog", { name: "Link runs" }).getByRole("list", { name: "Matching runs" }).getByRole("listitem")).toHaveCount(3);
  await expectNoHorizontalOverflow(page, "incident link-runs dialog (phone)");
  await page.screenshot({ path: "e2e/screenshots/incident-link-runs-phone.png" });
});
