import type { ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";

export interface EmptyStateProps {
  title: ReactNode;
  description?: ReactNode;
  icon?: ReactNode;
  /** A button or link: what to do next ("Send your first run", "Clear filters"). */
  action?: ReactNode;
  className?: string;
  /** Smaller padding, for inside a Card. */
  compact?: boolean;
}

export function EmptyState({ title, description, icon, action, className, compact }: EmptyStateProps) {
  return (
    <div className={cn("flex flex-col items-center justify-center text-center", compact ? "px-4 py-8" : "px-6 py-16", className)}>
      <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-slate-100 text-slate-400">
        {icon ?? <DefaultEmptyIcon />}
      </div>
      <p className="text-sm font-semibold text-slate-800">{title}</p>
      {description && <div className="mt-1 max-w-md text-sm text-slate-500">{description}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

function DefaultEmptyIcon() {
  return (
    <svg viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <rect x="3" y="4" width="14" height="12" rx="2" />
      <path d="M3 8h14M7 12h6" strokeLinecap="round" />
    </svg>
  );
}

export interface ErrorStateProps {
  title?: ReactNode;
  /** The thrown value; an Error's message is shown (API errors carry the server's message). */
  error?: unknown;
  onRetry?: () => void;
  retrying?: boolean;
  className?: string;
  compact?: boolean;
}

export function errorMessage(error: unknown): string | null {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === "string" && error) return error;
  return null;
}

export function ErrorState({ title = "Could not load this", error, onRetry, retrying, className, compact }: ErrorStateProps) {
  const message = errorMessage(error);
  return (
    <div
      role="alert"
      className={cn("flex flex-col items-center justify-center text-center", compact ? "px-4 py-8" : "px-6 py-16", className)}
    >
      <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-rose-50 text-rose-500">
        <svg viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
          <path d="M10 6.5v4.5M10 13.8v.2" strokeLinecap="round" />
          <path d="M8.7 3.2 2.4 14.4A1.5 1.5 0 0 0 3.7 16.6h12.6a1.5 1.5 0 0 0 1.3-2.2L11.3 3.2a1.5 1.5 0 0 0-2.6 0Z" strokeLinejoin="round" />
        </svg>
      </div>
      <p className="text-sm font-semibold text-slate-800">{title}</p>
      {message && <p className="mt-1 max-w-md text-sm break-words text-slate-500">{message}</p>}
      {onRetry && (
        <Button className="mt-4" onClick={onRetry} loading={retrying}>
          Try again
        </Button>
      )}
    </div>
  );
}

/** A one-line inline notice (form errors, warnings above a table). */
export function Notice({
  tone = "info",
  children,
  className,
}: {
  tone?: "info" | "warn" | "bad" | "good";
  children: ReactNode;
  className?: string;
}) {
  const tones = {
    info: "border-sky-200 bg-sky-50 text-sky-800",
    warn: "border-amber-200 bg-amber-50 text-amber-900",
    bad: "border-rose-200 bg-rose-50 text-rose-800",
    good: "border-emerald-200 bg-emerald-50 text-emerald-800",
  } as const;
  return (
    <div role={tone === "bad" ? "alert" : "status"} className={cn("rounded-md border px-3 py-2 text-sm", tones[tone], className)}>
      {children}
    </div>
  );
}
