import { describe, expect, it } from "vitest";
import { formatWeekSpan, isoWeekOf, lastFullWeek, parseIsoWeek, previousWeek, shiftWeek, weekRange, weeksInYear } from "./iso-week";

describe("ISO weeks (UTC)", () => {
  it("parses a week and gives Monday 00:00 UTC bounds", () => {
    const w = parseIsoWeek("2026-W42");
    expect(w).toEqual({ year: 2026, week: 42 });
    const r = weekRange(w!);
    expect(r.week).toBe("2026-W42");
    expect(r.from.toISOString()).toBe("2026-10-12T00:00:00.000Z");
    expect(r.to.toISOString()).toBe("2026-10-19T00:00:00.000Z");
    expect(r.from.getUTCDay()).toBe(1);
  });

  it("refuses malformed or non-existent weeks", () => {
    for (const bad of ["2026-42", "2026-W4", "2026W42", "2026-W00", "2025-W53", "2027-W53", "abc", ""]) {
      expect(parseIsoWeek(bad), bad).toBeNull();
    }
    expect(parseIsoWeek("2026-W53")).toEqual({ year: 2026, week: 53 });
  });

  it("knows long years", () => {
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2020)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    expect(weeksInYear(2027)).toBe(52);
  });

  it("puts dates at year boundaries in the right week", () => {
    expect(isoWeekOf(new Date("2026-12-31T23:59:59.999Z"))).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(new Date("2027-01-03T12:00:00Z"))).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(new Date("2027-01-04T00:00:00Z"))).toEqual({ year: 2027, week: 1 });
    expect(isoWeekOf(new Date("2021-01-03T00:00:00Z"))).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf(new Date("2024-12-30T00:00:00Z"))).toEqual({ year: 2025, week: 1 });
    expect(weekRange({ year: 2026, week: 53 }).from.toISOString()).toBe("2026-12-28T00:00:00.000Z");
    expect(weekRange({ year: 2027, week: 1 }).from.toISOString()).toBe("2027-01-04T00:00:00.000Z");
    expect(weekRange({ year: 2025, week: 1 }).from.toISOString()).toBe("2024-12-30T00:00:00.000Z");
  });

  it("steps back across years", () => {
    expect(previousWeek({ year: 2027, week: 1 })).toEqual({ year: 2026, week: 53 });
    expect(previousWeek({ year: 2026, week: 1 })).toEqual({ year: 2025, week: 52 });
    expect(shiftWeek({ year: 2026, week: 53 }, 1)).toEqual({ year: 2027, week: 1 });
  });

  it("a Sunday 23:59 and the Monday after are in different weeks", () => {
    expect(isoWeekOf(new Date("2026-10-18T23:59:59.999Z"))).toEqual({ year: 2026, week: 42 });
    expect(isoWeekOf(new Date("2026-10-19T00:00:00Z"))).toEqual({ year: 2026, week: 43 });
  });

  it("defaults to the last full week", () => {
    expect(lastFullWeek(new Date("2026-11-25T01:00:00Z"))).toEqual({ year: 2026, week: 47 });
    expect(lastFullWeek(new Date("2026-11-23T00:00:00Z"))).toEqual({ year: 2026, week: 47 });
    expect(formatWeekSpan({ year: 2026, week: 42 })).toBe("2026-10-12 – 2026-10-18");
  });
});
