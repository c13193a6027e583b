// How the releases pages mark a gate and a change (the numbers are written by lib/shared/format.ts).
import type { GateName } from "@/lib/shared/gates";

export const GATE_OPERATOR: Record<GateName, string> = {
  gold_set_pass_rate: "≥",
  critical_policy_violations: "≤",
  run_p95_latency_ms: "≤",
  canary_escalation_rate: "≤",
};

/** Whether a change is good news: up is good for success, bad for escalation, latency, cost. */
export function deltaTone(d: number | null, higherIsBetter: boolean): "good" | "bad" | "neutral" {
  if (d === null || Math.abs(d) < 1e-12) return "neutral";
  return d > 0 === higherIsBetter ? "good" : "bad";
}
