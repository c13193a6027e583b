// Display formatting of the releases pages (numbers arrive unrounded from the API).
import { formatCount, formatDateTime, formatMs, formatPoints, formatRate, formatSigned, formatUsd } from "@/lib/shared/format";
import type { GateName } from "@/lib/shared/gates";

// Every body below is lib/shared/format.ts: one way to write a number or a date in the whole app.
export const fmtPct = (x: number | null | undefined, digits = 1) => formatRate(x, digits);

export const fmtMs = (x: number | null | undefined) => formatMs(x);

export const fmtUsd = (x: number | null | undefined) => formatUsd(x);

export const fmtInt = (x: number | null | undefined) => formatCount(x);

/** "2026-12-01 14:23" in the viewer's zone. */
export function fmtDate(iso: string | null): string {
  return formatDateTime(iso);
}

/** A gate's actual or threshold in its unit. */
export function fmtGateValue(name: GateName, x: number | null): string {
  if (name === "gold_set_pass_rate" || name === "canary_escalation_rate") return fmtPct(x);
  if (name === "run_p95_latency_ms") return fmtMs(x);
  return fmtInt(x);
}

export const GATE_OPERATOR: Record<GateName, string> = {
  gold_set_pass_rate: "≥",
  critical_policy_violations: "≤",
  run_p95_latency_ms: "≤",
  canary_escalation_rate: "≤",
};

/** Signed difference with its unit: rates in percentage points ("+1.2 pp"), "−120 ms", "+$0.04". */
export function fmtDelta(kind: "rate" | "ms" | "usd", d: number | null): string {
  return kind === "rate" ? formatPoints(d) : formatSigned(d, kind);
}

/** Whether a change is good news: up is good for success, bad for escalation, latency, cost. */
export function deltaTone(d: number | null, higherIsBetter: boolean): "good" | "bad" | "neutral" {
  if (d === null || Math.abs(d) < 1e-12) return "neutral";
  return d > 0 === higherIsBetter ? "good" : "bad";
}
