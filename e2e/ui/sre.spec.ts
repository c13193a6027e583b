// An SRE's journey: from the tools page (the tool with the highest p95) to a failing run, reads
// the failing call in the waterfall, opens a SEV2 incident from it, and sees the overview's
// incident rate count it. Also: a 500-call run renders all its rows; screenshots of the pages.
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { SHOTS } from "../support/shots";

const tag = `ui${Math.random().toString(36).slice(2, 8)}`;

/** "850 ms", "5.0 s", "2 m 05 s", "1 h 02 m" → ms (the tools table's latency cells, lib/shared/format.ts). */
function toMs(text: string): number {
  const t = text.replace(/,/g, "").trim();
  let m = /^([\d.]+)\s*(ms|s)$/.exec(t);
  if (m) return Number(m[1]) * (m[2] === "s" ? 1000 : 1);
  m = /^(\d+)\s*m\s*(\d+)\s*s$/.exec(t);
  if (m) return Number(m[1]) * 60_000 + Number(m[2]) * 1000;
  m = /^(\d+)\s*h\s*(\d+)\s*m$/.exec(t);
  return m ? Number(m[1]) * 3_600_000 + Number(m[2]) * 60_000 : Number.NaN;
}

/** The overview tile: its value (per 1k sessions) and its hint "N in M sessions". */
/** One fixed window for both reads (the default "last 7 days" slides: a session can leave it in between). */
const WINDOW_TO = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000);
const WINDOW_FROM = new Date(WINDOW_TO.getTime() - 7 * 86_400_000);

async function incidentRate(page: Page): Promise<{ rate: number; opened: number; sessions: number }> {
  await page.goto(`/demo?range=custom&from=${WINDOW_FROM.toISOString()}&to=${WINDOW_TO.toISOString()}`);
  const tile = page.getByTestId("kpi-incidentRatePer1kSessions");
  const hint = tile.locator("span.truncate").last();
  await expect(hint).toHaveText(/^[\d,]+ in [\d,]+ sessions$/);
  const [, opened, sessions] = /^([\d,]+) in ([\d,]+) sessions$/.exec((await hint.innerText()).trim())!;
  const rate = Number((await tile.locator("span.text-2xl").innerText()).replace(/,/g, ""));
  return { rate, opened: Number(opened.replace(/,/g, "")), sessions: Number(sessions.replace(/,/g, "")) };
}

test("sre: tools (highest p95) → failing run → failing call → SEV2 incident → overview rate", async ({ page }) => {
  await signedIn(page, fixtures.users.sre, { callbackUrl: "/demo" });
  const before = await incidentRate(page);

  // The tool with the highest p95 on the tools page.
  await page.goto("/demo/tools");
  const table = page.getByRole("table").first();
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  const headers = (await table.getByRole("columnheader").allTextContents()).map((h) => h.trim().toLowerCase());
  const p95Col = headers.findIndex((h) => h.startsWith("p95"));
  expect(p95Col, `a p95 column among ${headers.join(", ")}`).toBeGreaterThan(-1);
  const rows = table.getByRole("row");
  let best = { tool: "", p95: -1 };
  for (let i = 1; i < (await rows.count()); i++) {
    const cells = rows.nth(i).getByRole("cell");
    const p95 = toMs(await cells.nth(p95Col).innerText());
    if (p95 > best.p95) best = { tool: (await cells.nth(0).innerText()).trim(), p95 };
  }
  expect(best.tool).not.toBe("");

  // Its failing runs in the traces explorer, through the filter bar (the URL keeps them).
  await page.goto("/demo/traces");
  await page.getByLabel("Tool", { exact: true }).fill(best.tool);
  await page.getByLabel("Outcome").selectOption("failure");
  // Tool errors: the failure is in a call (a model failure can fail a run whose calls were all ok).
  await page.getByLabel("Failure category").selectOption("tool_error");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/failureCategory=tool_error/);
  await expect(page).toHaveURL(new RegExp(`tool=${encodeURIComponent(best.tool).replace(/\./g, "\\.")}`));
  await expect(page).toHaveURL(/outcome=failure/);
  const runsTable = page.getByRole("table", { name: "Runs" });
  await expect(runsTable.getByRole("row").nth(1)).toBeVisible();
  await expect(runsTable.getByText("Success")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/sre-runs-list.png` });

  // Keyboard: j selects the first run, Enter opens it.
  const firstId = await runsTable.getByRole("row").nth(1).getAttribute("data-run-id");
  await page.keyboard.press("j");
  await expect(runsTable.getByRole("row").nth(1)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(firstId!);
  await expect(page.getByRole("note", { name: "Failure" })).toBeVisible();

  // The failing call in the waterfall: its status, and its input once opened.
  const calls = page.getByRole("list", { name: "Tool calls" });
  const failing = calls.locator("li:not([data-status='ok'])").first();
  await expect(failing).toBeVisible();
  const status = await failing.getAttribute("data-status");
  await page.getByRole("button", { name: /Jump to first failing call/ }).click();
  await expect(failing.getByText("Latency", { exact: true })).toBeVisible();
  await expect(failing.locator("dd").first()).toContainText(status!);
  await page.screenshot({ path: `${SHOTS}/sre-run-detail.png` });

  // Esc goes back to the filtered list; forward returns to the run.
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/\/demo\/traces\?.*outcome=failure/);
  await page.goForward();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(firstId!);

  // Open a SEV2 incident from the run.
  await page.getByRole("button", { name: "Open incident" }).click();
  const dialog = page.getByRole("dialog", { name: "Open incident" });
  await dialog.getByLabel("Title").fill(`${tag} ${best.tool} failing`);
  await dialog.getByLabel("Severity").selectOption("SEV2");
  await dialog.getByLabel(/Commander/).selectOption(fixtures.users.dana.email);
  await dialog.getByRole("button", { name: "Open SEV2 incident" }).click();
  await expect(page).toHaveURL(/\/demo\/incidents\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${tag} ${best.tool} failing`);
  await expect(page.getByRole("table", { name: "Linked runs" }).getByRole("link", { name: firstId! })).toBeVisible();

  // Through its statuses, with timestamps.
  await expect(page.getByTestId("incident-mitigated-at")).toHaveText("—");
  await page.getByRole("button", { name: "Mark mitigated" }).click();
  await expect(page.getByTestId("incident-mitigated-at")).not.toHaveText("—");
  await page.goto("/demo/incidents");
  await expect(page.getByRole("link", { name: `${tag} ${best.tool} failing` })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/sre-incidents.png` });

  // The overview counts it.
  const after = await incidentRate(page);
  expect(after.opened).toBe(before.opened + 1);
  expect(after.sessions).toBe(before.sessions);
  expect(after.rate).toBeCloseTo(((before.opened + 1) / before.sessions) * 1000, 1);
  expect(after.rate).toBeGreaterThan(before.rate);
});

test("a run with 500 tool calls and 8 KB outputs renders all its rows", async ({ page }) => {
  const id = `${tag}-big`;
  const t0 = Date.parse("2026-10-01T00:00:00.000Z");
  const output = JSON.stringify({ body: "<script>alert(1)</script>".padEnd(8 * 1024 - 20, "x") });
  const ctx = await playwrightRequest.newContext({ baseURL: fixtures.baseURL });
  const res = await ctx.post("/api/v1/runs", {
    headers: { Authorization: `Bearer ${fixtures.keys.ingestRead}` },
    data: {
      id,
      sessionId: `${id}-s`,
      workflow: "bench",
      model: "gpt-4.1",
      promptVersion: "v1",
      startedAt: new Date(t0).toISOString(),
      endedAt: new Date(t0 + 20_100).toISOString(),
      outcome: "failure",
      failure: { category: "tool_error", reason: `${tag} timeout` },
      costUsd: 1.5,
      toolCalls: Array.from({ length: 500 }, (_, i) => ({
        name: `tool.${i % 7}`,
        startedAt: new Date(t0 + i * 40).toISOString(),
        endedAt: new Date(t0 + i * 40 + 35).toISOString(),
        status: i === 499 ? "timeout" : "ok",
        input: { i },
        output,
      })),
    },
  });
  expect(await res.json()).toMatchObject({ accepted: 1 });
  await ctx.dispose();

  await signedIn(page, fixtures.users.sre, { callbackUrl: `/${fixtures.projects.main.slug}/traces` });
  const started = Date.now();
  await page.goto(`/${fixtures.projects.main.slug}/traces/${id}`);
  await expect(page.getByRole("list", { name: "Tool calls" }).locator("> li")).toHaveCount(500);
  console.log(`[sre.spec] 500-call run: navigation to all rows shown in ${Date.now() - started} ms`);
  // Payloads are text, never markup.
  await page.getByRole("button", { name: /Jump to first failing call/ }).click();
  await expect(page.locator("#call-499 pre").last()).toContainText("<script>alert(1)</script>");
  expect(await page.locator("#call-499 script").count()).toBe(0);
});
