// Numbers that cannot poison a project (issue 11): runs at the bounds Keel accepts (1,000,000 USD,
// 2^31-1 tokens, the longest durations) leave every metric answering with finite numbers, and a
// run past a bound (costUsd 1e308) is rejected on its own instead of breaking the project for good.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import {
  getOverview,
  getReleaseMetrics,
  getTimeseries,
  getToolMetrics,
  getTopFailureReasons,
  getWorkflowMetrics,
} from "@/lib/server/queries/metrics";
import { getReleaseGates } from "@/lib/server/services/gates";
import { createTestProject, testDatabases } from "../helpers/db";

const MAX_INT = 2_147_483_647;
const receivedAt = new Date("2026-11-30T12:00:00Z");

function run(i: number, extra: Record<string, unknown> = {}) {
  const startedAt = new Date(Date.UTC(2026, 10, 29, 10, i)).toISOString();
  return {
    id: `extreme-${i}`,
    sessionId: `s-${i}`,
    workflow: "refund-request",
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt,
    endedAt: new Date(Date.parse(startedAt) + MAX_INT).toISOString(),
    outcome: "success",
    costUsd: 1_000_000,
    usage: { inputTokens: MAX_INT, outputTokens: MAX_INT },
    toolCalls: [
      { name: "payments.refund", startedAt, endedAt: new Date(Date.parse(startedAt) + MAX_INT).toISOString(), status: "ok", retry: true, costUsd: 1_000_000 },
    ],
    ...extra,
  };
}

describe.each(testDatabases())("extreme but accepted values on $name", (target) => {
  let db: Database;
  let projectId: string;
  const filter = () => ({ projectId, from: new Date("2026-11-29T00:00:00Z"), to: new Date("2026-11-30T00:00:00Z") });

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "extreme")).id;
    const runs = [
      run(1),
      run(2),
      run(3, { outcome: "escalated", escalation: { reason: "high-impact action", reviewCostUsd: 1_000_000 } }),
      run(4, { outcome: "failure", failure: { category: "policy_violation", reason: "refund over limit", critical: true } }),
      run(5, { id: "poison", costUsd: 1e308 }),
    ];
    const result = await ingestRuns(db, projectId, runs, { receivedAt });
    expect(result).toEqual({
      accepted: 4,
      duplicates: 0,
      rejected: [{ index: 4, id: "poison", errors: [{ path: "costUsd", message: "must be at most 1,000,000 USD" }] }],
    });
  });
  afterAll(async () => db?.close());

  it("every metric answers with finite numbers", async () => {
    const o = await getOverview(db, filter());
    expect(o.runs).toBe(4);
    expect(o.totalCostUsd).toBe(4_000_000);
    expect(o.costPerSuccessUsd).toBe(2_000_000);
    expect(o.costPerEscalationUsd).toBe(2_000_000);
    expect(o.retryCostUsd).toBe(4_000_000);
    expect(o.criticalPolicyViolations).toBe(1);
    expect(o.runLatencyMs.p95).toBe(MAX_INT);

    const [wf] = await getWorkflowMetrics(db, filter());
    expect(wf).toMatchObject({ workflow: "refund-request", runs: 4, totalCostUsd: 4_000_000 });
    const [tool] = await getToolMetrics(db, filter());
    expect(tool).toMatchObject({ tool: "payments.refund", calls: 4, latencyMs: { p50: MAX_INT, p95: MAX_INT, p99: MAX_INT } });
    expect(await getTopFailureReasons(db, filter())).toEqual([{ category: "policy_violation", reason: "refund over limit", count: 1, share: 1 }]);
    const ts = await getTimeseries(db, filter(), { series: "runs", bucket: "day", timeZone: "UTC" });
    expect(ts.series).toBe("runs");
    const releases = await getReleaseMetrics(db, filter());
    expect(releases.map((r) => r.release)).toEqual(["gpt-4.1@v1"]);
    const gates = await getReleaseGates(db, projectId, "gpt-4.1@v1", { from: filter().from, to: filter().to });
    expect(gates.release).toBe("gpt-4.1@v1");
    expect(JSON.stringify([o, wf, tool, ts, releases, gates])).not.toMatch(/Infinity|NaN/);
  });
});
