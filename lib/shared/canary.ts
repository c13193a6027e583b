// The canary analysis of a release (issue 16, CONTRACT §9) as pure maths: the server gathers the
// counts, this decides. Each check answers pass, fail or inconclusive with the numbers behind it;
// the statistics are lib/shared/stats.ts, the reasoning is docs/rollouts.md "Statistics".
//
// Rules (alpha = 1 − confidence; a difference is canary − baseline):
// - escalation_rate, failure_rate: a one-sided non-inferiority test of the difference of the two rates
//   against `margin`. interval = Newcombe's interval at the two-sided level 1 − 2·alpha, so its upper
//   bound is the one-sided (1 − alpha) upper bound and its lower bound the one-sided lower bound;
//   minSample = canary runs to show non-inferiority with power 0.8 when the canary's rate equals the
//   baseline's (nonInferiorityMinSample; a baseline rate of 0 counts as 0.5/n_b, half an event, so the
//   size stays finite and grows with the evidence that the rate is small).
//   - no canary runs or no baseline runs → inconclusive;
//   - lower > margin → fail (worse by more than the margin, confidently), at any sample size;
//   - upper < margin and n_c ≥ minSample → pass (non-inferior, with enough runs);
//   - else inconclusive: too few runs, or the interval holds the margin.
// - critical_policy_violations: any in the canary runs → fail; none in ≥ 1 run → pass; no runs → inconclusive.
// - run_p95_latency: diff = canary p95 / baseline p95 − 1 against `latencyTolerance`; pValue = the
//   one-sided Mann-Whitney p that canary durations are stochastically larger (binned durations);
//   minSample = canary runs to detect P(canary > baseline) = 0.6 with power 0.8 at alpha (Noether 1987,
//   see latencyMinSample). fail: pValue < alpha and diff > tolerance; pass: n_c ≥ minSample and not
//   fail; no runs on a side → inconclusive; else inconclusive.
// - gold_set_pass_rate: the release's latest eval, passed/total against goldSetMinPassRate (1e-9 slack
//   for the division); no eval → inconclusive.
// Overall: fail if any check fails, pass if all pass, else inconclusive.
import { formatCount, formatDeltaPercent, formatDeltaPp, formatDurationMs, formatRate } from "./format";
import { mannWhitneyFromCounts, newcombeDiffInterval, nonInferiorityMinSample, normalQuantile, type MannWhitneyRow } from "./stats";

import { CANARY_CHECKS, type canaryAnalysisSchema, type canaryCheckSchema } from "./api/rollouts";
import type { z } from "zod";

export { CANARY_CHECKS };
export type CanaryCheckName = (typeof CANARY_CHECKS)[number];
export type CanaryVerdict = CanaryCheck["verdict"];

export const CANARY_CHECK_LABELS: Record<CanaryCheckName, string> = {
  escalation_rate: "Escalation rate",
  failure_rate: "Failure rate",
  critical_policy_violations: "Critical policy violations",
  run_p95_latency: "Run p95 latency",
  gold_set_pass_rate: "Gold-set pass rate",
};

export interface CanarySettings {
  /** Largest acceptable rise of a rate, canary − baseline (0.05 = 5 points). */
  margin: number;
  /** One-sided confidence of every test (0.95: alpha 0.05). */
  confidence: number;
  /** Largest acceptable relative rise of the run p95 (0.1 = 10% slower). */
  latencyTolerance: number;
  goldSetMinPassRate: number;
}

export interface CanaryCohort {
  runs: number;
  escalations: number;
  failures: number;
  criticalPolicyViolations: number;
  runP95Ms: number | null;
}

export interface CanaryInput {
  settings: CanarySettings;
  /** The release's live runs in the window. */
  canary: CanaryCohort;
  /** Production runs of the other releases in the window. */
  baseline: CanaryCohort;
  /** Run durations, binned: a = canary, b = baseline. */
  latency: MannWhitneyRow[];
  latestEval: { goldSet: string; passed: number; total: number; ranAt: string } | null;
}

/** One check as the API answers it (lib/shared/api/rollouts.ts). */
export type CanaryCheck = z.infer<typeof canaryCheckSchema>;
export type CanaryAnalysis = z.infer<typeof canaryAnalysisSchema>;

/** Power of every minimum sample. */
const POWER = 0.8;
/** The effect the latency minimum sample is sized to detect: P(canary run slower than a baseline run). */
const LATENCY_EFFECT = 0.6;

const LABELS: Record<"escalation_rate" | "failure_rate", string> = { escalation_rate: "Escalation rate", failure_rate: "Failure rate" };

const runsText = (n: number, side: string) => `${formatCount(n)} ${side} run${n === 1 ? "" : "s"}`;

type Numbers = Partial<Pick<CanaryCheck, "canary" | "baseline" | "diff" | "interval" | "minSample" | "threshold" | "pValue">> & Pick<CanaryCheck, "n">;

/** One check, its fields always in the same order (the API's JSON reads alike for every check). */
function check(name: CanaryCheckName, verdict: CanaryVerdict, x: Numbers, reason: string): CanaryCheck {
  return {
    name,
    verdict,
    canary: x.canary ?? null,
    baseline: x.baseline ?? null,
    diff: x.diff ?? null,
    interval: x.interval ?? null,
    n: x.n,
    minSample: x.minSample ?? null,
    threshold: x.threshold ?? null,
    pValue: x.pValue ?? null,
    reason,
  };
}

/** escalation_rate and failure_rate: non-inferiority of the canary's rate, with three outcomes. */
function rateCheck(name: "escalation_rate" | "failure_rate", input: CanaryInput, alpha: number): CanaryCheck {
  const { margin } = input.settings;
  const key = name === "escalation_rate" ? "escalations" : "failures";
  const nC = input.canary.runs;
  const nB = input.baseline.runs;
  const xC = input.canary[key];
  const xB = input.baseline[key];
  const n = { canary: nC, baseline: nB };
  if (nC === 0) return check(name, "inconclusive", { n, baseline: nB > 0 ? xB / nB : null, threshold: margin }, "No canary runs in the window.");
  if (nB === 0) return check(name, "inconclusive", { n, canary: xC / nC, threshold: margin }, "No baseline runs in the window.");

  const pC = xC / nC;
  const pB = xB / nB;
  const ci = newcombeDiffInterval(xC, nC, xB, nB, 1 - 2 * alpha)!;
  const minSample = nonInferiorityMinSample(xB > 0 ? pB : 0.5 / nB, margin, alpha, POWER);
  const numbers: Numbers = { n, canary: pC, baseline: pB, diff: pC - pB, interval: [ci.lower, ci.upper], minSample, threshold: margin };
  const rates = `${LABELS[name]} ${formatRate(pC)} vs ${formatRate(pB)}`;
  const span = `${formatDeltaPp(ci.lower)} to ${formatDeltaPp(ci.upper)}`;

  if (ci.lower > margin) return check(name, "fail", numbers, `${rates}: worse by ${span}, beyond the ${formatDeltaPp(margin)} margin.`);
  if (ci.upper < margin && nC >= minSample) return check(name, "pass", numbers, `${rates}: ${span}, within the ${formatDeltaPp(margin)} margin.`);
  const why: string[] = [];
  if (nC < minSample) why.push(`${runsText(nC, "canary")}, ${formatCount(minSample)} needed`);
  if (ci.upper >= margin) why.push(`${span} includes the ${formatDeltaPp(margin)} margin`);
  return check(name, "inconclusive", numbers, `${rates}: ${why.join("; ")}.`);
}

/** critical_policy_violations: any is a fail. */
function violationsCheck(input: CanaryInput): CanaryCheck {
  const name = "critical_policy_violations";
  const { runs, criticalPolicyViolations: count } = input.canary;
  const n = { canary: runs, baseline: null };
  if (runs === 0) return check(name, "inconclusive", { n, threshold: 0 }, "No canary runs in the window.");
  const what = `${formatCount(count)} critical policy violation${count === 1 ? "" : "s"} in ${runsText(runs, "canary")}.`;
  return check(name, count > 0 ? "fail" : "pass", { n, canary: count, threshold: 0 }, what);
}

/**
 * Canary runs needed for the rank test to detect P(canary > baseline) = 0.6 with power 0.8 at alpha.
 * Noether (1987, JASA 82:645): a one-sided Mann-Whitney test at level alpha with power 1 − β against
 * P(X > Y) = p needs N = (z₁₋α + z₁₋β)² / (12·c·(1 − c)·(p − ½)²) observations in all, c being the
 * share of them in the canary. We take c from the actual allocation, c = n_c / (n_c + n_b), and return
 * the canary's share c·N = (z₁₋α + z₁₋β)² / (12·(1 − c)·(p − ½)²), rounded up: the baseline is usually
 * much larger, so c → 0 and the need tends to (z₁₋α + z₁₋β)² / (12·0.01) ≈ 52 canary runs at 95%.
 */
export function latencyMinSample(nCanary: number, nBaseline: number, alpha: number): number {
  const c = nCanary / (nCanary + nBaseline);
  const z = normalQuantile(1 - alpha) + normalQuantile(POWER);
  return Math.ceil((z * z) / (12 * (1 - c) * (LATENCY_EFFECT - 0.5) ** 2));
}

/** run_p95_latency: the p95 ratio against the tolerance, with the rank test as the evidence. */
function latencyCheck(input: CanaryInput, alpha: number): CanaryCheck {
  const name = "run_p95_latency";
  const { latencyTolerance, confidence } = input.settings;
  const pC = input.canary.runP95Ms;
  const pB = input.baseline.runP95Ms;
  let nC = 0;
  let nB = 0;
  for (const r of input.latency) {
    nC += r.a;
    nB += r.b;
  }
  const n = { canary: nC, baseline: nB };
  const mw = mannWhitneyFromCounts(input.latency);
  if (!mw || pC === null || pB === null || !(pB > 0)) {
    const side = nC === 0 || pC === null ? "canary" : "baseline";
    return check(name, "inconclusive", { n, canary: pC, baseline: pB, threshold: latencyTolerance }, `No ${side} run durations in the window.`);
  }
  const diff = pC / pB - 1;
  const minSample = latencyMinSample(nC, nB, alpha);
  const numbers: Numbers = { n, canary: pC, baseline: pB, diff, minSample, threshold: latencyTolerance, pValue: mw.pGreater };
  const slower = mw.pGreater < alpha;
  const ratio = `p95 ${formatDurationMs(pC)} vs ${formatDurationMs(pB)} (${formatDeltaPercent(diff)}, tolerance ${formatDeltaPercent(latencyTolerance)})`;
  const evidence = `${slower ? "" : "not "}slower at ${formatRate(confidence, 0)} confidence`;
  if (slower && diff > latencyTolerance) return check(name, "fail", numbers, `${ratio}, and runs are ${evidence}.`);
  if (nC >= minSample) return check(name, "pass", numbers, `${ratio}; runs are ${evidence}.`);
  return check(name, "inconclusive", numbers, `${ratio}: ${runsText(nC, "canary")}, ${formatCount(minSample)} needed.`);
}

/** gold_set_pass_rate: the release's latest eval against the minimum pass rate. */
function goldSetCheck(input: CanaryInput): CanaryCheck {
  const name = "gold_set_pass_rate";
  const threshold = input.settings.goldSetMinPassRate;
  const ev = input.latestEval;
  if (!ev || ev.total === 0) return check(name, "inconclusive", { n: { canary: ev?.total ?? 0, baseline: null }, threshold }, "No eval of this release.");
  const rate = ev.passed / ev.total;
  const what = `${ev.goldSet}: ${formatCount(ev.passed)} of ${formatCount(ev.total)} passed (${formatRate(rate)}), minimum ${formatRate(threshold)}.`;
  const numbers: Numbers = { n: { canary: ev.total, baseline: null }, canary: rate, diff: rate - threshold, threshold };
  return check(name, rate + 1e-9 >= threshold ? "pass" : "fail", numbers, what);
}

/** The overall verdict: fail if any check fails, pass if all pass, else inconclusive. */
export function overallVerdict(verdicts: readonly CanaryVerdict[]): CanaryVerdict {
  if (verdicts.includes("fail")) return "fail";
  return verdicts.every((v) => v === "pass") ? "pass" : "inconclusive";
}

export function analyseCanary(release: string, input: CanaryInput): CanaryAnalysis {
  const alpha = 1 - input.settings.confidence;
  const checks = [
    rateCheck("escalation_rate", input, alpha),
    rateCheck("failure_rate", input, alpha),
    violationsCheck(input),
    latencyCheck(input, alpha),
    goldSetCheck(input),
  ];
  return { release, verdict: overallVerdict(checks.map((c) => c.verdict)), checks };
}
