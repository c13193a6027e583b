import "server-only";
// The weekly review's guardrails section (issue 17): this week against last week, read through the
// guardrails metric (./metrics/guardrails.ts), so the review's numbers are the Guardrails page's for
// the same week by construction. Kept small: breaches, blocked calls, storms and loops, duplicate effects.
import type { Db } from "../db/handle";
import { getGuardrailMetrics } from "./metrics/guardrails";
import type { ReviewGuardrails, ReviewGuardrailsWeek } from "@/lib/shared/api/guardrails";

interface Window {
  from: Date;
  to: Date;
}

export async function getReviewGuardrails(db: Db, projectId: string, current: Window, previous: Window): Promise<ReviewGuardrails> {
  const [cur, prev] = await Promise.all([reviewWeek(db, projectId, current), reviewWeek(db, projectId, previous)]);
  return { current: cur, previous: prev };
}

async function reviewWeek(db: Db, projectId: string, w: Window): Promise<ReviewGuardrailsWeek> {
  const m = await getGuardrailMetrics(db, { projectId, from: w.from, to: w.to });
  return {
    runs: m.runs,
    breachingRuns: m.budgets.breachingRuns,
    blockedCalls: m.blocked.calls,
    blockedRuns: m.blocked.runs,
    detections: m.detections.byKind.map((k) => ({ kind: k.kind, runs: k.runs, wastedCostUsd: k.wastedCostUsd })),
    duplicateSideEffectRuns: m.duplicateSideEffects.runs,
    duplicateSideEffectCostUsd: m.duplicateSideEffects.wastedCostUsd,
  };
}
