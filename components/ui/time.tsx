"use client";
// Every instant the app shows: ISO-like in the viewer's zone, the UTC instant on hover.
import { formatDate, formatDateTime, formatDateTimeSeconds, formatUtcTitle } from "@/lib/shared/format";

export interface TimeProps {
  value: string | Date | null | undefined;
  /** "minutes" (default) "2026-12-01 14:23"; "seconds" adds :05; "date" is the day only. */
  precision?: "minutes" | "seconds" | "date";
  className?: string;
}

export function Time({ value, precision = "minutes", className }: TimeProps) {
  if (value === null || value === undefined) return <span className={className}>—</span>;
  const iso = value instanceof Date ? value.toISOString() : value;
  const text = precision === "date" ? formatDate(iso) : precision === "seconds" ? formatDateTimeSeconds(iso) : formatDateTime(iso);
  // The server renders in its own zone, the browser in the viewer's: the browser's text wins.
  return (
    <time dateTime={iso} title={formatUtcTitle(iso)} className={className} suppressHydrationWarning>
      {text}
    </time>
  );
}
