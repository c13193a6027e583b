// Display formatting of the releases pages (numbers arrive unrounded from the API).
import type { GateName } from "@/lib/shared/gates";

export const fmtPct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(digits)}%`);

export const fmtMs = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x).toLocaleString("en-US")} ms`;

export const fmtUsd = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : `$${x === 0 ? "0" : x < 0.01 ? x.toFixed(4) : x < 1 ? x.toFixed(3) : x.toFixed(2)}`;

export const fmtInt = (x: number | null | undefined) => (x === null || x === undefined ? "—" : Math.round(x).toLocaleString("en-US"));

export function fmtDate(iso: string | null): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit" });
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

/** Signed difference with its unit: rates in percentage points. */
export function fmtDelta(kind: "rate" | "ms" | "usd", d: number | null): string {
  if (d === null) return "—";
  const sign = d > 0 ? "+" : d < 0 ? "−" : "±";
  const a = Math.abs(d);
  if (kind === "rate") return `${sign}${(a * 100).toFixed(1)} pp`;
  if (kind === "ms") return `${sign}${fmtMs(a)}`;
  return `${sign}${fmtUsd(a)}`;
}

/** Whether a change is good news: up is good for success, bad for escalation, latency, cost. */
export function deltaTone(d: number | null, higherIsBetter: boolean): "good" | "bad" | "neutral" {
  if (d === null || Math.abs(d) < 1e-12) return "neutral";
  return d > 0 === higherIsBetter ? "good" : "bad";
}
