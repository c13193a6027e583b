// Release gates (CONTRACT §6) as pure maths: the server gathers the numbers, this decides.
// Shared so the page, the API and the CI script (through the API) read one verdict.
//
// Semantics (also in docs/release-gates.md):
// - window [from, to) on startedAt, default the last 7 days before now;
// - gold_set_pass_rate: the release's latest eval by ranAt (any time, evals are not windowed),
//   passed / total >= goldSetMinPassRate;
// - critical_policy_violations: the release's runs in the window, all environments, <= max;
// - run_p95_latency_ms: p95 of the release's runs in the window <= runP95TargetMs;
// - canary_escalation_rate: only when the release has canary runs in the window: its canary
//   escalation rate <= the production escalation rate of the OTHER releases in the window + margin.
// A gate with no data fails with a `reason`; `pass` is true only when every gate passes.
import { z } from "zod";
import type { GateSettings } from "./gate-settings";
import { formatDurationMs } from "./format";
import { instantDate } from "./instant";
import { checkWindowSpan } from "./window-bounds";
import type * as api from "./api/releases";

import { GATE_NAMES } from "./api/releases";
export { GATE_NAMES };
export type GateName = (typeof GATE_NAMES)[number];

export const GATE_LABELS: Record<GateName, string> = {
  gold_set_pass_rate: "Gold-set pass rate",
  critical_policy_violations: "Critical policy violations",
  run_p95_latency_ms: "Run p95 latency",
  canary_escalation_rate: "Canary escalation rate",
};

export const DEFAULT_GATE_WINDOW_MS = 7 * 24 * 3600 * 1000;

const optionalInstant = z.preprocess((v) => (v === "" ? undefined : v), instantDate().optional());

export const windowQuerySchema = z
  .object({ from: optionalInstant, to: optionalInstant })
  .superRefine((v, ctx) => {
    // A field that failed its own check is still a string here: nothing more to say about the window.
    if (!(v.from === undefined || v.from instanceof Date) || !(v.to === undefined || v.to instanceof Date)) return;
    if (v.from && v.to && v.from >= v.to) return void ctx.addIssue({ code: "custom", path: ["to"], message: "must be after 'from'" });
    const w = resolveGateWindow(v);
    checkWindowSpan(ctx, w.from.getTime(), w.to.getTime());
  });

/** [from, to): `to` defaults to now, `from` to 7 days before `to`. */
export function resolveGateWindow(q: { from?: Date; to?: Date }, now = new Date()): { from: Date; to: Date } {
  const to = q.to ?? (q.from && q.from > now ? new Date(q.from.getTime() + DEFAULT_GATE_WINDOW_MS) : now);
  const from = q.from ?? new Date(to.getTime() - DEFAULT_GATE_WINDOW_MS);
  return { from, to };
}

// The answered shapes are the response schemas of lib/shared/api/releases.ts.
export type Gate = z.infer<typeof api.gateSchema>;
/** The four numbers a side of the canary comparison shows. Rates are null when there are no runs. */
export type CohortStats = z.infer<typeof api.releaseKpisSchema>;

export interface GateInputs {
  settings: GateSettings;
  latestEval: { passed: number; total: number; goldSet: string; ranAt: string } | null;
  /** The release's runs in the window, every environment. */
  release: { runs: number; criticalPolicyViolations: number; runP95Ms: number | null };
  /** The release's canary runs in the window. */
  canary: CohortStats;
  /** Production runs of the other releases in the window. */
  baseline: CohortStats;
}

export type GateReport = z.infer<typeof api.gateReportSchema>;

// Rates are quotients of counts: 17/20 must meet 0.85 even if the float is a hair off.
const EPSILON = 1e-9;

export function evaluateGates(release: string, input: GateInputs): GateReport {
  const { settings } = input;
  const gates: Gate[] = [];
  const noRuns = "no runs of this release in the window";

  if (!input.latestEval) {
    gates.push({
      name: "gold_set_pass_rate",
      pass: false,
      actual: null,
      threshold: settings.goldSetMinPassRate,
      reason: "no gold-set result for this release (POST /api/v1/evals)",
    });
  } else {
    const rate = input.latestEval.passed / input.latestEval.total;
    const pass = rate + EPSILON >= settings.goldSetMinPassRate;
    gates.push({
      name: "gold_set_pass_rate",
      pass,
      actual: rate,
      threshold: settings.goldSetMinPassRate,
      ...(pass
        ? {}
        : {
            reason: `latest gold set '${input.latestEval.goldSet}' passed ${input.latestEval.passed} of ${input.latestEval.total}, below the minimum`,
          }),
    });
  }

  if (input.release.runs === 0) {
    gates.push({ name: "critical_policy_violations", pass: false, actual: null, threshold: settings.maxCriticalPolicyViolations, reason: noRuns });
    gates.push({ name: "run_p95_latency_ms", pass: false, actual: null, threshold: settings.runP95TargetMs, reason: noRuns });
  } else {
    const v = input.release.criticalPolicyViolations;
    const vPass = v <= settings.maxCriticalPolicyViolations;
    gates.push({
      name: "critical_policy_violations",
      pass: vPass,
      actual: v,
      threshold: settings.maxCriticalPolicyViolations,
      ...(vPass ? {} : { reason: `${v} critical policy violation${v === 1 ? "" : "s"} in the window` }),
    });
    const p95 = input.release.runP95Ms;
    const pPass = p95 !== null && p95 <= settings.runP95TargetMs + EPSILON;
    gates.push({
      name: "run_p95_latency_ms",
      pass: pPass,
      actual: p95,
      threshold: settings.runP95TargetMs,
      ...(pPass ? {} : { reason: p95 === null ? noRuns : `run p95 ${formatDurationMs(p95)} is over the target` }),
    });
  }

  if (input.canary.runs > 0 && input.canary.escalationRate !== null) {
    const actual = input.canary.escalationRate;
    if (input.baseline.runs === 0 || input.baseline.escalationRate === null) {
      gates.push({
        name: "canary_escalation_rate",
        pass: false,
        actual,
        threshold: null,
        reason: "no production runs of other releases in the window to compare the canary with",
      });
    } else {
      const threshold = input.baseline.escalationRate + settings.canaryEscalationMargin;
      const pass = actual <= threshold + EPSILON;
      gates.push({
        name: "canary_escalation_rate",
        pass,
        actual,
        threshold,
        ...(pass
          ? {}
          : {
              reason: `canary escalates ${pct(actual)} of runs vs ${pct(input.baseline.escalationRate)} in production (margin ${pct(settings.canaryEscalationMargin)})`,
            }),
      });
    }
  }

  return { release, pass: gates.every((g) => g.pass), gates };
}

// TODO(format): gate reasons write a rate as "20%" / "12.5%", not formatRate's "20.0%", as
// lib/shared/gates.test.ts ("canary escalates 20% of runs vs 10% …") and test/integration/gates.test.ts
// ("canary escalates 30% …") assert.
function pct(x: number): string {
  return `${(Math.round(x * 1000) / 10).toString()}%`;
}
