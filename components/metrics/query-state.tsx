"use client";
// Loading, error and empty states of a metrics panel, alike on every dashboard.
import Link from "next/link";
import type { ReactNode } from "react";
import { EmptyState, ErrorState, Skeleton, buttonClass } from "@/components/ui";

interface QueryLike<T> {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

export function ChartSkeleton({ height = 220 }: { height?: number }) {
  return (
    <div aria-busy="true" aria-label="Loading" className="flex flex-col justify-end gap-2" style={{ height }}>
      <Skeleton className="h-full w-full" />
    </div>
  );
}

/** Renders `children(data)` once there is data; a skeleton before, an error with retry, or `empty`. */
export function QueryBody<T>({
  query,
  isEmpty,
  empty,
  loading,
  children,
}: {
  query: QueryLike<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  loading?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <>{loading ?? <ChartSkeleton />}</>;
  if (query.isError || query.data === undefined)
    return <ErrorState compact title="These numbers could not be loaded" error={query.error} onRetry={() => query.refetch()} retrying={query.isFetching} />;
  if (isEmpty?.(query.data)) return <>{empty ?? <NoRuns />}</>;
  return <>{children(query.data)}</>;
}

/** The window has no runs: say so, and offer the way out. */
export function NoRuns({ what = "runs", slug }: { what?: string; slug?: string }) {
  return (
    <EmptyState
      compact
      title={`No ${what} in this window`}
      description="Widen the time range or clear the filters. Runs arrive through POST /api/v1/runs or OpenTelemetry."
      action={slug ? <Link className={buttonClass("secondary", "sm")} href="/docs/ingest">How to send runs</Link> : undefined}
    />
  );
}
