import { describe, expect, it } from "vitest";
import type { OverviewMetrics } from "./metrics";
import type { Review } from "./review";
import { reviewToMarkdown } from "./review-markdown";

function overview(o: Partial<OverviewMetrics>): OverviewMetrics {
  return {
    runs: 0, sessions: 0, successRate: null, escalationRate: null, failureRate: null, totalCostUsd: 0,
    costPerSuccessUsd: null, costPerEscalationUsd: null, retryCostUsd: 0, incidentRatePer1kSessions: null,
    criticalPolicyViolations: 0, runLatencyMs: { p50: null, p95: null, p99: null }, successes: 0, escalations: 0,
    failures: 0, incidentsOpened: 0, ...o,
  };
}

const review: Review = {
  week: "2026-W42",
  previousWeek: "2026-W41",
  from: "2026-10-12T00:00:00.000Z",
  to: "2026-10-19T00:00:00.000Z",
  kpis: {
    current: overview({ runs: 200, successRate: 0.9, escalationRate: 0.05, criticalPolicyViolations: 2, runLatencyMs: { p50: 1000, p95: 12_000, p99: 20_000 } }),
    previous: overview({ runs: 180, successRate: 0.88, escalationRate: 0.04, criticalPolicyViolations: 2, runLatencyMs: { p50: 900, p95: 15_000, p99: 21_000 } }),
  },
  workflows: [],
  topFailures: [
    {
      category: "tool_error", reason: "ticketing | API timeout", count: 12, previousCount: 4, share: 0.5,
      fixItem: { id: "f1", category: "tool_error", reason: "ticketing | API timeout", owner: "dana@keel.local", ownerName: "Dana", dueDate: "2026-10-20", status: "in_progress", notes: "retry budget\nraised", overdue: true, createdAt: "", updatedAt: "" },
    },
    { category: "policy_violation", reason: "PII in reply", count: 3, previousCount: 0, share: 0.125, fixItem: null },
  ],
  topToolsByP95: [{ tool: "kb.search", calls: 40, latencyMs: { p50: 100, p95: 2500, p99: 3000 }, previousP95Ms: 2000, errorRate: 0 }],
  sinceRelease: null,
};

describe("reviewToMarkdown", () => {
  const md = reviewToMarkdown(review, { projectName: "Demo", today: "2026-10-19" });

  it("titles the week with its dates", () => {
    expect(md.split("\n")[0]).toBe("# Weekly reliability review — Demo, 2026-W42 (Oct 12 – Oct 18, 2026)");
  });

  it("writes KPI rows with the change read the right way", () => {
    expect(md).toContain("| Success rate | 90.0% | 88.0% | +2.0 pts | ▲ better |");
    expect(md).toContain("| Escalation rate | 5.0% | 4.0% | +1.0 pts | ▼ worse |");
    expect(md).toContain("| Critical policy violations | 2 | 2 | ±0 | same |");
    expect(md).toContain("| Run p95 latency | 12.0 s | 15.0 s | −20.0% | ▲ better |");
    expect(md).toContain("| Cost per success | — | — | — |  |");
  });

  it("lists failures with their fix item, escaping pipes and line breaks", () => {
    expect(md).toContain("| 1 | tool_error | ticketing \\| API timeout | 12 | 4 | +8 | Dana | 2026-10-20 (OVERDUE) | In progress | retry budget raised |");
    expect(md).toContain("| 2 | policy_violation | PII in reply | 3 | 0 | new | unassigned |  |  |  |");
  });

  it("lists the slowest tools", () => {
    expect(md).toContain("| kb.search | 40 | 2,500 ms | 2,000 ms | +25.0% |");
    expect(md.trimEnd().endsWith("_Exported from Keel on 2026-10-19._")).toBe(true);
  });
});
