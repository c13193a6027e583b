// Display helpers of the settings panels (dates via lib/shared/format.ts; audit lines: ./audit-format.ts).
import { formatDate, formatDateTime } from "@/lib/shared/format";
import type { PersonRef } from "@/lib/shared/settings";

/** "2026-12-01 14:23" in the viewer's zone (lib/shared/format.ts). */
export function fmtWhen(iso: string | null): string {
  return formatDateTime(iso);
}

/** "2026-12-01" in the viewer's zone. */
export function fmtDay(iso: string): string {
  return formatDate(iso);
}

export const personLabel = (p: PersonRef | null) => (p ? (p.name ?? p.email) : "—");
