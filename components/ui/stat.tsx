import type { ReactNode } from "react";
import { cn } from "./cn";

export type DeltaDirection = "up" | "down" | "flat";
export type DeltaSentiment = "good" | "bad" | "neutral";

export interface StatDelta {
  /** Already formatted by the caller ("+2.1 pp", "−12%", "+$0.04"); no maths in components. */
  label: string;
  direction: DeltaDirection;
  /** Whether this change is good news (success up = good; cost up = bad). */
  sentiment: DeltaSentiment;
  /** What it is compared with ("vs previous week"). */
  comparedTo?: string;
}

const SENTIMENT: Record<DeltaSentiment, string> = {
  good: "text-emerald-700 bg-emerald-50",
  bad: "text-rose-700 bg-rose-50",
  neutral: "text-slate-600 bg-slate-100",
};

export function DeltaChip({ delta }: { delta: StatDelta }) {
  const sentimentWord = delta.sentiment === "good" ? "better" : delta.sentiment === "bad" ? "worse" : "unchanged";
  return (
    <span
      className={cn("inline-flex items-center gap-0.5 rounded px-1 py-px text-[11px] font-semibold tabular-nums", SENTIMENT[delta.sentiment])}
      title={`${delta.label} (${sentimentWord})`}
    >
      <Arrow direction={delta.direction} />
      {delta.label}
    </span>
  );
}

function Arrow({ direction }: { direction: DeltaDirection }) {
  if (direction === "flat")
    return (
      <svg viewBox="0 0 12 12" className="size-3" aria-hidden="true">
        <path d="M2.5 6h7" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
    );
  return (
    <svg viewBox="0 0 12 12" className={cn("size-3", direction === "down" && "rotate-180")} aria-hidden="true">
      <path d="M6 9.5V2.5M2.8 5.6 6 2.4l3.2 3.2" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** A responsive row of Stat tiles. */
export function StatGrid({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-4 2xl:grid-cols-6", className)}>{children}</div>;
}
