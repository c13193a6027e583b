import { describe, expect, it } from "vitest";
import { validateRun } from "@/lib/shared/run-schema";
import {
  CANARY_RELEASE,
  CRITICAL_VIOLATIONS_DAYS_AGO,
  DEMO_TOOLS,
  DEMO_WORKFLOWS,
  demoTimeline,
  generateDemoRuns,
  Rng,
  STABLE_RELEASE,
  topFailureReasons,
  type DemoRun,
} from "./generator";

const NOW = new Date("2026-11-25T10:30:00.000Z");
const DAY = 86_400_000;
const runs = generateDemoRuns({ now: NOW });
const calls = runs.flatMap((r) => r.toolCalls.map((c, i) => ({ run: r, call: c, prev: r.toolCalls[i - 1] })));
const ms = (s: string) => Date.parse(s);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.ceil(pos)] - sorted[lo]) * (pos - lo);
}

const rate = (rs: DemoRun[], outcome: DemoRun["outcome"]) => rs.filter((r) => r.outcome === outcome).length / rs.length;

describe("demo generator", () => {
  it("makes 6,000–8,000 runs over the 30 days before now, oldest first, with unique ids", () => {
    expect(runs.length).toBeGreaterThanOrEqual(6000);
    expect(runs.length).toBeLessThanOrEqual(8000);
    expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    for (const [i, r] of runs.entries()) {
      expect(ms(r.startedAt)).toBeGreaterThanOrEqual(NOW.getTime() - 30 * DAY);
      expect(ms(r.endedAt)).toBeLessThan(NOW.getTime());
      if (i > 0) expect(r.startedAt >= runs[i - 1].startedAt).toBe(true);
    }
  });

  it("every run passes the ingest schema (CONTRACT §2)", () => {
    const invalid = runs.map((r) => ({ id: r.id, res: validateRun(r) })).filter((x) => !x.res.ok);
    expect(invalid).toEqual([]);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    expect(generateDemoRuns({ now: NOW })).toEqual(runs);
    const other = generateDemoRuns({ now: NOW, seed: 7 });
    expect(other[0].id).not.toBe(runs[0].id);
    const a = new Rng(42);
    const b = new Rng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it("covers 6+ workflows and 10+ tools, each actually used", () => {
    const workflows = new Set(runs.map((r) => r.workflow));
    const tools = new Set(calls.map((c) => c.call.name));
    expect(workflows.size).toBeGreaterThanOrEqual(6);
    expect(tools.size).toBeGreaterThanOrEqual(10);
    expect([...workflows].sort()).toEqual(DEMO_WORKFLOWS.map((w) => w.name).sort());
    expect([...tools].sort()).toEqual(DEMO_TOOLS.map((t) => t.name).sort());
    for (const name of ["refund-request", "ticket-triage", "order-status", "account-update", "invoice-dispute", "kyc-check"])
      expect(workflows).toContain(name);
  });

  it("has all four failure categories with recurring reasons; ticketing timeouts lead tool errors", () => {
    const top = topFailureReasons(runs);
    expect(new Set(top.map((t) => t.category))).toEqual(
      new Set(["tool_error", "policy_violation", "context_failure", "model_failure"]),
    );
    // Recurring: the ten most frequent reasons each happen at least ten times.
    for (const t of top.slice(0, 10)) expect(t.count).toBeGreaterThanOrEqual(10);
    expect(top.find((t) => t.category === "tool_error")?.reason).toBe("ticketing API timeout");
    const reasons = top.map((t) => t.reason);
    for (const r of ["ticketing API timeout", "PII in response blocked", "refund over limit", "missing order context", "hallucinated policy"])
      expect(reasons).toContain(r);
    // A few critical violations, at their scheduled times, in v12 production only.
    const critical = runs.filter((r) => r.failure?.critical);
    expect(critical).toHaveLength(CRITICAL_VIOLATIONS_DAYS_AGO.length);
    for (const [i, r] of critical.entries()) {
      expect(r.failure?.category).toBe("policy_violation");
      expect(r.release).toBe(STABLE_RELEASE.release);
      expect(ms(r.startedAt)).toBeGreaterThanOrEqual(NOW.getTime() - CRITICAL_VIOLATIONS_DAYS_AGO[i] * DAY);
    }
  });

  it("has escalations with reasons and review costs", () => {
    const escalated = runs.filter((r) => r.outcome === "escalated");
    expect(escalated.length).toBeGreaterThan(200);
    expect(escalated.every((r) => r.escalation && r.escalation.reviewCostUsd > 0 && !r.failure)).toBe(true);
    expect(new Set(escalated.map((r) => r.escalation?.reason))).toEqual(
      new Set(["high-impact action", "budget cap exceeded", "customer asked for human", "low confidence answer"]),
    );
  });

  it("has retries that repeat the failed call before them, and blocked calls", () => {
    const retries = calls.filter((c) => c.call.retry);
    expect(retries.length).toBeGreaterThan(100);
    for (const r of retries) {
      expect(r.prev?.name).toBe(r.call.name);
      expect(r.prev?.status).not.toBe("ok");
    }
    // Retries that recovered: a failed call then an ok retry, in a successful run.
    expect(retries.some((r) => r.call.status === "ok" && r.run.outcome === "success")).toBe(true);
    const blocked = calls.filter((c) => c.call.status === "blocked");
    expect(blocked.length).toBeGreaterThan(50);
    expect(new Set(blocked.map((b) => b.call.errorType))).toEqual(new Set(["pii_detected", "over_limit", "requires_approval"]));
  });

  it("times tool calls in order inside their run", () => {
    for (const r of runs) {
      let last = ms(r.startedAt);
      for (const c of r.toolCalls) {
        expect(ms(c.startedAt)).toBeGreaterThanOrEqual(last);
        expect(ms(c.endedAt)).toBeGreaterThanOrEqual(ms(c.startedAt));
        last = ms(c.endedAt);
      }
      expect(ms(r.endedAt)).toBeGreaterThanOrEqual(last);
    }
  });

  it("runs the v13 canary only in the last days, escalating more than v12 in production", () => {
    const timeline = demoTimeline({ now: NOW });
    const canary = runs.filter((r) => r.environment === "canary");
    const production = runs.filter((r) => r.environment === "production");
    expect(canary.length).toBeGreaterThan(100);
    expect(canary.every((r) => r.release === CANARY_RELEASE.release && r.promptVersion === "v13")).toBe(true);
    expect(canary.every((r) => ms(r.startedAt) >= timeline.canaryFrom.getTime())).toBe(true);
    expect(production.every((r) => r.release === STABLE_RELEASE.release)).toBe(true);
    expect(production.length + canary.length).toBe(runs.length);
    const productionMeanwhile = production.filter((r) => ms(r.startedAt) >= timeline.canaryFrom.getTime());
    // Worse by more than the default gate margin (0.05): the canary gate fails.
    expect(rate(canary, "escalated")).toBeGreaterThan(rate(productionMeanwhile, "escalated") + 0.05);
  });

  it("groups runs in sessions, several runs for many of them", () => {
    const bySession = new Map<string, number>();
    for (const r of runs) bySession.set(r.sessionId, (bySession.get(r.sessionId) ?? 0) + 1);
    const multi = [...bySession.values()].filter((n) => n > 1).length;
    expect(multi / bySession.size).toBeGreaterThan(0.3);
    expect(Math.max(...bySession.values())).toBe(4);
  });

  it("has believable costs and token usage", () => {
    for (const r of runs) {
      expect(r.costUsd).toBeGreaterThanOrEqual(0.002);
      expect(r.costUsd).toBeLessThanOrEqual(0.2);
      const toolCost = r.toolCalls.reduce((s, c) => s + (c.costUsd ?? 0), 0);
      expect(r.costUsd).toBeGreaterThanOrEqual(toolCost - 1e-9);
      expect(r.usage.inputTokens).toBeGreaterThan(r.usage.outputTokens);
    }
    const median = percentile(runs.map((r) => r.costUsd), 0.5);
    expect(median).toBeGreaterThan(0.005);
    expect(median).toBeLessThan(0.05);
  });

  it("gives tools lognormal bodies with rare tails, identity.verify the slowest", () => {
    const latencies = new Map<string, number[]>();
    for (const { call } of calls) {
      if (call.status === "timeout") continue;
      latencies.set(call.name, [...(latencies.get(call.name) ?? []), ms(call.endedAt) - ms(call.startedAt)]);
    }
    const p50 = (t: string) => percentile(latencies.get(t) ?? [], 0.5);
    const p95 = (t: string) => percentile(latencies.get(t) ?? [], 0.95);
    const p99 = (t: string) => percentile(latencies.get(t) ?? [], 0.99);
    const slowest = [...latencies.keys()].sort((a, b) => p95(b) - p95(a))[0];
    expect(slowest).toBe("identity.verify");
    expect(p95("identity.verify")).toBeGreaterThan(5000);
    for (const t of latencies.keys()) {
      expect(p95(t)).toBeGreaterThan(p50(t));
      expect(p99(t)).toBeGreaterThan(1.5 * p50(t));
    }
    expect(p50("orders.get")).toBeLessThan(300);
  });

  it("has weekly seasonality and the ticketing outage", () => {
    const perDay = new Map<string, { weekend: boolean; n: number }>();
    for (const r of runs.filter((r) => ms(r.startedAt) >= NOW.getTime() - 28 * DAY)) {
      const day = r.startedAt.slice(0, 10);
      const dow = new Date(day).getUTCDay();
      const e = perDay.get(day) ?? { weekend: dow === 0 || dow === 6, n: 0 };
      e.n++;
      perDay.set(day, e);
    }
    const avg = (weekend: boolean) => {
      const days = [...perDay.values()].filter((d) => d.weekend === weekend);
      return days.reduce((s, d) => s + d.n, 0) / days.length;
    };
    expect(avg(false)).toBeGreaterThan(1.5 * avg(true));

    const { outage } = demoTimeline({ now: NOW });
    const triage = runs.filter((r) => r.workflow === "ticket-triage");
    const during = triage.filter((r) => ms(r.startedAt) >= outage.from.getTime() && ms(r.startedAt) < outage.to.getTime());
    expect(during.length).toBeGreaterThan(5);
    expect(rate(during, "failure")).toBeGreaterThan(3 * rate(triage, "failure"));
  });

  it("order-status drifts: its 7-day mean quality is more than 0.05 below its 28-day mean; no other workflow does (docs/quality.md)", () => {
    const mean = (rs: DemoRun[]) => rs.reduce((t, r) => t + (r.qualityScore ?? 0), 0) / rs.length;
    for (const w of DEMO_WORKFLOWS) {
      const scored = runs.filter((r) => r.workflow === w.name && r.qualityScore !== undefined && ms(r.startedAt) >= NOW.getTime() - 28 * DAY);
      const recent = scored.filter((r) => ms(r.startedAt) >= NOW.getTime() - 7 * DAY);
      const drop = mean(scored) - mean(recent);
      if (w.name === "order-status") expect(drop).toBeGreaterThan(0.08);
      else expect(drop, w.name).toBeLessThan(0.03);
    }
  });
});
