// Issue 16, progressive rollout, as a person sees it. Project `rollouts-lab` (its own, so it starts
// with no stage and every run is known): through the API, release A serves production (1,000 runs,
// 100 escalated) and release B runs as a canary (100 runs, 16 escalated: the motivating
// case, too little evidence either way) with a gold-set result of 90/100. The owner opens B's page:
// the canary analysis says inconclusive with each check's numbers (computed here with
// lib/shared/canary.ts from the same counts); from the empty stage history they record "canary 10%"
// and "expansion 50%" through the form, each with its impact card; the overview's charts carry
// both deploy markers. A viewer sees the history but no form. Screenshots at desktop and phone width:
// e2e/screenshots/pages/rollouts-*.png.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { fixtures } from "../support/fixtures";
import { pageAs, shootPage } from "../support/pages";
import { analyseCanary } from "../../lib/shared/canary";
import { DEFAULT_GATE_SETTINGS } from "../../lib/shared/gate-settings";
import { formatCount, formatDeltaPercent, formatDeltaPp, formatDurationMs, formatIntervalPp, formatPValue, formatRate } from "../../lib/shared/format";

const slug = fixtures.projects.rollouts.slug;
const auth = { Authorization: `Bearer ${fixtures.keys.rollouts}` };
const MIN = 60_000;

/** The value of a datetime-local input for `ms` in the browser's own zone. */
async function localInput(page: Page, ms: number): Promise<string> {
  return page.evaluate((t) => {
    const d = new Date(t);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, ms);
}

test("release page: canary verdict with its checks, stages recorded from the empty history with their impact, deploy markers on the overview", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const tag = randomBytes(4).toString("hex");
  const A = `agent@a-${tag}`;
  const B = `agent@b-${tag}`;
  const now = Date.now();
  // Two stage changes: canary 10% 3 h ago and expansion 50% 90 min ago (to the minute, as the form sends them).
  const t1 = Math.floor((now - 180 * MIN) / MIN) * MIN;
  const t2 = Math.floor((now - 90 * MIN) / MIN) * MIN;

  // Release A: 1,000 production runs, half between the two stage changes and half after the second,
  // 100 escalated (50 on each side). Release B: 100 canary runs after the second, 16 escalated.
  const run = (release: string, environment: "production" | "canary", i: number, startMs: number, escalated: boolean, quality: number) => {
    const duration = 800 + (i % 10) * 100;
    return {
      id: `${release}-${i}`,
      sessionId: `${release}-s${i}`,
      workflow: `rollout-${tag}`,
      model: "gpt-4.1",
      promptVersion: release.slice(release.indexOf("@") + 1),
      release,
      environment,
      startedAt: new Date(startMs).toISOString(),
      endedAt: new Date(startMs + duration).toISOString(),
      outcome: escalated ? "escalated" : "success",
      ...(escalated ? { escalation: { reason: "refund above the limit" } } : {}),
      costUsd: 0.01,
      qualityScore: quality,
      toolCalls: [],
    };
  };
  const baseline = Array.from({ length: 1000 }, (_, i) => {
    const afterT2 = i % 2 === 1;
    const start = afterT2 ? now - 80 * MIN + Math.floor(i / 2) * 8_000 : now - 170 * MIN + Math.floor(i / 2) * 8_000;
    return run(A, "production", i, start, i % 20 === 0 || i % 20 === 1, 0.8);
  });
  const canary = Array.from({ length: 100 }, (_, i) => run(B, "canary", i, now - 80 * MIN + i * 40_000, i < 16, 0.7));
  for (const runs of [baseline, canary]) {
    const res = await request.post("/api/v1/runs", { headers: auth, data: { runs } });
    expect(res.status(), await res.text()).toBe(200);
    expect((await res.json()) as { accepted: number }).toMatchObject({ accepted: runs.length });
  }
  const ev = await request.post("/api/v1/evals", { headers: auth, data: { release: B, goldSet: "support-gold", passed: 90, total: 100 } });
  expect(ev.status(), await ev.text()).toBe(201);

  // What the checks must say: the same maths on the same counts (latency from the API, whose
  // p95s come from the latency sketches).
  const settings = {
    margin: DEFAULT_GATE_SETTINGS.canaryEscalationMargin,
    confidence: DEFAULT_GATE_SETTINGS.canaryConfidence,
    latencyTolerance: DEFAULT_GATE_SETTINGS.canaryLatencyTolerance,
    goldSetMinPassRate: DEFAULT_GATE_SETTINGS.goldSetMinPassRate,
  };
  const expected = analyseCanary(B, {
    settings,
    canary: { runs: 100, escalations: 16, failures: 0, criticalPolicyViolations: 0, runP95Ms: null },
    baseline: { runs: 1000, escalations: 100, failures: 0, criticalPolicyViolations: 0, runP95Ms: null },
    latency: [],
    latestEval: { goldSet: "support-gold", passed: 90, total: 100, ranAt: new Date(now).toISOString() },
  });
  const api = (await (await request.get(`/api/v1/releases/${encodeURIComponent(B)}/analysis`, { headers: auth })).json()) as typeof expected;
  expect(api.verdict).toBe("inconclusive");
  const byName = (a: typeof expected, name: string) => a.checks.find((c) => c.name === name)!;
  for (const name of ["escalation_rate", "failure_rate", "critical_policy_violations", "gold_set_pass_rate"]) expect(byName(api, name)).toEqual(byName(expected, name));
  expect(byName(api, "escalation_rate")).toMatchObject({ verdict: "inconclusive", canary: 0.16, baseline: 0.1, n: { canary: 100, baseline: 1000 } });
  const latency = byName(api, "run_p95_latency");
  expect(latency).toMatchObject({ verdict: "pass", n: { canary: 100, baseline: 1000 } });

  // The owner opens release B.
  const owner = await pageAs(browser, fixtures.users.owner, `/${slug}/releases/${encodeURIComponent(B)}`);
  const verdict = owner.getByTestId("canary-verdict");
  await expect(verdict).toHaveAttribute("data-verdict", "inconclusive");
  await expect(verdict).toContainText("Inconclusive");
  await expect(verdict).toContainText("No stage recorded: the last 7 days");
  await expect(verdict.getByTestId("canary-runs-link")).toHaveText("100 canary runs");
  const runsHref = await verdict.getByTestId("canary-runs-link").getAttribute("href");
  expect(runsHref).toContain(`/${slug}/traces?`);
  expect(new URL(runsHref!, "http://x").searchParams.get("release")).toBe(B);

  const row = (name: string) => owner.getByTestId(`canary-check-${name}`);
  const cell = (name: string, col: string) => row(name).locator(`[data-col="${col}"]`);
  const esc = byName(expected, "escalation_rate");
  await expect(row("escalation_rate")).toHaveAttribute("data-verdict", "inconclusive");
  await expect(cell("escalation_rate", "canary")).toHaveText("16.0%");
  await expect(cell("escalation_rate", "baseline")).toHaveText("10.0%");
  await expect(cell("escalation_rate", "diff")).toHaveText("+6.0 pp");
  await expect(cell("escalation_rate", "interval")).toHaveText(formatIntervalPp(esc.interval));
  await expect(cell("escalation_rate", "n")).toHaveText("100 / 1,000");
  await expect(cell("escalation_rate", "minSample")).toHaveText(formatCount(esc.minSample));
  await expect(cell("escalation_rate", "pValue")).toHaveText("—");
  await expect(cell("escalation_rate", "reason")).toHaveText(esc.reason);
  const fail = byName(expected, "failure_rate");
  await expect(row("failure_rate")).toHaveAttribute("data-verdict", fail.verdict);
  await expect(cell("failure_rate", "canary")).toHaveText("0.0%");
  await expect(cell("failure_rate", "interval")).toHaveText(formatIntervalPp(fail.interval));
  await expect(cell("failure_rate", "minSample")).toHaveText(formatCount(fail.minSample));
  await expect(row("critical_policy_violations")).toHaveAttribute("data-verdict", "pass");
  await expect(cell("critical_policy_violations", "canary")).toHaveText("0");
  await expect(cell("critical_policy_violations", "n")).toHaveText("100 / —");
  await expect(row("run_p95_latency")).toHaveAttribute("data-verdict", "pass");
  await expect(cell("run_p95_latency", "canary")).toHaveText(formatDurationMs(latency.canary));
  await expect(cell("run_p95_latency", "baseline")).toHaveText(formatDurationMs(latency.baseline));
  await expect(cell("run_p95_latency", "diff")).toHaveText(formatDeltaPercent(latency.diff));
  await expect(cell("run_p95_latency", "pValue")).toHaveText(formatPValue(latency.pValue));
  await expect(cell("run_p95_latency", "minSample")).toHaveText(formatCount(latency.minSample));
  await expect(row("gold_set_pass_rate")).toHaveAttribute("data-verdict", "pass");
  await expect(cell("gold_set_pass_rate", "canary")).toHaveText("90.0%");
  await expect(cell("gold_set_pass_rate", "diff")).toHaveText(formatDeltaPp(0.9 - 0.85));
  await expect(cell("gold_set_pass_rate", "n")).toHaveText("100 / —");
  await expect(cell("gold_set_pass_rate", "reason")).toHaveText(`support-gold: 90 of 100 passed (90.0%), minimum ${formatRate(0.85)}.`);

  // Quality drift: this release's mean score beside the baseline's.
  await expect(owner.getByRole("img", { name: /Mean quality score per day/ })).toBeVisible();

  // The empty stage history explains how pipelines post stages and offers the form.
  const history = owner.getByTestId("stage-history");
  await expect(history.getByTestId("no-stages")).toContainText("No stage recorded for this release yet");
  await expect(history.getByTestId("no-stages")).toContainText("POST /api/v1/releases/{release}/events");
  await shootPage(owner, "rollouts-release-empty");

  const form = history.getByRole("form", { name: "Record stage" });
  await form.getByLabel("Stage").selectOption({ label: "Canary" });
  await form.getByLabel("Traffic (%)").fill("10");
  await form.getByLabel("Time (optional)").fill(await localInput(owner, t1));
  await form.getByRole("button", { name: "Record stage" }).click();
  await expect(form.getByText("Recorded: Canary 10%.")).toBeVisible();
  const items = history.getByTestId("stage-event");
  await expect(items).toHaveCount(1);
  await expect(items.nth(0)).toContainText("Canary 10%");
  await expect(items.nth(0)).toContainText(`by ${fixtures.users.owner.email}`);
  await expect(items.nth(0)).toContainText("via Keel API");
  await expect(history.getByTestId("no-stages")).toHaveCount(0);

  await form.getByLabel("Stage").selectOption({ label: "Expansion" });
  await form.getByLabel("Traffic (%)").fill("50");
  await form.getByLabel("Time (optional)").fill(await localInput(owner, t2));
  await form.getByRole("button", { name: "Record stage" }).click();
  await expect(form.getByText("Recorded: Expansion 50%.")).toBeVisible();
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toHaveAttribute("data-stage", "canary");
  await expect(items.nth(1)).toHaveAttribute("data-stage", "expansion");
  await expect(items.nth(1)).toContainText("Expansion 50%");

  // Impact of canary 10%: nothing before it, all 1,100 runs after.
  const first = items.nth(0).getByTestId("stage-impact");
  await expect(first).toContainText("24 h before: 0 runs · 24 h after: 1,100 runs");
  await expect(first.getByTestId("impact-successRate")).toContainText("— → 89.5%");
  // Impact of expansion 50%: 500 runs before (50 escalated), 600 after (66 escalated).
  const second = items.nth(1).getByTestId("stage-impact");
  await expect(second).toContainText("24 h before: 500 runs · 24 h after: 600 runs");
  await expect(second.getByTestId("impact-successRate")).toHaveText(/90\.0% → 89\.0%\s*−1\.0 pp/);
  await expect(second.getByTestId("impact-escalationRate")).toHaveText(/10\.0% → 11\.0%\s*\+1\.0 pp/);
  await expect(second.getByTestId("impact-failureRate")).toHaveText(/0\.0% → 0\.0%\s*±0\.0 pp/);
  await expect(second.getByTestId("impact-costPerSuccessUsd")).toContainText(`→`);
  // The analysis now reads the expansion stage's own traffic.
  await expect(verdict).toContainText("Stage Expansion 50% since");
  await expect(verdict.getByTestId("canary-runs-link")).toHaveText("100 canary runs");
  await shootPage(owner, "rollouts-release-stages");

  // A viewer reads the history, without the form.
  const viewer = await pageAs(browser, fixtures.users.viewer, `/${slug}/releases/${encodeURIComponent(B)}`);
  await expect(viewer.getByTestId("stage-event")).toHaveCount(2);
  await expect(viewer.getByRole("form", { name: "Record stage" })).toHaveCount(0);
  await expect(viewer.getByTestId("canary-verdict")).toHaveAttribute("data-verdict", /^(pass|fail|inconclusive)$/);

  // The overview: each trend chart carries the two stage changes.
  await owner.goto(`/${slug}`);
  for (const name of ["Outcome rates over time", "Runs by outcome over time", "Run latency percentiles over time", "Spend and cost per success over time"]) {
    const chart = owner.getByRole("img", { name: new RegExp(`^${name}`) });
    await expect(chart.getByTestId("deploy-marker").first()).toBeAttached();
    await expect.poll(async () => (await chart.getByTestId("deploy-marker").evaluateAll((els) => els.map((e) => e.getAttribute("data-label")))).join(" ")).toContain(`${B}: Canary 10%`);
    await expect.poll(async () => (await chart.getByTestId("deploy-marker").evaluateAll((els) => els.map((e) => e.getAttribute("data-label")))).join(" ")).toContain(`${B}: Expansion 50%`);
    await expect(chart).toHaveAttribute("aria-label", new RegExp(`deploys: .*${B.replace(/[.@]/g, "\\$&")}: Canary 10%`));
  }
  await shootPage(owner, "rollouts-overview");
});

test("demo: the rolled-back v13 shows its stage history and the analysis of the canary stage it ended", async ({ browser }) => {
  const viewer = await pageAs(browser, fixtures.users.viewer, `/demo/releases/${encodeURIComponent("gpt-4.1@v13")}`);
  const events = viewer.getByTestId("stage-event");
  await expect(events).toHaveCount(3);
  await expect(events.nth(0)).toHaveAttribute("data-stage", "sandbox");
  await expect(events.nth(1)).toContainText("Canary 25%");
  await expect(events.nth(2)).toHaveAttribute("data-stage", "rolled_back");
  const verdict = viewer.getByTestId("canary-verdict");
  await expect(verdict).toContainText(/Rolled back .*; the analysis of the stage it ended, Canary 25% from/);
  await expect(verdict).toHaveAttribute("data-verdict", /^(pass|fail|inconclusive)$/);
  await expect(viewer.getByRole("form", { name: "Record stage" })).toHaveCount(0);
  await shootPage(viewer, "rollouts-demo-rolled-back");
});
