// Issue 5: an incident can be opened from a failure reason, not only from a run. Uses project
// `e2e` with a failure reason of its own, so the demo project's incident counts stay untouched.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";

test("sre opens a SEV3 incident from a failure reason on the failures page; a viewer has no such button", async ({ page, request, browser }) => {
  const tag = randomBytes(4).toString("hex");
  const reason = `vendor quota exhausted ${tag}`;
  const started = new Date(Date.now() - 3_600_000);
  const runs = [0, 1].map((i) => ({
    id: `iff-${tag}-${i}`,
    sessionId: `iff-${tag}`,
    workflow: `iff-${tag}`,
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: new Date(started.getTime() + i * 1000).toISOString(),
    endedAt: new Date(started.getTime() + i * 1000 + 500).toISOString(),
    outcome: "failure",
    failure: { category: "tool_error", reason },
    costUsd: 0.01,
    toolCalls: [],
  }));
  const ingest = await request.post("/api/v1/runs", {
    headers: { Authorization: `Bearer ${fixtures.keys.ingestRead}` },
    data: { runs },
  });
  expect(await ingest.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });

  const slug = fixtures.projects.main.slug;
  await signedIn(page, fixtures.users.sre, { callbackUrl: `/${slug}/failures?range=24h&workflow=iff-${tag}` });
  await page.goto(`/${slug}/failures?range=24h&workflow=iff-${tag}`);
  const table = page.getByRole("table", { name: "Top failure reasons" });
  const row = table.getByRole("row").filter({ hasText: reason });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: "Open incident" }).click();
  const dialog = page.getByRole("dialog", { name: "Open incident" });
  await expect(dialog.getByLabel("Title")).toHaveValue(reason);
  await expect(dialog).toContainText(`Failure: tool error · ${reason}`);
  await dialog.getByLabel("Severity").selectOption("SEV3");
  await dialog.getByRole("button", { name: "Open SEV3 incident" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/incidents/\\d+$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(reason);
  await expect(page.getByText("SEV3").first()).toBeVisible();

  const viewerCtx = await browser.newContext();
  const viewer = await viewerCtx.newPage();
  await signedIn(viewer, fixtures.users.viewer, { callbackUrl: `/${slug}/failures?range=24h&workflow=iff-${tag}` });
  await viewer.goto(`/${slug}/failures?range=24h&workflow=iff-${tag}`);
  await expect(viewer.getByRole("table", { name: "Top failure reasons" }).getByRole("row").filter({ hasText: reason })).toHaveCount(1);
  await expect(viewer.getByRole("button", { name: "Open incident" })).toHaveCount(0);
  await viewerCtx.close();
});
