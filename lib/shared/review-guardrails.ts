// The weekly review's guardrails section (issue 17) as rows: one list read by the review page
// (components/review/guardrails-section.tsx) and its Markdown export, so both say the same. Every row
// is a count of runs (or calls) with, where it has one, the wasted cost of those runs; fewer is better.
import { formatCount, formatCountChange, formatDelta, formatUsd } from "./format";
import type { ReviewGuardrails, ReviewGuardrailsWeek } from "./api/guardrails";
import type { LoopKind } from "./guardrails";

/** What a row links to on the traces page (the runs behind its count). */
export type GuardrailLink = { budgetBreached: true } | { toolStatus: "blocked" } | { detection: LoopKind } | { duplicateSideEffect: true };

export interface GuardrailReviewRow {
  key: string;
  label: string;
  unit: "runs" | "calls";
  current: number;
  previous: number;
  /** Wasted cost of the row's runs (detections only), this week and last. */
  wastedCostUsd: { current: number; previous: number } | null;
  link: GuardrailLink;
}

const LOOP_LABELS: Record<LoopKind, string> = {
  repeated_call: "Runs with a retry storm",
  cycle: "Runs with a loop",
  failure_streak: "Runs with a failure streak",
};

function kindOf(w: ReviewGuardrailsWeek, kind: LoopKind) {
  return w.detections.find((d) => d.kind === kind) ?? { kind, runs: 0, wastedCostUsd: 0 };
}

export function guardrailReviewRows(g: ReviewGuardrails): GuardrailReviewRow[] {
  const { current: c, previous: p } = g;
  return [
    { key: "breaches", label: "Runs over budget", unit: "runs", current: c.breachingRuns, previous: p.breachingRuns, wastedCostUsd: null, link: { budgetBreached: true } },
    { key: "blocked", label: "Blocked calls", unit: "calls", current: c.blockedCalls, previous: p.blockedCalls, wastedCostUsd: null, link: { toolStatus: "blocked" } },
    ...(["repeated_call", "cycle", "failure_streak"] as const).map((kind) => {
      const [cur, prev] = [kindOf(c, kind), kindOf(p, kind)];
      return {
        key: kind,
        label: LOOP_LABELS[kind],
        unit: "runs" as const,
        current: cur.runs,
        previous: prev.runs,
        wastedCostUsd: { current: cur.wastedCostUsd, previous: prev.wastedCostUsd },
        link: { detection: kind },
      };
    }),
    {
      key: "duplicate_side_effect",
      label: "Runs with a duplicate side effect",
      unit: "runs",
      current: c.duplicateSideEffectRuns,
      previous: p.duplicateSideEffectRuns,
      wastedCostUsd: { current: c.duplicateSideEffectCostUsd, previous: p.duplicateSideEffectCostUsd },
      link: { duplicateSideEffect: true },
    },
  ];
}

/** The section in Markdown: a table of this week, last week and the change (`table` is the export's own). */
export function guardrailsMarkdown(g: ReviewGuardrails, weeks: { week: string; previousWeek: string }, table: (head: string[], rows: string[][]) => string): string[] {
  return [
    "## Guardrails",
    table(
      ["", weeks.week, weeks.previousWeek, "Change", "Wasted cost", "Wasted last week"],
      guardrailReviewRows(g).map((r) => [
        r.label,
        formatCount(r.current),
        formatCount(r.previous),
        formatCountChange(r.current, r.previous),
        r.wastedCostUsd ? formatUsd(r.wastedCostUsd.current) : "",
        r.wastedCostUsd ? `${formatUsd(r.wastedCostUsd.previous)} (${formatDelta(r.wastedCostUsd.current - r.wastedCostUsd.previous, "usd")})` : "",
      ]),
    ),
  ];
}

/** The runs behind a row's count in a week (the traces page with the row's filter and the week's window). */
export function guardrailRunsHref(slug: string, window: { from: string; to: string }, link: GuardrailLink): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(link)) sp.set(k, String(v));
  sp.set("from", window.from);
  sp.set("to", window.to);
  return `/${encodeURIComponent(slug)}/traces?${sp.toString()}`;
}
