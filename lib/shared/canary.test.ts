import { describe, expect, it } from "vitest";
import { analyseCanary, CANARY_CHECKS, latencyMinSample, overallVerdict, type CanaryCheck, type CanaryCohort, type CanaryInput } from "./canary";
import { newcombeDiffInterval } from "./stats";

const SETTINGS = { margin: 0.05, confidence: 0.95, latencyTolerance: 0.1, goldSetMinPassRate: 0.85 };
const EVAL = { goldSet: "core", passed: 17, total: 20, ranAt: "2026-12-01T00:00:00.000Z" };

const cohort = (runs: number, escalations: number, over: Partial<CanaryCohort> = {}): CanaryCohort => ({
  runs,
  escalations,
  failures: 0,
  criticalPolicyViolations: 0,
  runP95Ms: runs > 0 ? 8000 : null,
  ...over,
});

/** Canary and baseline with these escalations, every run lasting 8 s (one latency bin). */
function input(canary: CanaryCohort, baseline: CanaryCohort, over: Partial<CanaryInput> = {}): CanaryInput {
  return {
    settings: SETTINGS,
    canary,
    baseline,
    latency: [{ value: 8000, a: canary.runs, b: baseline.runs }],
    latestEval: EVAL,
    ...over,
  };
}

const checkOf = (i: CanaryInput, name: CanaryCheck["name"]) => analyseCanary("support-bot@v2", i).checks.find((c) => c.name === name)!;
const escalation = (xc: number, nc: number, xb: number, nb: number, settings = SETTINGS) =>
  checkOf(input(cohort(nc, xc), cohort(nb, xb), { settings }), "escalation_rate");

describe("escalation_rate and failure_rate: non-inferiority against the margin", () => {
  it("16/100 vs 100/1000 (the issue's weak evidence) is inconclusive: too few runs, and the interval holds the margin", () => {
    const c = escalation(16, 100, 100, 1000);
    expect(c).toEqual({
      name: "escalation_rate",
      verdict: "inconclusive",
      canary: 0.16,
      baseline: 0.1,
      diff: 0.06,
      interval: [expect.closeTo(0.0061305, 7), expect.closeTo(0.1306415, 7)],
      n: { canary: 100, baseline: 1000 },
      minSample: 446,
      threshold: 0.05,
      pValue: null,
      reason: "Escalation rate 16.0% vs 10.0%: 100 canary runs, 446 needed; +0.6 pp to +13.1 pp includes the +5.0 pp margin.",
    });
    // The interval is Newcombe's at the two-sided level 1 − 2·alpha = 90%: its upper bound is the one-sided 95% bound.
    const ci = newcombeDiffInterval(16, 100, 100, 1000, 0.9)!;
    expect(c.interval![0]).toBeCloseTo(ci.lower, 12);
    expect(c.interval![1]).toBeCloseTo(ci.upper, 12);
  });

  it("3 canary runs without an escalation vs 100/1000 is inconclusive for too few runs", () => {
    const c = escalation(0, 3, 100, 1000);
    expect(c.verdict).toBe("inconclusive");
    expect(c.minSample).toBe(446);
    expect(c.reason).toBe("Escalation rate 0.0% vs 10.0%: 3 canary runs, 446 needed; −11.7 pp to +37.4 pp includes the +5.0 pp margin.");
  });

  it("60/400 vs 500/5000 (exactly the margin's worth worse) is inconclusive", () => {
    const c = escalation(60, 400, 500, 5000);
    expect(c.verdict).toBe("inconclusive");
    expect(c.interval).toEqual([expect.closeTo(0.022047, 6), expect.closeTo(0.082427, 6)]);
    expect(c.reason).toBe("Escalation rate 15.0% vs 10.0%: 400 canary runs, 446 needed; +2.2 pp to +8.2 pp includes the +5.0 pp margin.");
  });

  it("120/400 vs 500/5000 (a clear regression) fails, whatever the minimum sample", () => {
    const c = escalation(120, 400, 500, 5000);
    expect(c.verdict).toBe("fail");
    expect(c.interval).toEqual([expect.closeTo(0.163051, 6), expect.closeTo(0.239512, 6)]);
    expect(c.reason).toBe("Escalation rate 30.0% vs 10.0%: worse by +16.3 pp to +24.0 pp, beyond the +5.0 pp margin.");
    expect(escalation(3, 3, 0, 1000).verdict).toBe("fail"); // 3 of 3 escalated: a fail with 3 runs
  });

  it("40/1000 vs 500/5000 (a clean canary with enough runs) passes", () => {
    const c = escalation(40, 1000, 500, 5000);
    expect(c.verdict).toBe("pass");
    expect(c.interval).toEqual([expect.closeTo(-0.071534, 6), expect.closeTo(-0.046662, 6)]);
    expect(c.reason).toBe("Escalation rate 4.0% vs 10.0%: −7.2 pp to −4.7 pp, within the +5.0 pp margin.");
  });

  it("fails only when the lower bound is above the margin: lower == margin is not a fail", () => {
    const { interval } = escalation(120, 400, 500, 5000);
    const lower = interval![0];
    expect(escalation(120, 400, 500, 5000, { ...SETTINGS, margin: lower }).verdict).toBe("inconclusive");
    expect(escalation(120, 400, 500, 5000, { ...SETTINGS, margin: lower * (1 - 1e-12) }).verdict).toBe("fail");
  });

  it("passes only when the upper bound is below the margin: upper == margin is not a pass", () => {
    // 2,100/20,000 vs 2,000/20,000: the 20,000 canary runs exceed the minimum sample at this margin (11,152).
    const { interval } = escalation(2100, 20_000, 2000, 20_000);
    const upper = interval![1];
    const atUpper = escalation(2100, 20_000, 2000, 20_000, { ...SETTINGS, margin: upper });
    expect(atUpper.verdict).toBe("inconclusive");
    expect(atUpper.minSample).toBe(11_152);
    expect(atUpper.reason).toBe("Escalation rate 10.5% vs 10.0%: ±0.0 pp to +1.0 pp includes the +1.0 pp margin.");
    expect(escalation(2100, 20_000, 2000, 20_000, { ...SETTINGS, margin: upper * (1 + 1e-12) }).verdict).toBe("pass");
  });

  it("passes from exactly the minimum sample on: 446 canary runs pass, 445 do not", () => {
    expect(escalation(18, 446, 500, 5000)).toMatchObject({ verdict: "pass", minSample: 446 });
    expect(escalation(18, 445, 500, 5000)).toMatchObject({
      verdict: "inconclusive",
      minSample: 446,
      reason: "Escalation rate 4.0% vs 10.0%: 445 canary runs, 446 needed.",
    });
  });

  it("sizes a zero baseline rate as half an event, 0.5/n_b, so the minimum stays finite", () => {
    // p = 0.5/1000: (1.6449 + 0.8416)² · 2 · 0.0005 · 0.9995 / 0.05² = 2.47 → 3; the interval still decides.
    expect(escalation(0, 100, 0, 1000)).toMatchObject({ verdict: "pass", minSample: 3, interval: [expect.closeTo(-0.0027, 4), expect.closeTo(0.0263, 4)] });
    expect(escalation(0, 3, 0, 1000)).toMatchObject({ verdict: "inconclusive", minSample: 3 });
  });

  it("is inconclusive without runs on a side, saying which", () => {
    expect(escalation(0, 0, 100, 1000)).toEqual({
      name: "escalation_rate",
      verdict: "inconclusive",
      canary: null,
      baseline: 0.1,
      diff: null,
      interval: null,
      n: { canary: 0, baseline: 1000 },
      minSample: null,
      threshold: 0.05,
      pValue: null,
      reason: "No canary runs in the window.",
    });
    expect(escalation(1, 10, 0, 0)).toMatchObject({ verdict: "inconclusive", canary: 0.1, baseline: null, reason: "No baseline runs in the window." });
  });

  it("applies the same test to the failure rate", () => {
    const c = checkOf(input(cohort(1000, 0, { failures: 40 }), cohort(5000, 0, { failures: 500 })), "failure_rate");
    expect(c).toMatchObject({ verdict: "pass", canary: 0.04, baseline: 0.1, minSample: 446 });
    expect(c.reason).toBe("Failure rate 4.0% vs 10.0%: −7.2 pp to −4.7 pp, within the +5.0 pp margin.");
    const f = checkOf(input(cohort(400, 0, { failures: 120 }), cohort(5000, 0, { failures: 500 })), "failure_rate");
    expect(f.verdict).toBe("fail");
  });

  it("follows the confidence setting: at 80% the 16/100 interval is narrower", () => {
    const c = escalation(16, 100, 100, 1000, { ...SETTINGS, confidence: 0.8 });
    const ci = newcombeDiffInterval(16, 100, 100, 1000, 0.6)!;
    expect(c.interval).toEqual([expect.closeTo(ci.lower, 12), expect.closeTo(ci.upper, 12)]);
    // alpha = 0.2, power 0.8: (z₀.₈ + z₀.₈)² · 2 · 0.1 · 0.9 / 0.05² = 1.6832² · 72 = 203.99 → 204
    expect(c.minSample).toBe(204);
  });
});

describe("critical_policy_violations", () => {
  const violations = (runs: number, count: number) => checkOf(input(cohort(runs, 0, { criticalPolicyViolations: count }), cohort(100, 10)), "critical_policy_violations");

  it("fails on any violation, passes on none, and is inconclusive without canary runs", () => {
    expect(violations(40, 1)).toEqual({
      name: "critical_policy_violations",
      verdict: "fail",
      canary: 1,
      baseline: null,
      diff: null,
      interval: null,
      n: { canary: 40, baseline: null },
      minSample: null,
      threshold: 0,
      pValue: null,
      reason: "1 critical policy violation in 40 canary runs.",
    });
    expect(violations(1, 0)).toMatchObject({ verdict: "pass", canary: 0, reason: "0 critical policy violations in 1 canary run." });
    expect(violations(0, 0)).toMatchObject({ verdict: "inconclusive", canary: null, reason: "No canary runs in the window." });
  });
});

describe("run_p95_latency", () => {
  /** Canary runs all at `canaryMs`, baseline runs all at 8 s. */
  const latency = (nc: number, canaryMs: number, settings = SETTINGS) =>
    checkOf(
      input(cohort(nc, 0, { runP95Ms: canaryMs }), cohort(1000, 0), {
        settings,
        latency: [
          { value: 8000, a: canaryMs === 8000 ? nc : 0, b: 1000 },
          { value: canaryMs, a: canaryMs === 8000 ? 0 : nc, b: 0 },
        ],
      }),
      "run_p95_latency",
    );

  it("sizes the canary by Noether's formula with the actual allocation", () => {
    // c = n_c/(n_c + n_b); canary share = (z₀.₉₅ + z₀.₈)² / (12 · (1 − c) · 0.1²)
    expect(latencyMinSample(60, 1000, 0.05)).toBe(55); // 6.1826 / (12 · 0.9434 · 0.01) = 54.6
    expect(latencyMinSample(10, 1000, 0.05)).toBe(53); // 6.1826 / (12 · 0.9901 · 0.01) = 52.04
    expect(latencyMinSample(1, 1e9, 0.05)).toBe(52); // the limit c → 0: 51.52
    expect(latencyMinSample(500, 500, 0.05)).toBe(104); // an even split: 6.1826 / (12 · 0.5 · 0.01) = 103.04
  });

  it("fails when canary runs are slower with significance and the p95 is beyond the tolerance, at any sample size", () => {
    const c = latency(10, 10_000);
    expect(c).toEqual({
      name: "run_p95_latency",
      verdict: "fail",
      canary: 10_000,
      baseline: 8000,
      diff: 0.25,
      interval: null,
      n: { canary: 10, baseline: 1000 },
      minSample: 53,
      threshold: 0.1,
      pValue: expect.any(Number),
      reason: "p95 10.0 s vs 8.0 s (+25.0%, tolerance +10.0%), and runs are slower at 95% confidence.",
    });
    expect(c.pValue).toBeLessThan(1e-100);
  });

  it("does not fail at diff == tolerance, and passes it with enough runs", () => {
    const c = latency(60, 10_000, { ...SETTINGS, latencyTolerance: 0.25 });
    expect(c).toMatchObject({ verdict: "pass", minSample: 55, reason: "p95 10.0 s vs 8.0 s (+25.0%, tolerance +25.0%); runs are slower at 95% confidence." });
    expect(latency(60, 10_000, { ...SETTINGS, latencyTolerance: 0.2499 }).verdict).toBe("fail");
  });

  it("passes from the minimum sample on when not slower, and is inconclusive below it", () => {
    expect(latency(55, 8000)).toMatchObject({ verdict: "pass", minSample: 55, pValue: 1, diff: 0 });
    expect(latency(54, 8000)).toMatchObject({
      verdict: "inconclusive",
      minSample: 55,
      reason: "p95 8.0 s vs 8.0 s (±0.0%, tolerance +10.0%): 54 canary runs, 55 needed.",
    });
  });

  it("does not fail a p95 beyond the tolerance without a significant rank test", () => {
    // Same durations on both sides (no evidence the canary is slower), but a p95 15% higher.
    const c = checkOf(
      input(cohort(100, 0, { runP95Ms: 9200 }), cohort(1000, 0), {
        latency: [
          { value: 4000, a: 50, b: 500 },
          { value: 8000, a: 50, b: 500 },
        ],
      }),
      "run_p95_latency",
    );
    expect(c.pValue).toBeCloseTo(0.500076, 6); // U = nA·nB/2 exactly: only the continuity correction moves it off ½
    expect(c).toMatchObject({ verdict: "pass", reason: "p95 9.2 s vs 8.0 s (+15.0%, tolerance +10.0%); runs are not slower at 95% confidence." });
    expect(c.diff).toBeCloseTo(0.15, 12);
  });

  it("is inconclusive without durations on a side", () => {
    const none = checkOf(input(cohort(0, 0), cohort(1000, 0), { latency: [{ value: 8000, a: 0, b: 1000 }] }), "run_p95_latency");
    expect(none).toMatchObject({ verdict: "inconclusive", canary: null, baseline: 8000, n: { canary: 0, baseline: 1000 }, reason: "No canary run durations in the window." });
    const noBase = checkOf(input(cohort(10, 0), cohort(0, 0), { latency: [{ value: 8000, a: 10, b: 0 }] }), "run_p95_latency");
    expect(noBase).toMatchObject({ verdict: "inconclusive", reason: "No baseline run durations in the window." });
  });
});

describe("gold_set_pass_rate", () => {
  const gold = (latestEval: CanaryInput["latestEval"], goldSetMinPassRate = 0.85) =>
    checkOf(input(cohort(100, 10), cohort(1000, 100), { latestEval, settings: { ...SETTINGS, goldSetMinPassRate } }), "gold_set_pass_rate");

  it("passes at exactly the threshold and fails below it", () => {
    expect(gold(EVAL)).toEqual({
      name: "gold_set_pass_rate",
      verdict: "pass",
      canary: 0.85,
      baseline: null,
      diff: 0,
      interval: null,
      n: { canary: 20, baseline: null },
      minSample: null,
      threshold: 0.85,
      pValue: null,
      reason: "core: 17 of 20 passed (85.0%), minimum 85.0%.",
    });
    expect(gold(EVAL, 0.8500000005).verdict).toBe("pass"); // within the 1e-9 slack
    expect(gold(EVAL, 0.850000002).verdict).toBe("fail");
    expect(gold({ ...EVAL, passed: 16 })).toMatchObject({ verdict: "fail", reason: "core: 16 of 20 passed (80.0%), minimum 85.0%." });
  });

  it("is inconclusive without an eval", () => {
    expect(gold(null)).toMatchObject({ verdict: "inconclusive", canary: null, n: { canary: 0, baseline: null }, reason: "No eval of this release." });
    expect(gold({ ...EVAL, passed: 0, total: 0 }).verdict).toBe("inconclusive");
  });
});

describe("analyseCanary", () => {
  it("answers every check in order, with the overall verdict of the worst", () => {
    const clean = analyseCanary("support-bot@v2", input(cohort(1000, 40), cohort(5000, 500)));
    expect(clean.release).toBe("support-bot@v2");
    expect(clean.checks.map((c) => [c.name, c.verdict])).toEqual([
      ["escalation_rate", "pass"],
      ["failure_rate", "pass"],
      ["critical_policy_violations", "pass"],
      ["run_p95_latency", "pass"],
      ["gold_set_pass_rate", "pass"],
    ]);
    expect(clean.checks.map((c) => c.name)).toEqual([...CANARY_CHECKS]);
    expect(clean.verdict).toBe("pass");

    expect(analyseCanary("r", input(cohort(100, 16), cohort(1000, 100))).verdict).toBe("inconclusive");
    expect(analyseCanary("r", input(cohort(3, 0), cohort(1000, 100))).verdict).toBe("inconclusive");
    expect(analyseCanary("r", input(cohort(400, 120), cohort(5000, 500))).verdict).toBe("fail");
    expect(analyseCanary("r", input(cohort(1000, 40, { criticalPolicyViolations: 1 }), cohort(5000, 500))).verdict).toBe("fail");
  });

  it("combines verdicts: any fail fails, all pass passes, else inconclusive", () => {
    expect(overallVerdict(["pass", "inconclusive", "fail"])).toBe("fail");
    expect(overallVerdict(["pass", "pass"])).toBe("pass");
    expect(overallVerdict(["pass", "inconclusive"])).toBe("inconclusive");
  });
});
