// ISO 8601 weeks in UTC: a week starts Monday 00:00 UTC and belongs to the year that holds its
// Thursday, so 2026-12-31 (Thursday) is 2026-W53 and 2021-01-03 (Sunday) is 2020-W53.
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;

import { formatDayRange } from "./format";
export interface IsoWeek {
  year: number;
  week: number;
}

export interface WeekRange {
  /** "2026-W42" */
  week: string;
  /** Monday 00:00 UTC, inclusive. */
  from: Date;
  /** The next Monday 00:00 UTC, exclusive. */
  to: Date;
}

export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${String(year).padStart(4, "0")}-W${String(week).padStart(2, "0")}`;
}

/** Monday 00:00 UTC of week 1: the week holding January 4th. */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - dow * DAY_MS;
}

export function weeksInYear(year: number): number {
  return Math.round((week1Monday(year + 1) - week1Monday(year)) / WEEK_MS);
}

/** Parses "2026-W42"; null when malformed or the week does not exist in that year. */
export function parseIsoWeek(text: string): IsoWeek | null {
  const m = WEEK_RE.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < 1 || week < 1 || week > weeksInYear(year)) return null;
  return { year, week };
}

export function isoWeekOf(date: Date): IsoWeek {
  const day = Math.floor(date.getTime() / DAY_MS) * DAY_MS;
  const dow = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = new Date(day + (3 - dow) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - week1Monday(year)) / WEEK_MS) + 1;
  return { year, week };
}

export function weekRange(w: IsoWeek): WeekRange {
  const from = week1Monday(w.year) + (w.week - 1) * WEEK_MS;
  return { week: formatIsoWeek(w), from: new Date(from), to: new Date(from + WEEK_MS) };
}

export function shiftWeek(w: IsoWeek, by: number): IsoWeek {
  return isoWeekOf(new Date(weekRange(w).from.getTime() + by * WEEK_MS));
}

export function previousWeek(w: IsoWeek): IsoWeek {
  return shiftWeek(w, -1);
}

/** The last full week before `now`: the review's default. */
export function lastFullWeek(now: Date = new Date()): IsoWeek {
  return previousWeek(isoWeekOf(now));
}

/** "2026-10-12 – 2026-10-18" for headings (UTC dates, as ISO weeks are; the last day is the Sunday). */
export function formatWeekSpan(w: IsoWeek): string {
  const { from, to } = weekRange(w);
  return formatDayRange(from, new Date(to.getTime() - DAY_MS), { timeZone: "UTC" });
}
