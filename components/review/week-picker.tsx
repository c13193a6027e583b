"use client";
// Previous / next week and a list of recent weeks. Weeks are ISO weeks (Monday 00:00 UTC).
import { Button, Select } from "@/components/ui";
import { formatIsoWeek, formatWeekSpan, lastFullWeek, parseIsoWeek, shiftWeek } from "@/lib/shared/iso-week";

const RECENT_WEEKS = 26;

export function WeekPicker({ week, onChange }: { week: string; onChange: (week: string) => void }) {
  const current = parseIsoWeek(week)!;
  const latest = lastFullWeek();
  const options = Array.from({ length: RECENT_WEEKS }, (_, i) => formatIsoWeek(shiftWeek(latest, -i)));
  if (!options.includes(week)) options.push(week);
  const next = formatIsoWeek(shiftWeek(current, 1));
  const atLatest = week === formatIsoWeek(latest);
  return (
    <div className="flex items-center gap-1 print:hidden">
      <Button size="sm" variant="secondary" aria-label="Previous week" onClick={() => onChange(formatIsoWeek(shiftWeek(current, -1)))}>
        ‹
      </Button>
      <Select aria-label="Week" className="w-72" value={week} onChange={(e) => onChange(e.target.value)}>
        {options.map((w) => (
          <option key={w} value={w}>
            {w} · {formatWeekSpan(parseIsoWeek(w)!)}
          </option>
        ))}
      </Select>
      <Button size="sm" variant="secondary" aria-label="Next week" disabled={atLatest} onClick={() => onChange(next)}>
        ›
      </Button>
    </div>
  );
}
