import type { ReactNode } from "react";
import { cn } from "./cn";
import { Skeleton } from "./skeleton";

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

export interface StatProps {
  label: ReactNode;
  /** Already formatted ("93.4%", "$1,204", "1.2 s"); null/undefined shows an em dash (no data, never a fake 0). */
  value: ReactNode | null | undefined;
  /** Small text after the value ("ms", "/ 1k sessions"). */
  unit?: ReactNode;
  delta?: StatDelta | null;
  /** A line under the value ("of 12,408 runs"). */
  hint?: ReactNode;
  /** Definition shown on hover of the label (CONTRACT §3 wording). */
  definition?: string;
  /** Slot under the numbers, e.g. <Sparkline/> from components/charts, ~28px tall. */
  sparkline?: ReactNode;
  loading?: boolean;
  /** Highlights the tile (e.g. a breached target). */
  tone?: "default" | "bad" | "warn";
  className?: string;
}

const SENTIMENT: Record<DeltaSentiment, string> = {
  good: "text-emerald-700 bg-emerald-50",
  bad: "text-rose-700 bg-rose-50",
  neutral: "text-slate-600 bg-slate-100",
};

/** A KPI tile: label, big tabular value, delta chip with an arrow, optional sparkline. */
export function Stat({ label, value, unit, delta, hint, definition, sparkline, loading, tone = "default", className }: StatProps) {
  const empty = value === null || value === undefined || value === "";
  return (
    <div
      className={cn(
        "flex min-w-0 flex-col rounded-lg border bg-white px-4 pt-3 pb-3 shadow-xs",
        tone === "bad" ? "border-rose-200" : tone === "warn" ? "border-amber-200" : "border-slate-200",
        className,
      )}
    >
      <div className="flex items-center justify-between gap-2">
        <span
          className={cn(
            "truncate text-xs font-medium text-slate-500",
            definition && "cursor-help underline decoration-slate-300 decoration-dotted underline-offset-2",
          )}
          title={definition}
        >
          {label}
        </span>
        {tone !== "default" && (
          <span className={cn("size-2 shrink-0 rounded-full", tone === "bad" ? "bg-rose-500" : "bg-amber-500")} aria-hidden="true" />
        )}
      </div>
      {loading ? (
        <div className="mt-2 space-y-2" aria-busy="true">
          <Skeleton className="h-7 w-24" />
          <Skeleton className="h-3.5 w-32" />
        </div>
      ) : (
        <>
          <div className="mt-1 flex items-baseline gap-1.5">
            <span className={cn("text-2xl leading-8 font-semibold tracking-tight tabular-nums", empty ? "text-slate-300" : "text-slate-900")}>
              {empty ? "—" : value}
            </span>
            {unit !== undefined && !empty && <span className="text-xs font-medium text-slate-500">{unit}</span>}
          </div>
          <div className="mt-0.5 flex min-h-5 flex-wrap items-center gap-x-2 gap-y-0.5 text-xs text-slate-500">
            {delta && <DeltaChip delta={delta} />}
            {delta?.comparedTo && <span className="truncate">{delta.comparedTo}</span>}
            {hint !== undefined && <span className="truncate">{hint}</span>}
          </div>
        </>
      )}
      {sparkline !== undefined && !loading && <div className="mt-2 h-7">{sparkline}</div>}
    </div>
  );
}

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
