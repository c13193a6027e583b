"use client";
// Previous / next week and a list of recent weeks. Weeks are ISO weeks (Monday 00:00 UTC).
import { Button, Select } from "@/components/ui";
import { formatDayRange } from "@/lib/shared/format";
import { formatIsoWeek, lastFullWeek, parseIsoWeek, shiftWeek, weekRange, type IsoWeek } from "@/lib/shared/iso-week";

/** "2026-10-12 – 2026-10-18": the week's Monday to Sunday, as UTC days (an ISO week is UTC). */
export function weekDays(w: IsoWeek): string {
  const { from, to } = weekRange(w);
  return formatDayRange(from, new Date(to.getTime() - 86_400_000), { timeZone: "UTC" });
}

const RECENT_WEEKS = 26;

export function WeekPicker({ week, onChange }: { week: string; onChange: (week: string) => void }) {
  const current = parseIsoWeek(week)!;
  const latest = lastFullWeek();
  const options = Array.from({ length: RECENT_WEEKS }, (_, i) => formatIsoWeek(shiftWeek(latest, -i)));
  if (!options.includes(week)) options.push(week);
  const next = formatIsoWeek(shiftWeek(current, 1));
  const atLatest = week === formatIsoWeek(latest);
  return (
    <div className="flex min-w-0 items-center gap-1 print:hidden">
      <Button size="sm" variant="secondary" aria-label="Previous week" onClick={() => onChange(formatIsoWeek(shiftWeek(current, -1)))}>
        ‹
      </Button>
      <Select aria-label="Week" className="w-80 max-w-[calc(100vw-6rem)] min-w-0" value={week} onChange={(e) => onChange(e.target.value)}>
        {options.map((w) => (
          <option key={w} value={w}>
            {w} · {weekDays(parseIsoWeek(w)!)}
          </option>
        ))}
      </Select>
      <Button size="sm" variant="secondary" aria-label="Next week" disabled={atLatest} onClick={() => onChange(next)}>
        ›
      </Button>
    </div>
  );
}
