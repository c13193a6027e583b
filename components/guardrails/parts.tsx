"use client";
// Small pieces the Guardrails sections share: a tile whose number opens its runs, a linked count in
// a table cell, and the day-by-day chart (UTC days: the API's days are UTC calendar days, so ticks
// and titles are written in UTC whatever the viewer's zone).
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/components/ui";
import { TimeChart, type TimeSeriesSpec } from "@/components/charts/time-chart";
import { RunsLink } from "@/components/metrics/runs-link";
import { useMetricsScope } from "@/components/metrics/scope";
import { withBudgetBreached } from "@/lib/client/guardrails";
import type { TraceLink } from "@/lib/client/metrics";
import { formatAxisCount, formatAxisTime, formatCount, formatDate } from "@/lib/shared/format";
import { utcDayWindow } from "@/lib/shared/guardrails";

/** A number that opens the runs behind it (plain text when it is 0 or the role may not read traces). */
export function CountLink({ href, value, label, className }: { href: string | null; value: number; label: string; className?: string }) {
  return (
    <RunsLink href={value === 0 ? null : href} className={cn("tabular-nums hover:underline", className)} title={label}>
      {formatCount(value)}
    </RunsLink>
  );
}

export function Tile({
  label,
  value,
  href,
  hint,
  testId,
}: {
  label: string;
  /** Already formatted. */
  value: string;
  href: string | null;
  hint: ReactNode;
  testId: string;
}) {
  return (
    <div data-testid={testId} className="min-w-0 rounded-lg border border-slate-200 bg-white px-3 py-2.5 shadow-xs">
      <div className="truncate text-xs font-medium text-slate-500">{label}</div>
      <RunsLink href={href} className="block text-xl font-semibold tabular-nums text-slate-900 hover:text-accent-700 hover:underline" title={`${label}: open these runs`}>
        {value}
      </RunsLink>
      <div className="truncate text-[11px] text-slate-500">{hint}</div>
    </div>
  );
}

export function TileRow({ children }: { children: ReactNode }) {
  return <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">{children}</div>;
}

type DayRow = { day: string };

/** Days as chart buckets ([UTC midnight, next UTC midnight)). */
export function dayPoints<T extends DayRow>(rows: readonly T[]) {
  return rows.map((r) => ({ ...r, start: utcDayWindow(r.day).from, end: utcDayWindow(r.day).to }));
}

export function DayChart<K extends string>({
  points,
  series,
  ariaLabel,
  link,
  formatValue,
  integer = true,
  height = 200,
  budgetBreached = false,
}: {
  points: readonly ({ start: string; end: string } & Record<K, number | null>)[];
  series: readonly TimeSeriesSpec<K>[];
  ariaLabel: string;
  /** The runs behind a day (the page's scope narrowed by this). */
  link: TraceLink;
  formatValue: (v: number, key: K) => string;
  integer?: boolean;
  height?: number;
  /** The day's runs over budget (budgetBreached=true). */
  budgetBreached?: boolean;
}) {
  const { traces, canTrace } = useMetricsScope();
  const router = useRouter();
  const open = (from: string, to: string) => {
    const href = traces({ ...link, from, to });
    const target = budgetBreached ? withBudgetBreached(href) : href;
    if (target) router.push(target);
  };
  return (
    <TimeChart
      points={points}
      series={series}
      bucket="day"
      height={height}
      ariaLabel={ariaLabel}
      formatTick={(iso) => formatAxisTime(iso, "day", { timeZone: "UTC" })}
      formatBucket={(b) => `${formatDate(b.start, { timeZone: "UTC" })} (UTC)`}
      formatValue={formatValue}
      formatAxis={formatAxisCount}
      integerAxis={integer}
      onSelect={canTrace ? (b) => open(b.start, b.end) : undefined}
      selectHint="Click to see that day's runs"
    />
  );
}
