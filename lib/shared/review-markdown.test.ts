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
  risks: [],
  guardrails: {
    current: {
      runs: 200, breachingRuns: 6, blockedCalls: 14, blockedRuns: 9,
      detections: [{ kind: "repeated_call", runs: 4, wastedCostUsd: 1.25 }, { kind: "cycle", runs: 2, wastedCostUsd: 0.5 }, { kind: "failure_streak", runs: 0, wastedCostUsd: 0 }],
      duplicateSideEffectRuns: 3, duplicateSideEffectCostUsd: 1.5,
    },
    previous: {
      runs: 180, breachingRuns: 2, blockedCalls: 14, blockedRuns: 8,
      detections: [{ kind: "repeated_call", runs: 5, wastedCostUsd: 2 }, { kind: "cycle", runs: 0, wastedCostUsd: 0 }, { kind: "failure_streak", runs: 1, wastedCostUsd: 0.25 }],
      duplicateSideEffectRuns: 0, duplicateSideEffectCostUsd: 0,
    },
  },
};

describe("reviewToMarkdown", () => {
  const md = reviewToMarkdown(review, { projectName: "Demo", today: "2026-10-19" });

  it("titles the week with its dates", () => {
    expect(md.split("\n")[0]).toBe("# Weekly reliability review — Demo, 2026-W42 (2026-10-12 – 2026-10-18)");
  });

  it("writes KPI rows with the change read the right way", () => {
    expect(md).toContain("| Success rate | 90.0% | 88.0% | +2.0 pp | ▲ better |");
    expect(md).toContain("| Escalation rate | 5.0% | 4.0% | +1.0 pp | ▼ worse |");
    expect(md).toContain("| Critical policy violations | 2 | 2 | ±0 | same |");
    expect(md).toContain("| Run p95 latency | 12.0 s | 15.0 s | −20.0% | ▲ better |");
    expect(md).toContain("| Cost per success | — | — | — |  |");
  });

  it("lists failures with their fix item, escaping pipes and line breaks", () => {
    expect(md).toContain("| 1 | tool_error | ticketing \\| API timeout | 12 | 4 | +8 | Dana | 2026-10-20 (OVERDUE) | In progress | retry budget raised |");
    expect(md).toContain("| 2 | policy_violation | PII in reply | 3 | 0 | new | unassigned |  |  |  |");
  });

  it("writes the guardrails section: this week, last week, the change and the wasted cost", () => {
    const section = md.slice(md.indexOf("## Guardrails"), md.indexOf("## Slowest tools"));
    expect(section).toContain("|  | 2026-W42 | 2026-W41 | Change | Wasted cost | Wasted last week |");
    expect(section).toContain("| Runs over budget | 6 | 2 | +4 |  |  |");
    expect(section).toContain("| Blocked calls | 14 | 14 | ±0 |  |  |");
    expect(section).toContain("| Runs with a retry storm | 4 | 5 | −1 | $1.25 | $2.00 (−$0.75) |");
    expect(section).toContain("| Runs with a loop | 2 | 0 | new | $0.50 | $0 (+$0.50) |");
    expect(section).toContain("| Runs with a failure streak | 0 | 1 | −1 | $0 | $0.25 (−$0.25) |");
    expect(section).toContain("| Runs with a duplicate side effect | 3 | 0 | new | $1.50 | $0 (+$1.50) |");
  });

  it("lists the slowest tools", () => {
    expect(md).toContain("| kb.search | 40 | 2.5 s | 2.0 s | +25.0% |");
    expect(md.trimEnd().endsWith("_Exported from Keel on 2026-10-19._")).toBe(true);
  });

  it("writes numbers and dates with the app's one format (lib/shared/format.ts)", () => {
    const big: Review = {
      ...review,
      week: "2026-W01",
      previousWeek: "2025-W52",
      kpis: {
        current: overview({ runs: 6140, costPerSuccessUsd: 0.0042, retryCostUsd: 1204.4, incidentRatePer1kSessions: 1.254, escalationRate: 0.05 }),
        previous: overview({ runs: 93, costPerSuccessUsd: 0.005, retryCostUsd: 0, incidentRatePer1kSessions: 0, escalationRate: 0.05 }),
      },
      topFailures: [{ ...review.topFailures[1], count: 1234, previousCount: 1500 }],
      topToolsByP95: [{ tool: "ticketing.create", calls: 12_408, latencyMs: { p50: 400, p95: 125_000, p99: 130_000 }, previousP95Ms: 999.6, errorRate: 0 }],
    };
    const out = reviewToMarkdown(big, { projectName: "Demo", today: "2026-01-05" });
    // ISO week 2026-W01 starts Monday 2025-12-29 (UTC) and ends Sunday 2026-01-04.
    expect(out.split("\n")[0]).toBe("# Weekly reliability review — Demo, 2026-W01 (2025-12-29 – 2026-01-04)");
    expect(out).toContain("| Runs | 6,140 | 93 | +6,047 |  |");
    expect(out).toContain("| Escalation rate | 5.0% | 5.0% | ±0.0 pp | same |");
    expect(out).toContain("| Cost per success | $0.0042 | $0.0050 | −16.0% | ▲ better |");
    expect(out).toContain("| Retry cost | $1,204 | $0 | +$1,204 | ▼ worse |");
    expect(out).toContain("| Incidents / 1k sessions | 1.25 | 0.00 | +1.25 | ▼ worse |");
    expect(out).toContain("| 1 | policy_violation | PII in reply | 1,234 | 1,500 | −266 | unassigned |  |  |  |");
    expect(out).toContain("| ticketing.create | 12,408 | 2 m 05 s | 1.0 s | +12,405.0% |");
  });
});

describe("reviewToMarkdown: since the last release", () => {
  it("compares rates only, with the releases' run counts as context (93 canary runs vs 6,140 is no change)", () => {
    const md = reviewToMarkdown(
      {
        ...review,
        sinceRelease: {
          release: "gpt-4.1@v13",
          previousRelease: "gpt-4.1@v12",
          current: overview({ runs: 93, successRate: 0.9, escalationRate: 0.05, failureRate: 0.05 }),
          previous: overview({ runs: 6140, successRate: 0.92, escalationRate: 0.04, failureRate: 0.04 }),
          currentFrom: "2026-10-14T00:00:00.000Z",
          previousFrom: "2026-09-01T00:00:00.000Z",
          to: "2026-10-19T00:00:00.000Z",
          environments: ["canary"],
          previousEnvironments: ["production"],
        },
      },
      { projectName: "Demo", today: "2026-10-19" },
    );
    expect(md).toContain("Compared by rates; runs are context: gpt-4.1@v13 93 runs (canary), gpt-4.1@v12 6,140 runs (production).");
    expect(md).toContain("| Success rate | 90.0% | 92.0% | −2.0 pp | ▼ worse |");
    const section = md.slice(md.indexOf("## Since the last release"), md.indexOf("## Top failures"));
    expect(section).not.toMatch(/\| Runs \|/);
    expect(section).not.toContain("−98");
  });
});
