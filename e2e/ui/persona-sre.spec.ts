// Persona: the SRE's drill from a bad number to the failing runs, clicking as a person does.
// Tools page → the slowest tool (p95 column) → its trend is the one shown → its p95 opens the runs
// sorted by that tool's slowest call, with the exact total → "not ok" calls only → sort by duration
// by clicking the header → open a run → its waterfall, timestamps dated with the year. Then the same
// pages on a phone (390×844) and in print: no page-level sideways scroll. Screenshots at both sizes.
//
// Then the SRE works an incident in the browser. From a failure reason's number on the
// Failures page they open an incident, pick its commander from the members, write a note, link
// two runs by picking them in the "Link runs" dialog, and read all of it on the timeline, in
// order. Phone (390×844) and print (A4) never scroll the page sideways. The runs are sent the way
// an agent sends them (POST /api/v1/runs); everything the SRE does is clicks and typing.
import { randomBytes } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { DESKTOP, PHONE, expectNoHorizontalOverflow, expectPrintFits } from "../support/layout";
import { SHOTS } from "../support/shots";

const DATED_SECONDS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** "850 ms", "5.0 s", "2 m 05 s", "1 h 02 m" → ms (lib/shared/format.ts formatDurationMs). */
function toMs(text: string): number {
  const t = text.replace(/,/g, "").trim();
  let m = /^([\d.]+) (ms|s)$/.exec(t);
  if (m) return Number(m[1]) * (m[2] === "s" ? 1000 : 1);
  m = /^(\d+) m (\d+) s$/.exec(t);
  if (m) return Number(m[1]) * 60_000 + Number(m[2]) * 1000;
  m = /^(\d+) h (\d+) m$/.exec(t);
  return m ? Number(m[1]) * 3_600_000 + Number(m[2]) * 60_000 : Number.NaN;
}

const count = (text: string) => Number(text.replace(/[^\d]/g, ""));

/** The runs list's total as the page shows it ("1,234 runs"). */
async function shownTotal(page: Page): Promise<number> {
  const total = page.getByTestId("runs-total");
  await expect(total).toHaveText(/^[\d,]+ runs?$/);
  return count(await total.innerText());
}

/**
 * The check of "exact": walk every page of the same query through the API with the person's own
 * session and count the runs (reading only; the page did the work).
 */
async function countByWalking(page: Page): Promise<{ n: number; ids: string[] }> {
  const params = new URL(page.url()).searchParams;
  params.set("project", "demo");
  params.set("limit", "200");
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    if (cursor) params.set("cursor", cursor);
    const res = await page.request.get(`/api/v1/runs?${params}`);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { runs: { id: string }[]; nextCursor: string | null };
    ids.push(...body.runs.map((r) => r.id));
    cursor = body.nextCursor;
  } while (cursor);
  return { n: ids.length, ids };
}

/** The numbers of one column of the runs table, top to bottom (data-ms carries the exact ms). */
async function columnMs(table: Locator, col: string): Promise<number[]> {
  const cells = table.locator(`td[data-col="${col}"]`);
  return (await cells.evaluateAll((tds) => tds.map((td) => Number(td.getAttribute("data-ms"))))).filter((n) => !Number.isNaN(n));
}

const nonIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1] >= x);

test("sre: slowest tool's p95 → its runs sorted by that tool, exact total → not ok → by duration → a run's dated waterfall", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize(DESKTOP);
  await signedIn(page, fixtures.users.sre, { callbackUrl: "/demo/tools" });
  await expect(page.getByRole("heading", { name: "Tools", level: 1 })).toBeVisible();

  // The slowest tool: sort the table by p95 (a click on its header), take the top row.
  const tools = page.getByRole("table", { name: "Tools" });
  await expect(tools.getByTestId("tool-row").first()).toBeVisible();
  const mostCalled = await tools.getByTestId("tool-row").first().getAttribute("data-tool");
  await tools.getByRole("columnheader", { name: /p95/ }).getByRole("button").click();
  await expect(tools.getByRole("columnheader", { name: /p95/ })).toHaveAttribute("aria-sort", "descending");
  const rows = tools.getByTestId("tool-row");
  const slowest = (await rows.first().getAttribute("data-tool"))!;
  const p95s = await rows.locator('td[data-col="p95"]').allInnerTexts();
  expect(nonIncreasing(p95s.map(toMs)), `p95 column sorted: ${p95s.join(", ")}`).toBe(true);
  expect(slowest).not.toBe(mostCalled);

  // The trend beside the bars shows the slowest tool (the top bar), not the most called one;
  // clicking another tool charts that one; clicking back charts the slowest again.
  const trendTitle = page.getByRole("heading", { name: /^Latency of / });
  await expect(trendTitle).toHaveText(`Latency of ${slowest}`);
  await tools.locator(`[data-tool="${mostCalled}"]`).getByRole("button", { name: mostCalled! }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]tool=${encodeURIComponent(mostCalled!).replace(/\./g, "\\.")}(&|$)`));
  await expect(trendTitle).toHaveText(`Latency of ${mostCalled}`);
  await tools.locator(`[data-tool="${slowest}"]`).getByRole("button", { name: slowest }).click();
  await expect(trendTitle).toHaveText(`Latency of ${slowest}`);
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/sre-tools.png` });

  // Its p95 opens its runs, sorted by its slowest call, slowest first.
  await tools.locator(`[data-tool="${slowest}"] td[data-col="p95"]`).getByRole("link").click();
  await expect(page).toHaveURL(/\/demo\/traces\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("tool")).toBe(slowest);
  expect(url.searchParams.get("sort")).toBe("toolLatency");
  expect(url.searchParams.get("order")).toBe("desc");
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs.locator("tbody tr[data-run-id]").first()).toBeVisible();
  await expect(runs.getByRole("columnheader", { name: new RegExp(`${slowest.replace(/\./g, "\\.")}\\s*latency`) })).toHaveAttribute("aria-sort", "descending");
  const allTotal = await shownTotal(page);
  expect(allTotal).toBeGreaterThan(0);
  const walkedAll = await countByWalking(page);
  expect(walkedAll.n).toBe(allTotal);
  expect(new Set(walkedAll.ids).size).toBe(walkedAll.n);
  const latencies = await columnMs(runs, "toolLatency");
  expect(latencies.length).toBe(Math.min(50, allTotal));
  expect(nonIncreasing(latencies), `tool latency sorted desc: ${latencies.slice(0, 10).join(", ")}…`).toBe(true);
  // Run timestamps carry the year.
  await expect(runs.locator('td[data-col="startedAt"]').first()).toHaveText(DATED_SECONDS);

  // The window's From/To fields show their whole value at 1440 px.
  for (const label of ["From (UTC)", "To (UTC)"]) {
    const box = await page.getByLabel(label).boundingBox();
    expect(box!.width, `${label} width`).toBeGreaterThanOrEqual(200);
  }

  // Only the runs where a call of that tool was not ok (error, timeout or blocked).
  await page.getByLabel("Tool status").selectOption({ label: "not ok (error, timeout, blocked)" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]toolStatus=not_ok(&|$)/);
  await expect(page).toHaveURL(/[?&]sort=toolLatency(&|$)/);
  const chip = page.getByRole("list", { name: "Active filters" }).locator('[data-filter="toolStatus"]');
  await expect(chip).toContainText("not ok (error, timeout, blocked)");
  await expect.poll(() => shownTotal(page)).toBeLessThan(allTotal);
  const notOkTotal = await shownTotal(page);
  expect(notOkTotal).toBeGreaterThan(0);
  expect((await countByWalking(page)).n).toBe(notOkTotal);

  // Sort by duration: a click on the Duration header.
  await runs.getByRole("columnheader", { name: "Duration" }).getByRole("button").click();
  await expect(page).toHaveURL(/[?&]sort=duration&order=desc(&|$)/);
  await expect(runs.getByRole("columnheader", { name: "Duration" })).toHaveAttribute("aria-sort", "descending");
  await expect.poll(async () => nonIncreasing(await columnMs(runs, "duration"))).toBe(true);
  expect(await shownTotal(page)).toBe(notOkTotal);
  const durations = await columnMs(runs, "duration");
  expect(durations.length).toBe(Math.min(50, notOkTotal));
  await page.screenshot({ path: `${SHOTS}/sre-traces-sorted.png` });
  const listUrl = page.url();

  // Open the slowest run: its waterfall, the failing call of that tool, dated timestamps.
  const first = runs.locator("tbody tr[data-run-id]").first();
  const runId = (await first.getAttribute("data-run-id"))!;
  await first.getByRole("link", { name: runId }).click();
  // A run page renders on the server; under the full suite's load that can take a while.
  await expect(page).toHaveURL(new RegExp(`/traces/${runId}$`), { timeout: 45_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText(runId, { timeout: 30_000 });
  const calls = page.getByRole("list", { name: "Tool calls" });
  await expect(calls).toBeVisible();
  await expect(page.getByTestId("waterfall-start").locator("time")).toHaveText(DATED_SECONDS);
  await expect(calls.locator(`li:not([data-status="ok"])`).filter({ hasText: slowest }).first()).toBeVisible();
  await page.getByRole("button", { name: /Jump to first failing call/ }).click();
  const opened = calls.locator("li").filter({ has: page.locator("dt", { hasText: "Started" }) }).first();
  await expect(opened.locator("dd time").first()).toHaveText(DATED_SECONDS);
  await page.screenshot({ path: `${SHOTS}/sre-run-waterfall.png`, fullPage: true });
  const runUrl = page.url();

  // Back to the list; the filter chip is removable and the total comes back.
  await page.goBack();
  await expect(page).toHaveURL(listUrl);
  await page.getByRole("button", { name: "Remove filter tool status" }).click();
  await expect(page).not.toHaveURL(/toolStatus=/);
  await expect(page).toHaveURL(/[?&]sort=duration(&|$)/);
  await expect.poll(() => shownTotal(page)).toBe(allTotal);

  // A phone: the traces list and the run page never scroll sideways (the wide table scrolls in its
  // own box); print at A4 fits too.
  await page.setViewportSize(PHONE);
  await page.goto(listUrl);
  await expect(runs.locator("tbody tr[data-run-id]").first()).toBeVisible();
  await expect(page.getByTestId("runs-total")).toHaveText(`${notOkTotal.toLocaleString("en-US")} runs`);
  await expectNoHorizontalOverflow(page, "traces list (phone)");
  await page.screenshot({ path: `${SHOTS}/sre-traces-sorted-phone.png`, fullPage: true });
  await expectPrintFits(page, "traces list");
  await page.goto(runUrl);
  await expect(page.getByRole("list", { name: "Tool calls" })).toBeVisible();
  await expectNoHorizontalOverflow(page, "run page (phone)");
  await page.screenshot({ path: `${SHOTS}/sre-run-waterfall-phone.png`, fullPage: true });
  await expectPrintFits(page, "run page");
  await page.goto("/demo/tools");
  await expect(page.getByRole("table", { name: "Tools" }).getByTestId("tool-row").first()).toBeVisible();
  await expectNoHorizontalOverflow(page, "tools (phone)");
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `${SHOTS}/sre-tools-phone.png`, fullPage: true });
});

// ---- The SRE works an incident ----

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
  await signedIn(page, fixtures.users.sre, { callbackUrl: failuresUrl });
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
  await page.screenshot({ path: `${SHOTS}/incident-link-runs.png` });
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
  await page.screenshot({ path: `${SHOTS}/incident-detail.png`, fullPage: true });
  await expectPrintFits(page, "incident");

  await page.setViewportSize(PHONE);
  await expect(timelineLines(page)).toHaveText(expected);
  await expectNoHorizontalOverflow(page, "incident (phone)");
  await page.screenshot({ path: `${SHOTS}/incident-detail-phone.png`, fullPage: true });
  await page.getByRole("button", { name: "Link runs…" }).click();
  await expect(page.getByRole("dialog", { name: "Link runs" }).getByRole("list", { name: "Matching runs" }).getByRole("listitem")).toHaveCount(3);
  await expectNoHorizontalOverflow(page, "incident link-runs dialog (phone)");
  await page.screenshot({ path: `${SHOTS}/incident-link-runs-phone.png` });
});
