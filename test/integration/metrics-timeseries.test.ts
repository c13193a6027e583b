// Trends on a real database against hand-worked buckets of ./metrics-dataset.ts: every bucket
// of the window is present, empty buckets have 0 counts and null rates/percentiles, days start
// at local midnight (a DST day is 23 h), hours follow the zone's offset.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { getTimeseries } from "@/lib/server/queries/metrics";
import type { LatencyPercentiles, RunBucket, ToolBucket } from "@/lib/shared/metrics";
import { testDatabases } from "../helpers/db";
import { loadDataset, pgLerp, WINDOW } from "./metrics-dataset";

const NO_LATENCY: LatencyPercentiles = { p50: null, p95: null, p99: null };
const single = (v: number): LatencyPercentiles => ({ p50: v, p95: v, p99: v });
/** Two values a < b (pos = p): a + (b − a) × p. */
const two = (a: number, b: number): LatencyPercentiles => ({ p50: pgLerp(a, b, 0.5, 2), p95: pgLerp(a, b, 0.95, 2), p99: pgLerp(a, b, 0.99, 2) });
const NO_FAILURES = { tool_error: 0, policy_violation: 0, context_failure: 0, model_failure: 0 };
const utcDay = (d: number) => ({ start: `2026-03-0${d}T00:00:00.000Z`, end: `2026-03-${String(d + 1).padStart(2, "0")}T00:00:00.000Z` });

function bucket(d: number, v: Partial<RunBucket>): RunBucket {
  return {
    ...utcDay(d),
    runs: 0, sessions: 0, successes: 0, escalations: 0, failures: 0,
    successRate: null, escalationRate: null, failureRate: null,
    totalCostUsd: 0, costPerSuccessUsd: null, costPerEscalationUsd: null, retryCostUsd: 0,
    runLatencyMs: NO_LATENCY, incidentsOpened: 0, incidentRatePer1kSessions: null, criticalPolicyViolations: 0, failuresByCategory: NO_FAILURES,
    ...v,
  };
}

describe.each(testDatabases())("metric trends on $name", (target) => {
  let db: Database;
  let projectId: string;
  let otherProjectId: string;
  const w = () => ({ projectId, ...WINDOW });

  beforeAll(async () => {
    db = await target.open();
    ({ projectId, otherProjectId } = await loadDataset(db));
  });
  afterAll(async () => db?.close());

  it("runs per UTC day: every field of every bucket", async () => {
    // Incidents by the day they opened: I1 (2nd, at `from`), I4 (4th), I2 (5th); rate per the day's sessions.
    const res = await getTimeseries(db, w(), { series: "runs", bucket: "day", timeZone: "UTC" });
    expect(res).toEqual({
      series: "runs", bucket: "day", timeZone: "UTC",
      points: [
        bucket(2, { runs: 1, sessions: 1, incidentsOpened: 1, incidentRatePer1kSessions: 1000, successes: 1, successRate: 1, escalationRate: 0, failureRate: 0, totalCostUsd: 0.5, costPerSuccessUsd: 0.5, runLatencyMs: single(1000) }),
        bucket(3, { runs: 1, sessions: 1, incidentRatePer1kSessions: 0, successes: 1, successRate: 1, escalationRate: 0, failureRate: 0, totalCostUsd: 0.25, costPerSuccessUsd: 0.25, retryCostUsd: 0.125, runLatencyMs: single(3000) }),
        bucket(4, { runs: 1, sessions: 1, incidentsOpened: 1, incidentRatePer1kSessions: 1000, failures: 1, successRate: 0, escalationRate: 0, failureRate: 1, totalCostUsd: 0.75, retryCostUsd: 0.25, runLatencyMs: single(2000),
          failuresByCategory: { ...NO_FAILURES, tool_error: 1 } }),
        // R5 (00:00, 1200 ms) + T1 (500 ms): 0.375 + 0.125; R5's retry 0.0625; p50 500 + 700×0.5 = 850.
        bucket(5, { runs: 2, sessions: 2, incidentsOpened: 1, incidentRatePer1kSessions: 500, criticalPolicyViolations: 1, failures: 2, successRate: 0, escalationRate: 0, failureRate: 1, totalCostUsd: 0.5, retryCostUsd: 0.0625, runLatencyMs: two(500, 1200),
          failuresByCategory: { ...NO_FAILURES, tool_error: 1, policy_violation: 1 } }),
        // R6 (700) + T2 (1500): 0.125 + 0.25.
        bucket(6, { runs: 2, sessions: 2, incidentRatePer1kSessions: 0, failures: 2, successRate: 0, escalationRate: 0, failureRate: 1, totalCostUsd: 0.375, runLatencyMs: two(700, 1500),
          failuresByCategory: { ...NO_FAILURES, tool_error: 1, context_failure: 1 } }),
        // T3 escalated (2500, 0.5, no review) + T4 failed (800, 0.125).
        bucket(7, { runs: 2, sessions: 2, incidentRatePer1kSessions: 0, escalations: 1, failures: 1, successRate: 0, escalationRate: 0.5, failureRate: 0.5, totalCostUsd: 0.625, costPerEscalationUsd: 0.5,
          runLatencyMs: two(800, 2500), failuresByCategory: { ...NO_FAILURES, policy_violation: 1 } }),
        // B1 (s8, 4000, 1.5) + B2 (s8, 10000, 0.5) + R4 (s3) at 23:59:59.999 (6000, 1 + review 2): 3 / 1 success; (1 + 2) / 1 escalation.
        // durations 4000 6000 10000 (pos = p × 2): p50 6000; p95 6000 + 4000×0.9 = 9600; p99 6000 + 4000×0.98 = 9920.
        bucket(8, { runs: 3, sessions: 2, incidentRatePer1kSessions: 0, successes: 1, escalations: 1, failures: 1, successRate: 1 / 3, escalationRate: 1 / 3, failureRate: 1 / 3, totalCostUsd: 3,
          costPerSuccessUsd: 3, costPerEscalationUsd: 3,
          runLatencyMs: { p50: 6000, p95: pgLerp(6000, 10000, 0.95, 3), p99: pgLerp(6000, 10000, 0.99, 3) },
          failuresByCategory: { ...NO_FAILURES, model_failure: 1 } }),
      ],
    });
    expect(pgLerp(6000, 10000, 0.95, 3)).toBeCloseTo(9600, 6);
  });

  it("an empty bucket is a gap (null rates and percentiles), not 0", async () => {
    const res = await getTimeseries(db, { ...w(), workflow: "billing" }, { series: "runs", bucket: "day", timeZone: "UTC" });
    expect(res.series === "runs" && res.points).toEqual([
      ...[2, 3, 4, 5, 6, 7].map((d) => bucket(d, {})),
      bucket(8, { runs: 2, sessions: 1, incidentRatePer1kSessions: 0, successes: 1, failures: 1, successRate: 0.5, escalationRate: 0, failureRate: 0.5, totalCostUsd: 2, costPerSuccessUsd: 2,
        runLatencyMs: two(4000, 10000), failuresByCategory: { ...NO_FAILURES, model_failure: 1 } }),
    ]);
  });

  it("days in New York start at local midnight; 8 March 2026 (DST starts) lasts 23 hours", async () => {
    const res = await getTimeseries(db, w(), { series: "runs", bucket: "day", timeZone: "America/New_York" });
    if (res.series !== "runs") throw new Error("expected runs");
    // W starts 1 March 19:00 EST, so the first bucket is 1 March (05:00Z); 8 March ends at 04:00Z (EDT).
    expect(res.points.map((p) => [p.start, p.end, p.runs])).toEqual([
      ["2026-03-01T05:00:00.000Z", "2026-03-02T05:00:00.000Z", 1], // R1 (03-02 00:00Z = 1 March 19:00)
      ["2026-03-02T05:00:00.000Z", "2026-03-03T05:00:00.000Z", 0],
      ["2026-03-03T05:00:00.000Z", "2026-03-04T05:00:00.000Z", 1], // R2
      ["2026-03-04T05:00:00.000Z", "2026-03-05T05:00:00.000Z", 2], // R3, R5 (03-05 00:00Z = 4 March 19:00)
      ["2026-03-05T05:00:00.000Z", "2026-03-06T05:00:00.000Z", 2], // T1, R6
      ["2026-03-06T05:00:00.000Z", "2026-03-07T05:00:00.000Z", 1], // T2
      ["2026-03-07T05:00:00.000Z", "2026-03-08T05:00:00.000Z", 2], // T3, T4
      ["2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z", 3], // B1, B2, R4
    ]);
  });

  it("one tool's calls per hour, and hours on a half-hour zone", async () => {
    const from = new Date("2026-03-04T10:00:00Z");
    const to = new Date("2026-03-04T14:00:00Z");
    const empty = (h: number): ToolBucket => ({
      start: `2026-03-04T${h}:00:00.000Z`, end: `2026-03-04T${h + 1}:00:00.000Z`, calls: 0, errors: 0, errorRate: null, latencyMs: NO_LATENCY,
    });
    expect(await getTimeseries(db, { projectId, from, to }, { series: "tool", tool: "ticketing.create", bucket: "hour", timeZone: "UTC" })).toEqual({
      series: "tool", bucket: "hour", timeZone: "UTC", tool: "ticketing.create",
      // R3 at 12:00: a timeout of 5000 ms and an error of 4000 ms → p50 4500, p95 4950, p99 4990.
      points: [empty(10), empty(11), { ...empty(12), calls: 2, errors: 2, errorRate: 1, latencyMs: two(4000, 5000) }, empty(13)],
    });
    const india = await getTimeseries(db, { projectId, from, to: new Date("2026-03-04T12:30:00Z") }, { series: "tool", tool: "ticketing.create", bucket: "hour", timeZone: "Asia/Kolkata" });
    if (india.series !== "tool") throw new Error("expected tool");
    // 10:00Z is 15:30 IST: its hour began at 15:00 IST = 09:30Z. R3 (12:00Z) is in the 17:00 IST hour.
    expect(india.points.map((p) => [p.start, p.calls])).toEqual([
      ["2026-03-04T09:30:00.000Z", 0],
      ["2026-03-04T10:30:00.000Z", 0],
      ["2026-03-04T11:30:00.000Z", 2],
    ]);
  });

  it("per-workflow rates per day, workflows by runs desc", async () => {
    const res = await getTimeseries(db, w(), { series: "workflows", bucket: "day", timeZone: "UTC" });
    if (res.series !== "workflows") throw new Error("expected workflows");
    const n = null;
    const view = res.workflows.map((wf) => ({
      workflow: wf.workflow,
      spans: wf.points.map((p) => [p.start, p.end]),
      runs: wf.points.map((p) => p.runs),
      successRate: wf.points.map((p) => p.successRate),
      escalationRate: wf.points.map((p) => p.escalationRate),
      failureRate: wf.points.map((p) => p.failureRate),
    }));
    const spans = [2, 3, 4, 5, 6, 7, 8].map((d) => [utcDay(d).start, utcDay(d).end]);
    expect(view).toEqual([
      // R1 R2 success, R3 R5 R6 failure, nothing on the 7th, R4 escalated on the 8th.
      { workflow: "refund", spans, runs: [1, 1, 1, 1, 1, 0, 1], successRate: [1, 1, 0, 0, 0, n, 0], escalationRate: [0, 0, 0, 0, 0, n, 1], failureRate: [0, 0, 1, 1, 1, n, 0] },
      // T1 (5th), T2 (6th) failures; T3 escalated + T4 failure (7th).
      { workflow: "triage", spans, runs: [0, 0, 0, 1, 1, 2, 0], successRate: [n, n, n, 0, 0, 0, n], escalationRate: [n, n, n, 0, 0, 0.5, n], failureRate: [n, n, n, 1, 1, 0.5, n] },
      { workflow: "billing", spans, runs: [0, 0, 0, 0, 0, 0, 2], successRate: [n, n, n, n, n, n, 0.5], escalationRate: [n, n, n, n, n, n, 0], failureRate: [n, n, n, n, n, n, 0.5] },
    ]);
  });

  it("the other project's trend has only its own run", async () => {
    const res = await getTimeseries(db, { projectId: otherProjectId, ...WINDOW }, { series: "runs", bucket: "day", timeZone: "UTC" });
    if (res.series !== "runs") throw new Error("expected runs");
    expect(res.points.map((p) => [p.runs, p.totalCostUsd, p.retryCostUsd])).toEqual([[0, 0, 0], [1, 64, 32], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  });
});
