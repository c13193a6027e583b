import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EMPTY,
  formatAxisCount,
  formatAxisDurationMs,
  formatAxisRate,
  formatAxisTime,
  formatAxisUsd,
  formatCategory,
  formatCountChange,
  formatGateValue,
  formatKpiChange,
  formatKpiValue,
  formatBucket,
  formatCount,
  formatDate,
  formatDateTime,
  formatDateTimeSeconds,
  formatDayRange,
  formatDurationMs,
  formatPer1k,
  formatDeltaPp,
  formatRate,
  formatDeltaPercent,
  formatScore,
  formatPValue,
  formatIntervalPp,
  formatDelta,
  formatTimeOfDay,
  formatUsd,
  formatUtcTitle,
  formatWindow,
} from "./format";

const UTC = { timeZone: "UTC" } as const;

describe("dates: ISO-like with the year", () => {
  const t = "2026-12-01T14:23:05.678Z";

  it("writes an instant at minute, second and day precision in UTC", () => {
    expect(formatDateTime(t, UTC)).toBe("2026-12-01 14:23");
    expect(formatDateTimeSeconds(t, UTC)).toBe("2026-12-01 14:23:05");
    expect(formatDate(t, UTC)).toBe("2026-12-01");
    expect(formatTimeOfDay(t, UTC)).toBe("14:23");
  });

  it("takes ISO text, epoch milliseconds and Date alike", () => {
    expect(formatDateTime(Date.parse(t), UTC)).toBe("2026-12-01 14:23");
    expect(formatDateTime(new Date(t), UTC)).toBe("2026-12-01 14:23");
  });

  it("pads single digits and keeps the year", () => {
    expect(formatDateTimeSeconds("2027-01-02T03:04:05Z", UTC)).toBe("2027-01-02 03:04:05");
  });

  it("writes a dash for no value or an invalid one", () => {
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime(undefined)).toBe("—");
    expect(formatDate("not a date")).toBe("—");
    expect(formatDateTimeSeconds("")).toBe("—");
    expect(formatUtcTitle(null)).toBe("");
  });

  it("gives the UTC instant as the hover title", () => {
    expect(formatUtcTitle(t)).toBe("2026-12-01 14:23:05 UTC");
  });

  it("writes windows, leaving out the end's date on the same day", () => {
    expect(formatWindow("2026-11-24T10:00:00Z", "2026-12-01T10:00:00Z", UTC)).toBe("2026-11-24 10:00 – 2026-12-01 10:00");
    expect(formatWindow("2026-12-01T14:00:00Z", "2026-12-01T15:00:00Z", UTC)).toBe("2026-12-01 14:00–15:00");
    expect(formatDayRange("2026-10-12T00:00:00Z", "2026-10-18T00:00:00Z", UTC)).toBe("2026-10-12 – 2026-10-18");
    expect(formatDayRange("2026-10-12T00:00:00Z", "2026-10-12T23:00:00Z", UTC)).toBe("2026-10-12");
  });

  it("labels buckets in full and keeps axis ticks short", () => {
    expect(formatBucket("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "day", UTC)).toBe("2026-12-01");
    expect(formatBucket("2026-12-01T14:00:00Z", "2026-12-01T15:00:00Z", "hour", UTC)).toBe("2026-12-01 14:00–15:00");
    expect(formatBucket("2026-12-01T23:00:00Z", "2026-12-02T00:00:00Z", "hour", UTC)).toBe("2026-12-01 23:00 – 2026-12-02 00:00");
    expect(formatAxisTime("2026-12-01T00:00:00Z", "day", UTC)).toBe("12-01");
    expect(formatAxisTime("2026-12-01T14:00:00Z", "hour", UTC)).toBe("14:00");
    expect(formatAxisTime("2026-12-02T00:00:00Z", "hour", UTC)).toBe("12-02");
  });

  describe("in the viewer's zone by default", () => {
    const saved = process.env.TZ;
    beforeAll(() => {
      // Node re-reads TZ when it changes; this file runs in its own process (vitest pool "forks").
      process.env.TZ = "Asia/Kolkata"; // UTC+05:30, no daylight saving
    });
    afterAll(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });

    it("shifts the wall clock, and the date across midnight", () => {
      expect(formatDateTime("2026-12-01T14:23:05Z")).toBe("2026-12-01 19:53");
      expect(formatDateTimeSeconds("2026-12-01T20:00:00Z")).toBe("2026-12-02 01:30:00");
      expect(formatDate("2026-12-01T20:00:00Z")).toBe("2026-12-02");
      expect(formatBucket("2026-12-01T18:30:00Z", "2026-12-02T18:30:00Z", "day")).toBe("2026-12-02");
      expect(formatAxisTime("2026-12-01T18:30:00Z", "hour")).toBe("12-02");
    });

    it("keeps the hover title in UTC", () => {
      expect(formatUtcTitle("2026-12-01T20:00:00Z")).toBe("2026-12-01 20:00:00 UTC");
    });
  });
});

describe("numbers", () => {
  it("counts with thousands separators, never -0", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(12408)).toBe("12,408");
    expect(formatCount(1_234_567.6)).toBe("1,234,568");
    expect(formatCount(-0.2)).toBe("0");
    expect(formatCount(-1234)).toBe("−1,234");
    expect(formatCount(null)).toBe("—");
    expect(formatCount(undefined)).toBe("—");
    expect(formatCount(Number.NaN)).toBe("—");
  });

  it("writes rates as percentages with one decimal", () => {
    expect(formatRate(0.9312)).toBe("93.1%");
    expect(formatRate(1)).toBe("100.0%");
    expect(formatRate(0)).toBe("0.0%");
    expect(formatRate(0.5, 0)).toBe("50%");
    expect(formatRate(-0.00001)).toBe("0.0%");
    expect(formatRate(-0.05)).toBe("−5.0%");
    expect(formatRate(0.0005)).toBe("0.1%"); // 0.05 %
    expect(formatRate(0.00049)).toBe("0.0%");
    expect(formatRate(12.345)).toBe("1234.5%");
    expect(formatRate(undefined)).toBe("—");
    expect(formatRate(null)).toBe("—");
  });

  it("writes money by size", () => {
    expect(formatUsd(0)).toBe("$0");
    expect(formatUsd(0.5)).toBe("$0.50");
    expect(formatUsd(0.0042)).toBe("$0.0042");
    expect(formatUsd(0.00042)).toBe("$0.00042");
    expect(formatUsd(0.005)).toBe("$0.0050");
    expect(formatUsd(0.0123)).toBe("$0.01");
    expect(formatUsd(0.009996)).toBe("$0.01");
    expect(formatUsd(0.0000123)).toBe("$0.000012");
    expect(formatUsd(0.00004)).toBe("$0.000040");
    expect(formatUsd(0.009)).toBe("$0.0090");
    expect(formatUsd(1_000_000)).toBe("$1,000,000");
    expect(formatUsd(-0.00004)).toBe("−$0.000040");
    expect(formatUsd(null)).toBe("—");
    expect(formatUsd(0.0000004)).toBe("<$0.000001");
    expect(formatUsd(12.345)).toBe("$12.35");
    expect(formatUsd(999.996)).toBe("$1,000");
    expect(formatUsd(1204.4)).toBe("$1,204");
    expect(formatUsd(-2.5)).toBe("−$2.50");
    expect(formatUsd(undefined)).toBe("—");
  });

  it("writes durations by size", () => {
    expect(formatDurationMs(0)).toBe("0 ms");
    expect(formatDurationMs(850)).toBe("850 ms");
    expect(formatDurationMs(999.4)).toBe("999 ms");
    expect(formatDurationMs(999.6)).toBe("1.0 s");
    expect(formatDurationMs(999.95)).toBe("1.0 s");
    expect(formatDurationMs(59_949)).toBe("59.9 s");
    expect(formatDurationMs(59_990)).toBe("1 m 00 s"); // 59.99 s
    expect(formatDurationMs(86_400_000)).toBe("24 h 00 m");
    expect(formatDurationMs(-0.4)).toBe("0 ms");
    expect(formatDurationMs(undefined)).toBe("—");
    expect(formatDurationMs(5000)).toBe("5.0 s");
    expect(formatDurationMs(12_345)).toBe("12.3 s");
    expect(formatDurationMs(59_960)).toBe("1 m 00 s");
    expect(formatDurationMs(125_000)).toBe("2 m 05 s");
    expect(formatDurationMs(3_599_600)).toBe("1 h 00 m");
    expect(formatDurationMs(3_720_000)).toBe("1 h 02 m");
    expect(formatDurationMs(-120)).toBe("−120 ms");
    expect(formatDurationMs(null)).toBe("—");
  });

  it("writes per-1k rates and scores with two decimals", () => {
    expect(formatPer1k(1.254)).toBe("1.25");
    expect(formatPer1k(0)).toBe("0.00");
    expect(formatPer1k(-0.5)).toBe("−0.50");
    expect(formatPer1k(-0.001)).toBe("0.00");
    expect(formatPer1k(null)).toBe("—");
    expect(formatScore(0.8666)).toBe("0.87");
    expect(formatScore(null)).toBe("—");
    expect(formatPValue(0.0421)).toBe("0.042");
    expect(formatPValue(0.5)).toBe("0.50");
    expect(formatPValue(0.0004)).toBe("<0.001");
    expect(formatPValue(null)).toBe("—");
  });
});

describe("differences", () => {
  it("writes an interval of rate differences in points", () => {
    expect(formatIntervalPp([-0.021, 0.068])).toBe("−2.1 to +6.8 pp");
    expect(formatIntervalPp([0, 0.0004])).toBe("±0.0 to ±0.0 pp");
    expect(formatIntervalPp(null)).toBe("—");
  });
  it("writes rate differences in percentage points", () => {
    expect(formatDeltaPp(0.012)).toBe("+1.2 pp");
    expect(formatDeltaPp(-0.02)).toBe("−2.0 pp");
    expect(formatDeltaPp(0)).toBe("±0.0 pp");
    expect(formatDeltaPp(0.0004)).toBe("±0.0 pp");
    expect(formatDeltaPp(null)).toBe("—");
    expect(formatDeltaPp(0.0005)).toBe("+0.1 pp");
    expect(formatDeltaPp(-0.0005)).toBe("−0.1 pp");
  });

  it("writes relative changes as percentages", () => {
    expect(formatDeltaPercent(0.08)).toBe("+8.0%");
    expect(formatDeltaPercent(-0.2)).toBe("−20.0%");
    expect(formatDeltaPercent(124.05)).toBe("+12,405.0%");
    expect(formatDeltaPercent(0.0001)).toBe("±0.0%");
    expect(formatDeltaPercent(null)).toBe("—");
  });

  it("writes signed differences in a unit", () => {
    expect(formatDelta(0.04, "usd")).toBe("+$0.04");
    expect(formatDelta(-120, "ms")).toBe("−120 ms");
    expect(formatDelta(1500, "ms")).toBe("+1.5 s");
    expect(formatDelta(3, "count")).toBe("+3");
    expect(formatDelta(-1234, "count")).toBe("−1,234");
    expect(formatDelta(0, "usd")).toBe("±0");
    expect(formatDelta(null, "count")).toBe("—");
    expect(formatDelta(0.012, "rate")).toBe("+1.2 pp");
    expect(formatDelta(0, "rate")).toBe("±0.0 pp");
  });
});

describe("KPIs", () => {
  it("writes a KPI value in its unit", () => {
    expect(formatKpiValue(0.9312, "rate")).toBe("93.1%");
    expect(formatKpiValue(0.0042, "usd")).toBe("$0.0042");
    expect(formatKpiValue(12_000, "ms")).toBe("12.0 s");
    expect(formatKpiValue(1.254, "per1k")).toBe("1.25");
    expect(formatKpiValue(1204, "count")).toBe("1,204");
    expect(formatKpiValue(null, "usd")).toBe(EMPTY);
  });

  it("writes a KPI's change the way it is best read", () => {
    expect(formatKpiChange({ deltaAs: "points", unit: "rate" }, 0.93, 0.9)).toBe("+3.0 pp");
    expect(formatKpiChange({ deltaAs: "relative", unit: "usd" }, 0.0042, 0.005)).toBe("−16.0%");
    expect(formatKpiChange({ deltaAs: "relative", unit: "usd" }, 0.5, 0.5)).toBe("±0.0%");
    expect(formatKpiChange({ deltaAs: "relative", unit: "usd" }, 1204, 0)).toBe("+$1,204");
    expect(formatKpiChange({ deltaAs: "relative", unit: "per1k" }, 0.25, 0)).toBe("+0.25");
    expect(formatKpiChange({ deltaAs: "relative", unit: "per1k" }, 0, 0)).toBe("±0");
    expect(formatKpiChange({ deltaAs: "relative", unit: "ms" }, 12_000, 15_000)).toBe("−20.0%");
    expect(formatKpiChange({ deltaAs: "absolute", unit: "count" }, 2, 2)).toBe("±0");
    expect(formatKpiChange({ deltaAs: "absolute", unit: "count" }, 5, 2)).toBe("+3");
    expect(formatKpiChange({ deltaAs: "points", unit: "rate" }, 0.9, null)).toBe(EMPTY);
  });

  it("writes a count against an earlier one", () => {
    expect(formatCountChange(3, 0)).toBe("new");
    expect(formatCountChange(0, 0)).toBe("±0");
    expect(formatCountChange(10, 2)).toBe("+8");
    expect(formatCountChange(2, 5)).toBe("−3");
  });

  it("writes a release gate's value in its unit", () => {
    expect(formatGateValue("gold_set_pass_rate", 0.95)).toBe("95.0%");
    expect(formatGateValue("canary_escalation_rate", null)).toBe(EMPTY);
    expect(formatGateValue("run_p95_latency_ms", 5000)).toBe("5.0 s");
    expect(formatGateValue("critical_policy_violations", 2)).toBe("2");
  });
});

describe("words and axis ticks", () => {
  it("writes a failure category as words", () => {
    expect(formatCategory("tool_error")).toBe("tool error");
  });

  it("keeps axis ticks short", () => {
    expect(formatAxisRate(0.8)).toBe("80%");
    expect(formatAxisUsd(0)).toBe("$0");
    expect(formatAxisUsd(0.0042)).toBe("$0.004");
    expect(formatAxisUsd(2.25)).toBe("$2.3");
    expect(formatAxisUsd(1234)).toBe("$1.2k");
    expect(formatAxisDurationMs(850)).toBe("850 ms");
    expect(formatAxisDurationMs(1500)).toBe("1.5 s");
    expect(formatAxisCount(850)).toBe("850");
    expect(formatAxisCount(1234)).toBe("1.2k");
  });
});

describe("formatDeltaScore", () => {
  it("signed score points, two decimals; a gap is the empty mark", async () => {
    const { formatDeltaScore } = await import("./format");
    expect([0.031, -0.125, 0.001, 0, null].map(formatDeltaScore)).toEqual(["+0.03", "−0.13", "±0.00", "±0.00", "—"]);
  });
});
