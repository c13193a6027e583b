// Display formatters of the traces and incidents pages: lib/shared/format.ts under the names these
// pages import, so a latency, a cost or an instant reads the same here as on every other page.
import { formatDateTimeSeconds, formatMs as sharedFormatMs, formatUsd as sharedFormatUsd } from "@/lib/shared/format";

/** "850 ms", "5.0 s", "2 m 05 s". */
export function formatMs(ms: number): string {
  return sharedFormatMs(ms);
}

/** "$0.0042", "$0.50", "$12.34". */
export function formatUsd(v: number): string {
  return sharedFormatUsd(v);
}

/** "2026-12-01 14:23:05" in the viewer's zone (run and tool-call timestamps, where seconds matter). */
export function formatTime(iso: string): string {
  return formatDateTimeSeconds(iso);
}

export function formatCategory(category: string): string {
  return category.replace(/_/g, " ");
}
