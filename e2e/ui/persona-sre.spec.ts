// Persona: the SRE's drill from a bad number to the failing runs, clicking as a person does.
// Tools page → the slowest tool (p95 column) → its trend is the one shown → its p95 opens the runs
// sorted by that tool's slowest call, with the exact total → "not ok" calls only → sort by duration
// by clicking the header → open a run → its waterfall, timestamps dated with the year. Then the same
// pages on a phone (390×844) and in print: no page-level sideways scroll. Screenshots at both sizes.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signIn } from "../support/auth";
import { fixtures } from "../support/fixtures";
import { DESKTOP, PHONE, expectNoHorizontalOverflow, expectPrintFits } from "../support/layout";

const SHOTS = "e2e/screenshots";
const DATED_SECONDS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** "850 ms", "5.0 s", "2 m 05 s", "1 h 02 m" → ms (lib/shared/format.ts formatMs). */
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
  await signIn(page, fixtures.users.sre, { callbackUrl: "/demo/tools" });
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
  await expect(page.getByRole("heading", { level: 1 })).toContainText(runId);
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
