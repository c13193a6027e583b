"use client";
// A KPI tile with fixed rows, so a row of tiles lines up whatever each one says:
// label · value · change chip + previous value · context line · sparkline. The whole tile is a
// link to the runs behind the number.
import Link from "next/link";
import type { ReactNode } from "react";
import { DeltaChip, Skeleton, cn, type StatDelta } from "@/components/ui";

export interface KpiTileProps {
  label: ReactNode;
  definition?: string;
  /** Formatted; null = no data (an em dash, never a made-up 0). */
  value: string | null;
  /** The change; null = nothing to compare with ("no earlier data"); undefined = nothing to say. */
  delta?: StatDelta | null;
  /** "from 87.2%": the previous window's value. */
  previous?: string | null;
  hint?: ReactNode;
  footer?: ReactNode;
  /** The runs behind the number; null = not a link (the role may not open traces). */
  href: string | null;
  loading?: boolean;
  tone?: "default" | "bad";
  testId?: string;
}

export function KpiTile({ label, definition, value, delta, previous, hint, footer, href, loading, tone = "default", testId }: KpiTileProps) {
  const className = cn(
    "group flex min-w-0 flex-col rounded-lg border bg-white px-4 pt-3 pb-2.5 shadow-xs transition",
    href !== null && "hover:shadow-sm",
    tone === "bad" ? "border-rose-200" : "border-slate-200",
    href !== null && (tone === "bad" ? "hover:border-rose-300" : "hover:border-slate-300"),
  );
  const body = (
    <>
      <span className="flex items-center justify-between gap-2">
        <span className="truncate text-xs font-medium text-slate-500" title={definition}>
          {label}
        </span>
        {href !== null && (
          <span className="text-[11px] text-accent-600 opacity-0 transition-opacity group-hover:opacity-100 group-focus-visible:opacity-100" aria-hidden="true">
            runs →
          </span>
        )}
      </span>
      {loading ? (
        <span className="mt-2 block space-y-2" aria-busy="true">
          <Skeleton className="h-7 w-24" />
          <Skeleton className="h-3.5 w-36" />
          <Skeleton className="h-3 w-28" />
        </span>
      ) : (
        <>
          <span
            data-testid={testId ? `${testId}-value` : undefined}
            className={cn("mt-0.5 text-2xl leading-8 font-semibold tracking-tight tabular-nums", value === null ? "text-slate-300" : "text-slate-900")}
          >
            {value ?? "—"}
          </span>
          <span className="flex h-5 min-w-0 items-center gap-1.5 text-xs text-slate-500">
            {delta ? (
              <DeltaChip delta={delta} />
            ) : (
              delta === null && (
                <span className="truncate text-slate-400" title="The window of the same length before this one has no runs to compare with">
                  no earlier data
                </span>
              )
            )}
            {delta && previous && <span className="truncate">from {previous}</span>}
          </span>
          <span className="mt-0.5 h-4 truncate text-xs text-slate-400" title={typeof hint === "string" ? hint : undefined}>
            {hint}
          </span>
        </>
      )}
      <span className="mt-2 block h-7">{!loading && footer}</span>
    </>
  );
  return href === null ? (
    <div data-testid={testId} className={className}>
      {body}
    </div>
  ) : (
    <Link href={href} data-testid={testId} className={className}>
      {body}
    </Link>
  );
}
