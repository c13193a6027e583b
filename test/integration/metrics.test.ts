// The metric queries on a real database, every field against values worked out by hand from
// the table in ./metrics-dataset.ts (window W = [03-02, 03-09), 12 runs inside, 2 on the edges
// outside, a second project that must never leak in).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { getOverview, getReleaseMetrics, getToolMetrics, getTopFailureReasons, getWorkflowMetrics } from "@/lib/server/queries/metrics";
import type { LatencyPercentiles, OverviewMetrics } from "@/lib/shared/metrics";
import { testDatabases } from "../helpers/db";
import { loadDataset, pgLerp, WINDOW } from "./metrics-dataset";

/** p50/p95/p99 from hand-picked neighbours; `hand` are the decimal results, checked to 6 places. */
function pct(n: number, p50: [number, number], p95: [number, number], p99: [number, number], hand: [number, number, number]): LatencyPercentiles {
  const out = { p50: pgLerp(...p50, 0.5, n), p95: pgLerp(...p95, 0.95, n), p99: pgLerp(...p99, 0.99, n) };
  expect(out.p50).toBeCloseTo(hand[0], 6);
  expect(out.p95).toBeCloseTo(hand[1], 6);
  expect(out.p99).toBeCloseTo(hand[2], 6);
  return out;
}
const single = (v: number): LatencyPercentiles => ({ p50: v, p95: v, p99: v });
const NO_LATENCY: LatencyPercentiles = { p50: null, p95: null, p99: null };

describe.each(testDatabases())("metric queries on $name", (target) => {
  let db: Database;
  let projectId: string;
  let otherProjectId: string;
  const w = () => ({ projectId, ...WINDOW });

  beforeAll(async () => {
    db = await target.open();
    ({ projectId, otherProjectId } = await loadDataset(db));
  });
  afterAll(async () => db?.close());

  it("overview of the whole window", async () => {
    // 12 runs (R1–R6, T1–T4, B1–B2; X1 starts at `to`, X2 1 ms before `from`).
    // success R1 R2 B1 = 3; escalated R4 T3 = 2; failure R3 R5 R6 T1 T2 T4 B2 = 7.
    // sessions s1 s2 s3 s4 s5 s6 s7 s8 = 8. cost: refund 0.5+0.25+0.75+1+0.375+0.125 = 3,
    // triage 0.125+0.25+0.5+0.125 = 1, billing 1.5+0.5 = 2 → 6. per success 6/3 = 2.
    // per escalation (R4 1 + review 2 + T3 0.5) / 2 = 1.75. retries 0.125+0.25+0.0625 = 0.4375.
    // incidents opened in W: I1 (at `from`), I2, I4 = 3 → 3 × 1000 / 8 = 375. critical: T1.
    // durations sorted: 500 700 800 1000 1200 1500 2000 2500 3000 4000 6000 10000 (n = 12, pos = p × 11)
    // p50 pos 5.5 → 1500 + 500×0.5 = 1750; p95 pos 10.45 → 6000 + 4000×0.45 = 7800; p99 pos 10.89 → 6000 + 4000×0.89 = 9560.
    const expected: OverviewMetrics = {
      runs: 12,
      sessions: 8,
      successRate: 3 / 12,
      escalationRate: 2 / 12,
      failureRate: 7 / 12,
      totalCostUsd: 6,
      costPerSuccessUsd: 2,
      costPerEscalationUsd: 1.75,
      retryCostUsd: 0.4375,
      incidentRatePer1kSessions: 375,
      criticalPolicyViolations: 1,
      runLatencyMs: pct(12, [1500, 2000], [6000, 10000], [6000, 10000], [1750, 7800, 9560]),
      successes: 3,
      escalations: 2,
      failures: 7,
      incidentsOpened: 3,
    };
    expect(await getOverview(db, w())).toEqual(expected);
  });

  it("overview narrowed by workflow, environment, release; the empty case is null, not 0", async () => {
    // refund: R1–R6. sessions s1 s2 s3 s7 = 4; incidents opened in W linked to a refund run: I1
    // (I3 links R1 but opens at `to`) → 1000/4 = 250. durations 700 1000 1200 2000 3000 6000 (pos = p × 5):
    // p50 pos 2.5 → 1200 + 800×0.5 = 1600; p95 pos 4.75 → 3000 + 3000×0.75 = 5250; p99 pos 4.95 → 3000 + 3000×0.95 = 5850.
    expect(await getOverview(db, { ...w(), workflow: "refund" })).toEqual({
      runs: 6, sessions: 4, successRate: 2 / 6, escalationRate: 1 / 6, failureRate: 3 / 6,
      totalCostUsd: 3, costPerSuccessUsd: 1.5, costPerEscalationUsd: 3, retryCostUsd: 0.4375,
      incidentRatePer1kSessions: 250, criticalPolicyViolations: 0,
      runLatencyMs: pct(6, [1200, 2000], [3000, 6000], [3000, 6000], [1600, 5250, 5850]),
      successes: 2, escalations: 1, failures: 3, incidentsOpened: 1,
    } satisfies OverviewMetrics);

    // canary: R3 alone (its retry 0.25; I1 links it).
    expect(await getOverview(db, { ...w(), environment: "canary" })).toEqual({
      runs: 1, sessions: 1, successRate: 0, escalationRate: 0, failureRate: 1,
      totalCostUsd: 0.75, costPerSuccessUsd: null, costPerEscalationUsd: null, retryCostUsd: 0.25,
      incidentRatePer1kSessions: 1000, criticalPolicyViolations: 0, runLatencyMs: single(2000),
      successes: 0, escalations: 0, failures: 1, incidentsOpened: 1,
    } satisfies OverviewMetrics);

    // triage in production: T1 T2 T4 (T3 is staging). sessions s4 s6; I2 links T1 → 1000/2 = 500.
    // durations 500 800 1500 (pos = p × 2): p50 800; p95 pos 1.9 → 800 + 700×0.9 = 1430; p99 pos 1.98 → 800 + 700×0.98 = 1486.
    expect(await getOverview(db, { ...w(), workflow: "triage", environment: "production" })).toEqual({
      runs: 3, sessions: 2, successRate: 0, escalationRate: 0, failureRate: 1,
      totalCostUsd: 0.5, costPerSuccessUsd: null, costPerEscalationUsd: null, retryCostUsd: 0,
      incidentRatePer1kSessions: 500, criticalPolicyViolations: 1,
      runLatencyMs: pct(3, [800, 800], [800, 1500], [800, 1500], [800, 1430, 1486]),
      successes: 0, escalations: 0, failures: 3, incidentsOpened: 1,
    } satisfies OverviewMetrics);

    // release gpt-4.1@v2: R3 R5 R6 = 0.75+0.375+0.125 = 1.25; retries 0.25+0.0625; sessions s2 s7; I1 → 500.
    // durations 700 1200 2000: p50 1200; p95 1200 + 800×0.9 = 1920; p99 1200 + 800×0.98 = 1984.
    expect(await getOverview(db, { ...w(), release: "gpt-4.1@v2" })).toEqual({
      runs: 3, sessions: 2, successRate: 0, escalationRate: 0, failureRate: 1,
      totalCostUsd: 1.25, costPerSuccessUsd: null, costPerEscalationUsd: null, retryCostUsd: 0.3125,
      incidentRatePer1kSessions: 500, criticalPolicyViolations: 0,
      runLatencyMs: pct(3, [1200, 1200], [1200, 2000], [1200, 2000], [1200, 1920, 1984]),
      successes: 0, escalations: 0, failures: 3, incidentsOpened: 1,
    } satisfies OverviewMetrics);

    expect(await getOverview(db, { ...w(), workflow: "no-such-workflow" })).toEqual({
      runs: 0, sessions: 0, successRate: null, escalationRate: null, failureRate: null,
      totalCostUsd: 0, costPerSuccessUsd: null, costPerEscalationUsd: null, retryCostUsd: 0,
      incidentRatePer1kSessions: null, criticalPolicyViolations: 0, runLatencyMs: NO_LATENCY,
      successes: 0, escalations: 0, failures: 0, incidentsOpened: 0,
    } satisfies OverviewMetrics);
  });

  it("the window is [from, to): a run at `to` counts in the next window, one at `from` in this one", async () => {
    // [03-09, 03-10): X1 only (success 8, its retry 4) and I3 (opened at 03-09 00:00) → 1000/1.
    const next = await getOverview(db, { projectId, from: WINDOW.to, to: new Date("2026-03-10T00:00:00Z") });
    expect([next.runs, next.totalCostUsd, next.retryCostUsd, next.incidentRatePer1kSessions]).toEqual([1, 8, 4, 1000]);
    // [03-01, 03-02): X2 only (1 ms before `from`).
    const before = await getOverview(db, { projectId, from: new Date("2026-03-01T00:00:00Z"), to: WINDOW.from });
    expect([before.runs, before.failures, before.totalCostUsd, before.retryCostUsd]).toEqual([1, 1, 16, 2]);
  });

  it("the other project sees only its own run", async () => {
    expect(await getOverview(db, { projectId: otherProjectId, ...WINDOW })).toEqual({
      runs: 1, sessions: 1, successRate: 1, escalationRate: 0, failureRate: 0,
      totalCostUsd: 64, costPerSuccessUsd: 64, costPerEscalationUsd: null, retryCostUsd: 32,
      incidentRatePer1kSessions: 1000, criticalPolicyViolations: 0, runLatencyMs: single(99000),
      successes: 1, escalations: 0, failures: 0, incidentsOpened: 1,
    } satisfies OverviewMetrics);
    expect(await getToolMetrics(db, { projectId: otherProjectId, ...WINDOW })).toEqual([
      { tool: "search", calls: 1, errors: 0, errorRate: 0, latencyMs: single(1) },
    ]);
  });

  it("workflows, by runs desc; a workflow with no success has successRate 0 and no cost per success", async () => {
    expect(await getWorkflowMetrics(db, w())).toEqual([
      {
        // as the refund overview above; per escalation (1 + 2)/1; retries 0.125 + 0.25 + 0.0625.
        workflow: "refund", runs: 6, successRate: 2 / 6, escalationRate: 1 / 6, failureRate: 3 / 6,
        totalCostUsd: 3, costPerSuccessUsd: 1.5,
        runLatencyMs: pct(6, [1200, 2000], [3000, 6000], [3000, 6000], [1600, 5250, 5850]),
        successes: 2, escalations: 1, failures: 3, costPerEscalationUsd: 3, retryCostUsd: 0.4375,
      },
      {
        // T1–T4: no success. durations 500 800 1500 2500 (pos = p × 3): p50 pos 1.5 → 800 + 700×0.5 = 1150;
        // p95 pos 2.85 → 1500 + 1000×0.85 = 2350; p99 pos 2.97 → 1500 + 1000×0.97 = 2470. per escalation T3 0.5/1.
        workflow: "triage", runs: 4, successRate: 0, escalationRate: 1 / 4, failureRate: 3 / 4,
        totalCostUsd: 1, costPerSuccessUsd: null,
        runLatencyMs: pct(4, [800, 1500], [1500, 2500], [1500, 2500], [1150, 2350, 2470]),
        successes: 0, escalations: 1, failures: 3, costPerEscalationUsd: 0.5, retryCostUsd: 0,
      },
      {
        // B1 B2: durations 4000 10000 (pos = p): p50 7000; p95 4000 + 6000×0.95 = 9700; p99 4000 + 6000×0.99 = 9940.
        workflow: "billing", runs: 2, successRate: 0.5, escalationRate: 0, failureRate: 0.5,
        totalCostUsd: 2, costPerSuccessUsd: 2,
        runLatencyMs: pct(2, [4000, 10000], [4000, 10000], [4000, 10000], [7000, 9700, 9940]),
        successes: 1, escalations: 0, failures: 1, costPerEscalationUsd: null, retryCostUsd: 0,
      },
    ]);
    expect(await getWorkflowMetrics(db, { ...w(), environment: "sandbox" })).toEqual([]);
  });

  it("tools, by calls desc; a tool with one call has that call's latency for every percentile", async () => {
    expect(await getToolMetrics(db, w())).toEqual([
      // search: R1 100 ok, R1 200 error, R2 300 ok, R4 400 ok, T2 600 blocked, B1 800 ok (n = 6, pos = p × 5)
      // errors: error + blocked = 2. p50 pos 2.5 → 300 + 100×0.5 = 350; p95 pos 4.75 → 600 + 200×0.75 = 750;
      // p99 pos 4.95 → 600 + 200×0.95 = 790. (X1's 9999 is outside.)
      { tool: "search", calls: 6, errors: 2, errorRate: 2 / 6, latencyMs: pct(6, [300, 400], [600, 800], [600, 800], [350, 750, 790]) },
      // ticketing.create: 50 ok, 5000 timeout, 4000 error → sorted 50 4000 5000 (pos = p × 2): p50 pos 1 → 4000;
      // p95 pos 1.9 → 4000 + 1000×0.9 = 4900; p99 pos 1.98 → 4980. (X2's 7777 is outside.)
      { tool: "ticketing.create", calls: 3, errors: 2, errorRate: 2 / 3, latencyMs: pct(3, [4000, 4000], [4000, 5000], [4000, 5000], [4000, 4900, 4980]) },
      // zendesk.reply: 900 error, 1100 ok (pos = p): p50 1000; p95 900 + 200×0.95 = 1090; p99 1098.
      { tool: "zendesk.reply", calls: 2, errors: 1, errorRate: 0.5, latencyMs: pct(2, [900, 1100], [900, 1100], [900, 1100], [1000, 1090, 1098]) },
      { tool: "kb.lookup", calls: 1, errors: 0, errorRate: 0, latencyMs: single(700) },
    ]);
    // triage's calls only (the run join): kb.lookup and search tie at 1 call → name order.
    expect(await getToolMetrics(db, { ...w(), workflow: "triage" })).toEqual([
      { tool: "kb.lookup", calls: 1, errors: 0, errorRate: 0, latencyMs: single(700) },
      { tool: "search", calls: 1, errors: 1, errorRate: 1, latencyMs: single(600) },
    ]);
    // canary: R3's two ticketing calls, 4000 and 5000 (pos = p): p50 4500; p95 4950; p99 4990.
    expect(await getToolMetrics(db, { ...w(), environment: "canary" })).toEqual([
      { tool: "ticketing.create", calls: 2, errors: 2, errorRate: 1, latencyMs: pct(2, [4000, 5000], [4000, 5000], [4000, 5000], [4500, 4950, 4990]) },
    ]);
    expect(await getToolMetrics(db, { ...w(), release: "no-such-release" })).toEqual([]);
  });

  it("top failure reasons: count desc, then reason in code-point order, then category", async () => {
    // 7 failures. Code points: 'P' 0x50 < 'Z' 0x5A < 'm' 0x6D < 't' 0x74 < 'u' 0x75 (a locale
    // collation would put "missing…" and "ticketing…" before "Zendesk…"); "upstream 502" twice → category.
    const all = [
      { category: "policy_violation", reason: "PII in reply", count: 2, share: 2 / 7 },
      { category: "tool_error", reason: "Zendesk rate limit", count: 1, share: 1 / 7 },
      { category: "context_failure", reason: "missing order id", count: 1, share: 1 / 7 },
      { category: "tool_error", reason: "ticketing API timeout", count: 1, share: 1 / 7 },
      { category: "model_failure", reason: "upstream 502", count: 1, share: 1 / 7 },
      { category: "tool_error", reason: "upstream 502", count: 1, share: 1 / 7 },
    ];
    expect(await getTopFailureReasons(db, w())).toEqual(all);
    // share stays out of all failures, not out of the listed ones.
    expect(await getTopFailureReasons(db, w(), 2)).toEqual(all.slice(0, 2));
    expect(await getTopFailureReasons(db, { ...w(), workflow: "billing" })).toEqual([
      { category: "model_failure", reason: "upstream 502", count: 1, share: 1 },
    ]);
    expect(await getTopFailureReasons(db, { ...w(), environment: "staging" })).toEqual([]);
  });

  it("cost by release, oldest first", async () => {
    expect(await getReleaseMetrics(db, w())).toEqual([
      // R1 R2 R4: 0.5 + 0.25 + 1 = 1.75 / 2 successes = 0.875; escalation (1 + 2)/1; retry R2 0.125.
      { release: "gpt-4.1@v1", runs: 3, successes: 2, escalations: 1, successRate: 2 / 3, totalCostUsd: 1.75, costPerSuccessUsd: 0.875,
        costPerEscalationUsd: 3, retryCostUsd: 0.125, firstRunAt: "2026-03-02T00:00:00.000Z", lastRunAt: "2026-03-08T23:59:59.999Z" },
      // R3 R5 R6: 1.25; retries 0.25 + 0.0625.
      { release: "gpt-4.1@v2", runs: 3, successes: 0, escalations: 0, successRate: 0, totalCostUsd: 1.25, costPerSuccessUsd: null,
        costPerEscalationUsd: null, retryCostUsd: 0.3125, firstRunAt: "2026-03-04T12:00:00.000Z", lastRunAt: "2026-03-06T00:00:00.000Z" },
      { release: "claude-sonnet@p3", runs: 4, successes: 0, escalations: 1, successRate: 0, totalCostUsd: 1, costPerSuccessUsd: null,
        costPerEscalationUsd: 0.5, retryCostUsd: 0, firstRunAt: "2026-03-05T08:00:00.000Z", lastRunAt: "2026-03-07T11:00:00.000Z" },
      { release: "billing-2026.03", runs: 2, successes: 1, escalations: 0, successRate: 0.5, totalCostUsd: 2, costPerSuccessUsd: 2,
        costPerEscalationUsd: null, retryCostUsd: 0, firstRunAt: "2026-03-08T12:00:00.000Z", lastRunAt: "2026-03-08T13:00:00.000Z" },
    ]);
  });
});
