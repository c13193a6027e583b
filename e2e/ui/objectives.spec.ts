// Issue 15: an owner drafts an objective, an admin approves it, failures ingested turn it
// "Breached" on the overview, an evaluation fires its alert, and an SRE acknowledges the alert and
// opens an incident from it. Project `e2e`, on a workflow of its own. Screenshots of the pages at
// desktop and phone width go to e2e/screenshots/pages/objectives-*.png.
// Before the evaluation the admin adds a webhook channel in Settings, pointing at a receiver this
// spec runs: the alert then shows its delivery log, "Delivered" once the server's delivery worker
// has sent it. A second objective, drafted with "Open an incident automatically when it pages",
// shows its incident on its alert without anyone pressing "Open incident".
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { fixtures } from "../support/fixtures";
import { pageAs as as, shootPage as shoot } from "../support/pages";

const slug = fixtures.projects.main.slug;

let receiver: Server;
let receiverUrl: string;
const received: { event: string | undefined; delivery: string | undefined }[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received.push({ event: req.headers["x-keel-event"] as string | undefined, delivery: req.headers["x-keel-delivery"] as string | undefined });
      res.writeHead(200, { connection: "close" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/objectives-e2e`;
});
test.afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

test("objective: owner drafts, admin approves, failures breach it, the alert fires, an SRE acknowledges and opens an incident", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const tag = randomBytes(4).toString("hex");
  const workflow = `slo-${tag}`;
  const title = `Success rate ≥ 95% · ${workflow} · 28 d`;

  // The owner drafts it.
  const owner = await as(browser, fixtures.users.owner, `/${slug}/objectives`);
  await expect(owner.getByRole("heading", { level: 1, name: "Objectives" })).toBeVisible();
  await owner.getByRole("button", { name: "New objective" }).click();
  await owner.getByLabel("Workflow").fill(workflow);
  await owner.getByLabel("Target (%)").fill("100");
  await owner.getByRole("button", { name: "Save draft" }).click();
  await expect(owner.getByText("zero error budget")).toBeVisible();
  await owner.getByLabel("Target (%)").fill("95");
  await owner.getByRole("button", { name: "Save draft" }).click();
  const ownerRow = owner.getByRole("row").filter({ hasText: title });
  await expect(ownerRow).toContainText("Draft");
  await expect(ownerRow).toContainText("No data");

  // A second objective that opens its incident by itself when it pages.
  const autoWorkflow = `auto-${tag}`;
  const autoTitle = `Success rate ≥ 95% · ${autoWorkflow} · 28 d`;
  await owner.getByRole("button", { name: "New objective" }).click();
  await owner.getByLabel("Workflow").fill(autoWorkflow);
  await owner.getByRole("checkbox", { name: /Open an incident automatically when it pages/ }).check();
  await shoot(owner, "objectives-form-auto-incident");
  await owner.getByRole("button", { name: "Save draft" }).click();
  await expect(owner.getByRole("row").filter({ hasText: autoTitle })).toContainText("Draft");

  // The owner edits it: its period to 7 days and back; the form opens filled and closes on Save.
  const editForm = owner.getByText("Edit objective", { exact: true });
  await owner.getByRole("row").filter({ hasText: autoTitle }).getByRole("button", { name: "Edit" }).click();
  await expect(editForm).toBeVisible();
  await expect(owner.getByLabel("Workflow")).toHaveValue(autoWorkflow);
  await owner.getByLabel("Period (days)").fill("7");
  await owner.getByRole("button", { name: "Save", exact: true }).click();
  await expect(editForm).toHaveCount(0);
  const weekTitle = `Success rate ≥ 95% · ${autoWorkflow} · 7 d`;
  await expect(owner.getByRole("row").filter({ hasText: weekTitle })).toContainText("Draft");
  await owner.getByRole("row").filter({ hasText: weekTitle }).getByRole("button", { name: "Edit" }).click();
  await owner.getByLabel("Period (days)").fill("28");
  await owner.getByRole("button", { name: "Save", exact: true }).click();
  await expect(editForm).toHaveCount(0);
  await expect(owner.getByRole("row").filter({ hasText: autoTitle })).toContainText("Draft");

  // The admin approves it.
  const admin = await as(browser, fixtures.users.admin, `/${slug}/objectives`);
  const adminRow = admin.getByRole("row").filter({ hasText: title });
  await adminRow.getByRole("button", { name: "Approve" }).click();
  await expect(adminRow).toContainText("Approved");
  await expect(adminRow).toContainText(`approved by ${fixtures.users.admin.email}`);
  const autoRow = admin.getByRole("row").filter({ hasText: autoTitle });
  await autoRow.getByRole("button", { name: "Approve" }).click();
  await expect(autoRow).toContainText("Approved");

  // The admin adds a webhook channel in Settings → Channels, pointing at this spec's receiver.
  const channelName = `Alerts hook ${tag}`;
  await admin.goto(`/${slug}/settings`);
  await admin.getByTestId("channels-panel").getByRole("button", { name: "Add channel" }).first().click();
  const dialog = admin.getByRole("dialog", { name: "Add notification channel" });
  await dialog.getByLabel("Name").fill(channelName);
  await dialog.getByLabel("URL").fill(receiverUrl);
  await dialog.getByRole("button", { name: "Add channel" }).click();
  await expect(dialog.getByRole("heading", { name: `Signing secret of “${channelName}”` })).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(admin.getByRole("table", { name: "Notification channels" }).getByRole("row").filter({ hasText: channelName })).toContainText("Webhook");

  // Failures arrive: 30 runs over the last 30 minutes, 27 failed.
  const now = Date.now();
  const runs = Array.from({ length: 30 }, (_, i) => ({
    id: `${workflow}-${i}`,
    sessionId: `${workflow}-${i}`,
    workflow,
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: new Date(now - (i + 1) * 60_000).toISOString(),
    endedAt: new Date(now - (i + 1) * 60_000 + 800).toISOString(),
    outcome: i < 27 ? "failure" : "success",
    ...(i < 27 ? { failure: { category: "tool_error", reason: "payments API down" } } : {}),
    costUsd: 0.01,
    toolCalls: [],
  }));
  const ingest = await request.post("/api/v1/runs", { headers: { Authorization: `Bearer ${fixtures.keys.ingestRead}` }, data: { runs } });
  expect(await ingest.json()).toEqual({ accepted: 30, duplicates: 0, rejected: [] });
  const autoRuns = runs.map((r) => ({ ...r, id: r.id.replace(workflow, autoWorkflow), sessionId: r.sessionId.replace(workflow, autoWorkflow), workflow: autoWorkflow }));
  const autoIngest = await request.post("/api/v1/runs", { headers: { Authorization: `Bearer ${fixtures.keys.ingestRead}` }, data: { runs: autoRuns } });
  expect(await autoIngest.json()).toEqual({ accepted: 30, duplicates: 0, rejected: [] });

  // The overview shows it breached, with its budget left: 1 - 27/(0.05*30) = -1700%.
  await admin.goto(`/${slug}`);
  const card = admin.getByTestId("overview-objective").filter({ hasText: title });
  await expect(card).toContainText("Breached");
  await expect(card).toContainText("10.00% · budget left −1700.0%");
  await shoot(admin, "objectives-overview");

  // An evaluation (the server's loop does one a minute) fires a page.
  await admin.goto(`/${slug}/objectives`);
  await admin.getByRole("button", { name: "Evaluate now" }).click();
  await expect(admin.getByRole("row").filter({ hasText: title })).toContainText("Page");
  await shoot(admin, "objectives-list");
  await admin.getByRole("link", { name: title }).click();
  await expect(admin.getByRole("heading", { level: 1, name: title })).toBeVisible();
  // Burn over the last hour: (27/30)/0.05 = 18; the last 5 minutes are all failures: 1/0.05 = 20.
  const burns = admin.getByRole("table").filter({ hasText: "Alerts when" });
  await expect(burns).toContainText("18.00");
  await expect(burns).toContainText("20.00");
  await expect(admin.getByRole("link", { name: "The bad runs →" })).toHaveAttribute("href", new RegExp(`outcome=failure.*workflow=${workflow}|workflow=${workflow}.*outcome=failure`));
  await shoot(admin, "objectives-detail");

  // The SRE acknowledges the firing alert and opens an incident from it.
  const sre = await as(browser, fixtures.users.sre, `/${slug}/alerts`);
  const alert = sre.getByTestId("alert").filter({ hasText: title });
  await expect(alert).toContainText("Firing");
  await expect(alert).toContainText("Page");
  // Its delivery log: the webhook channel got alert.firing; the server's worker sends it within seconds.
  const delivery = alert.getByRole("region", { name: "Deliveries" }).getByTestId("alert-delivery").filter({ hasText: channelName });
  await expect(delivery).toContainText("Webhook");
  await expect(delivery).toContainText("alert.firing");
  await expect(delivery).toContainText("Delivered", { timeout: 30_000 });
  await expect(delivery).toContainText("1 attempt");
  await expect(delivery).toContainText("HTTP 200");
  expect(received.filter((r) => r.event === "alert.firing").length).toBeGreaterThanOrEqual(1);
  await alert.getByRole("button", { name: "Acknowledge" }).click();
  await expect(alert).toContainText(`Acknowledged by ${fixtures.users.sre.email}`);
  await expect(alert.getByRole("list", { name: "Timeline" })).toContainText("Acknowledged by");
  await shoot(sre, "objectives-alerts");
  await alert.getByRole("button", { name: "Open incident" }).click();
  await expect(sre).toHaveURL(new RegExp(`/${slug}/incidents/\\d+$`));
  await expect(sre.getByRole("heading", { level: 1 })).toContainText(`Page: ${title}`);
  await expect(sre.getByText("SEV1").first()).toBeVisible();

  // The auto-incident objective's alert already has its incident: nobody pressed "Open incident".
  await sre.goto(`/${slug}/alerts`);
  const autoAlert = sre.getByTestId("alert").filter({ hasText: autoTitle });
  await expect(autoAlert).toContainText("Firing");
  await expect(autoAlert.getByRole("list", { name: "Timeline" })).toContainText("Incident opened by Keel");
  await expect(autoAlert.getByRole("button", { name: "Open incident" })).toHaveCount(0);
  await expect(autoAlert.getByTestId("alert-delivery").filter({ hasText: channelName })).toContainText("Delivered", { timeout: 30_000 });
  await shoot(sre, "objectives-alerts-auto-incident");
  await autoAlert.getByRole("link", { name: /^Incident #\d+ →$/ }).click();
  await expect(sre).toHaveURL(new RegExp(`/${slug}/incidents/\\d+$`));
  await expect(sre.getByRole("heading", { level: 1 })).toContainText(`Page: ${autoTitle}`);
  await expect(sre.getByTestId("timeline-line").first()).toHaveText("Keel opened the incident as SEV1 from a burn-rate alert");

  // A viewer sees the objectives, but no button to write them.
  const viewer = await as(browser, fixtures.users.viewer, `/${slug}/objectives`);
  await expect(viewer.getByRole("row").filter({ hasText: title })).toContainText("Approved");
  await expect(viewer.getByRole("button", { name: "New objective" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Approve" })).toHaveCount(0);
  // The viewer reads the delivery log too, without the hint to add a channel (not theirs to manage).
  await viewer.goto(`/${slug}/alerts`);
  await expect(viewer.getByTestId("alert").filter({ hasText: title }).getByTestId("alert-delivery").filter({ hasText: channelName })).toContainText("Delivered");

  // Leave the project's channels as found.
  const channels = (await (await admin.request.get(`/api/v1/channels?project=${slug}`)).json()) as { channels: { id: string; name: string }[] };
  for (const c of channels.channels.filter((c) => c.name === channelName)) expect((await admin.request.delete(`/api/v1/channels/${c.id}?project=${slug}`)).status()).toBe(200);
});
