import { cn } from "./cn";

/** A shimmering placeholder block; size it with classes (h-4 w-32). */
export function Skeleton({ className }: { className?: string }) {
  return <div className={cn("keel-skeleton rounded", className)} aria-hidden="true" />;
}

/** Placeholder rows for a table or list that is loading. */
export function SkeletonRows({ rows = 6, className }: { rows?: number; className?: string }) {
  return (
    <div className={cn("divide-y divide-slate-100", className)} aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex items-center gap-4 px-4 py-2.5">
          <Skeleton className="h-3.5 w-40" />
          <Skeleton className="h-3.5 flex-1" />
          <Skeleton className="h-3.5 w-16" />
          <Skeleton className="h-3.5 w-12" />
        </div>
      ))}
    </div>
  );
}
