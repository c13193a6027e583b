// Issue 17, the Guardrails page as a person uses it. Project `guardrails-lab` (its own, so every run
// is known), narrowed to this run's workflow and a pinned window (9–12 November 2026, UTC): first
// no runs, then two plain runs (every section says it has nothing), then a retry storm and a blocked
// refund. The SRE clicks the retry-storm number, lands on exactly that run in the traces list, opens
// it and finds the repeated calls marked and the storm summarised above the waterfall. The weekly
// review of that week shows the guardrails section. On the demo data the page is alive: its numbers
// open as many runs as they say. Screenshots at desktop and phone width: e2e/screenshots/pages/guardrails-*.png.
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { fixtures } from "../support/fixtures";
import { pageAs, shootPage } from "../support/pages";

const slug = fixtures.projects.guardrails.slug;
const auth = { Authorization: `Bearer ${fixtures.keys.guardrails}` };
const FROM = "2026-11-09T00:00:00.000Z";
const TO = "2026-11-12T00:00:00.000Z";

type Call = { name: string; input?: unknown; status?: string; errorType?: string; costUsd?: number };

function run(id: string, workflow: string, startedAt: string, calls: Call[], over: Record<string, unknown> = {}) {
  const t = Date.parse(startedAt);
  return {
    id,
    sessionId: `s-${id}`,
    workflow,
    model: "gpt-4.1",
    promptVersion: "v3",
    startedAt: new Date(t).toISOString(),
    endedAt: new Date(t + 20_000).toISOString(),
    outcome: "success",
    costUsd: 0.3,
    toolCalls: calls.map((c, i) => ({
      startedAt: new Date(t + i * 1_000).toISOString(),
      endedAt: new Date(t + i * 1_000 + 400).toISOString(),
      status: "ok",
      costUsd: 0.04,
      ...c,
    })),
    ...over,
  };
}

async function send(request: APIRequestContext, runs: unknown[]) {
  const res = await request.post("/api/v1/runs", { headers: auth, data: { runs } });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toMatchObject({ accepted: runs.length, rejected: [] });
}

const loaded = (page: Page) => expect(page.locator('[aria-busy="true"]')).toHaveCount(0);

test("from the Guardrails page to a run with a retry storm, where the repeated calls are marked", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const tag = randomBytes(4).toString("hex");
  const workflow = `guard-${tag}`;
  const url = `/${slug}/guardrails?range=custom&from=${FROM}&to=${TO}&workflow=${workflow}`;
  const page = await pageAs(browser, fixtures.users.sre, url);
  await expect(page.getByRole("heading", { name: "Guardrails", level: 1 })).toBeVisible();
  await expect(page.getByText("No runs in this window")).toBeVisible();

  // Two plain runs: each section says there is nothing of its kind.
  const lookup = { name: "crm.lookup", input: { customer: "C-42" } };
  await send(request, [
    run(`plain-1-${tag}`, workflow, "2026-11-10T09:00:00Z", [lookup, { name: "kb.search", input: { q: "refund" } }]),
    run(`plain-2-${tag}`, workflow, "2026-11-10T10:00:00Z", [lookup]),
  ]);
  await page.reload();
  await loaded(page);
  for (const empty of [
    "No budget breaches in this window",
    "No blocked calls in this window",
    "No retry storms in this window",
    "No duplicate side effects in this window",
  ])
    await expect(page.getByText(empty)).toBeVisible();
  await expect(page.getByTestId("tile-repeated_call")).toContainText("0");
  await shootPage(page, "guardrails-empty");

  // A retry storm (crm.lookup with the same input 4 times, $0.04 each: $0.12 wasted) and a refund
  // a guardrail blocked in an escalated run.
  const stormId = `storm-${tag}`;
  await send(request, [
    run(stormId, workflow, "2026-11-11T08:30:00Z", [...Array.from({ length: 4 }, () => lookup), { name: "kb.search", input: { q: "address" } }]),
    run(`blocked-${tag}`, workflow, "2026-11-11T09:30:00Z", [{ name: "payments.refund", input: { order: "A-9" }, status: "blocked", errorType: "over_limit", costUsd: 0 }], {
      outcome: "escalated",
      escalation: { reason: "refund over limit" },
    }),
  ]);
  await page.reload();
  await loaded(page);
  await expect(page.getByText("No retry storms in this window")).toHaveCount(0);
  const storms = page.getByTestId("tile-repeated_call");
  await expect(storms).toContainText("1");
  await expect(storms).toContainText("$0.12 wasted");
  await expect(page.getByTestId("tile-blocked")).toContainText("1");
  await expect(page.getByTestId("blocked-outcome-escalated")).toContainText("1");
  await expect(page.getByRole("table", { name: "Blocked calls by tool, policy and workflow" }).getByRole("row").nth(1)).toContainText("over_limit");
  await expect(page.getByRole("table", { name: "Retry storms and loops by tool" }).getByRole("row").nth(1)).toContainText("crm.lookup");
  await shootPage(page, "guardrails-lab");

  // The retry-storm number opens exactly that run.
  await storms.getByRole("link").click();
  await expect(page).toHaveURL(/\/traces\?/);
  const sp = new URL(page.url()).searchParams;
  expect([sp.get("detection"), sp.get("workflow"), sp.get("from"), sp.get("to")]).toEqual(["repeated_call", workflow, FROM, TO]);
  await expect(page.getByTestId("runs-total")).toHaveText("1 run");
  const runsTable = page.getByRole("table", { name: "Runs" });
  await expect(runsTable.getByRole("row")).toHaveCount(2);
  await runsTable.getByRole("row").nth(1).getByRole("link").first().click();

  // The run: the storm summarised above the waterfall, its four calls marked, the fifth not.
  await expect(page.getByRole("heading", { level: 1 })).toContainText(stormId);
  const summary = page.getByTestId("detection-summary");
  await expect(summary).toContainText("Retry storm: crm.lookup repeated 4 times with the same input, $0.12 wasted");
  const calls = page.getByRole("list", { name: "Tool calls" }).locator("> li");
  await expect(calls).toHaveCount(5);
  for (let i = 0; i < 4; i++) {
    const mark = calls.nth(i).getByTestId("detection-mark");
    await expect(mark).toHaveText("repeated ×4");
    await expect(mark).toHaveAttribute("aria-label", /Retry storm: crm\.lookup/);
  }
  await expect(calls.nth(4).getByTestId("detection-mark")).toHaveCount(0);
  await shootPage(page, "guardrails-run-storm");

  // The weekly review of that week (2026-W46) shows the guardrails section.
  await page.goto(`/${slug}/review?week=2026-W46`);
  const card = page.getByTestId("review-guardrails");
  await expect(card.getByRole("row", { name: /Runs with a retry storm/ })).toContainText("1");
  await expect(card.getByRole("row", { name: /Blocked calls/ })).toContainText("1");
  await shootPage(page, "guardrails-review");
  await page.context().close();
});

test("on the demo data the page is alive, and its numbers open as many runs as they say", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await pageAs(browser, fixtures.users.sre, "/demo/guardrails");
  await loaded(page);
  const storms = page.getByTestId("tile-repeated_call").getByRole("link");
  const shown = Number((await storms.innerText()).replace(/,/g, ""));
  expect(shown).toBeGreaterThan(0);
  const blocked = Number((await page.getByTestId("tile-blocked").getByRole("link").innerText()).replace(/,/g, ""));
  expect(blocked).toBeGreaterThan(0);
  await expect(page.getByRole("img", { name: "Blocked calls by day" })).toBeVisible();
  await shootPage(page, "guardrails-demo");
  // The demo's workflow budgets (set before its runs were stored) leave a few runs over budget.
  const overBudget = page.getByTestId("tile-budgets").getByRole("link");
  const breaching = Number((await overBudget.innerText()).replace(/,/g, ""));
  expect(breaching).toBeGreaterThan(0);
  await storms.click();
  await expect(page).toHaveURL(/detection=repeated_call/);
  await expect(page.getByTestId("runs-total")).toHaveText(`${shown.toLocaleString("en-US")} ${shown === 1 ? "run" : "runs"}`);
  await page.goBack();
  await loaded(page);
  await page.getByTestId("tile-budgets").getByRole("link").click();
  await expect(page).toHaveURL(/budgetBreached=true/);
  await expect(page.getByTestId("runs-total")).toHaveText(`${breaching.toLocaleString("en-US")} ${breaching === 1 ? "run" : "runs"}`);
  await page.goBack();
  await loaded(page);
  // From the page to where budgets and detector thresholds are set.
  await page.getByTestId("guardrail-settings-link").click();
  await expect(page.getByRole("heading", { name: "Guardrail settings", level: 1 })).toBeVisible();
  await page.context().close();
});
