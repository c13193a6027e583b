// The one way Keel writes dates and numbers, on every page, chart, table and in the Markdown export
// (no other module formats a value: pages and components import from here).
// Dates: ISO-like with the year, minutes precision, in the viewer's time zone ("2026-12-01 14:23");
// the UTC instant goes in a hover title (components/ui/time.tsx); the Markdown export passes
// { timeZone: "UTC" }. Numbers: fixed rules per unit so a column reads alike wherever it appears.
// No value (null, undefined, NaN) is the empty mark "—".
import { delta, type KpiDefinition, type KpiUnit } from "./metrics";
import type { GateName } from "./gates";

type Instant = string | number | Date;

const toDate = (v: Instant) => (v instanceof Date ? v : new Date(v));
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Local calendar parts of an instant, in the zone `timeZone` (default: the runtime's, i.e. the viewer's). */
function parts(v: Instant, timeZone?: string) {
  const d = toDate(v);
  if (timeZone === "UTC") {
    return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() };
  }
  return { y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds() };
}

export interface DateFormatOptions {
  /** "UTC" for UTC; default the viewer's zone. */
  timeZone?: "UTC";
}

/** "2026-12-01" */
export function formatDate(v: Instant | null | undefined, o: DateFormatOptions = {}): string {
  if (v === null || v === undefined || Number.isNaN(toDate(v).getTime())) return EMPTY;
  const p = parts(v, o.timeZone);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
}

/** "2026-12-01 14:23" */
export function formatDateTime(v: Instant | null | undefined, o: DateFormatOptions = {}): string {
  if (v === null || v === undefined || Number.isNaN(toDate(v).getTime())) return EMPTY;
  const p = parts(v, o.timeZone);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
}

/** "2026-12-01 14:23:05" (run and tool-call timestamps, where seconds matter). */
export function formatDateTimeSeconds(v: Instant | null | undefined, o: DateFormatOptions = {}): string {
  if (v === null || v === undefined || Number.isNaN(toDate(v).getTime())) return EMPTY;
  const p = parts(v, o.timeZone);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
}

/** "14:23" (chart ticks inside one day). */
export function formatTimeOfDay(v: Instant, o: DateFormatOptions = {}): string {
  const p = parts(v, o.timeZone);
  return `${pad(p.h)}:${pad(p.mi)}`;
}

/** "2026-12-01 14:23:05 UTC": the hover title of every displayed instant. */
export function formatUtcTitle(v: Instant | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(toDate(v).getTime())) return "";
  return `${formatDateTimeSeconds(v, { timeZone: "UTC" })} UTC`;
}

/** "2026-11-24 10:00 – 2026-12-01 10:00" (a window); the end's date is left out when it is the same day. */
export function formatWindow(from: Instant, to: Instant, o: DateFormatOptions = {}): string {
  const a = formatDateTime(from, o);
  const b = formatDateTime(to, o);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a}–${b.slice(11)}` : `${a} – ${b}`;
}

/** "2026-10-12 – 2026-10-18": whole days, both inclusive (an ISO week, a due-date span). */
export function formatDayRange(first: Instant, last: Instant, o: DateFormatOptions = {}): string {
  const a = formatDate(first, o);
  const b = formatDate(last, o);
  return a === b ? a : `${a} – ${b}`;
}

/** The time buckets of the trend charts (lib/shared/metrics `Bucket`). */
export type TimeBucket = "hour" | "day";

/**
 * A chart's x-axis tick at a bucket start, short so ticks do not collide: days "12-01" (MM-DD, the
 * ISO date without its year), hours "14:00", and the date "12-02" at local midnight so a multi-day
 * hourly axis still says which day. Ticks only: every tooltip and label gives the full date
 * (formatBucket).
 */
export function formatAxisTime(v: Instant, bucket: TimeBucket, o: DateFormatOptions = {}): string {
  if (Number.isNaN(toDate(v).getTime())) return "";
  const p = parts(v, o.timeZone);
  if (bucket === "day" || (p.h === 0 && p.mi === 0)) return `${pad(p.mo)}-${pad(p.d)}`;
  return `${pad(p.h)}:${pad(p.mi)}`;
}

/** A bucket in full (chart tooltips, bucket labels): "2026-12-01" for a day, "2026-12-01 14:00–15:00" for an hour. */
export function formatBucket(start: Instant, end: Instant, bucket: TimeBucket, o: DateFormatOptions = {}): string {
  return bucket === "day" ? formatDate(start, o) : formatWindow(start, end, o);
}

// ---- numbers ----------------------------------------------------------------------------------

const EN = "en-US";

/** The empty mark: a value that is not there (no runs, nothing to compare with). */
export const EMPTY = "—";

/** Negative numbers carry the minus sign "−" (as money, durations and differences do); a value that rounds to zero carries none. */
const signed = (text: string) => (/^-[0,.]*$/.test(text) ? text.slice(1) : text.replace(/^-/, "−"));

/** "12,408" */
export function formatCount(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY;
  return signed(Math.round(v).toLocaleString(EN));
}

/** A fraction as a percentage: 0.9312 → "93.1%". */
export function formatRate(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY;
  return `${signed((v * 100).toFixed(digits))}%`;
}

/**
 * Money: "$0", "$0.0042" and "$0.00042" (under a cent: two significant digits, so small per-run and
 * per-call costs stay readable and are never written "$0.0000"; "<$0.000001" below that), "$0.50",
 * "$12.34", "$1,204" (from $1,000 on, whole dollars). A value is written in the style its rounded
 * text falls in ($0.009996 → "$0.01", $999.996 → "$1,000").
 */
export function formatUsd(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY;
  if (v === 0) return "$0";
  const sign = v < 0 ? "−" : "";
  const a = Math.abs(v);
  if (a < 0.000001) return `${sign}<$0.000001`;
  if (a < 0.01 && a.toPrecision(2) !== "0.010") return `${sign}$${a.toPrecision(2)}`;
  if (a < 1000 && a.toFixed(2) !== "1000.00") return `${sign}$${a.toFixed(2)}`;
  return `${sign}$${Math.round(a).toLocaleString(EN)}`;
}

/** Durations: "850 ms", "5.0 s", "12.3 s", "2 m 05 s", "1 h 02 m" (a value rounding up to the next unit is written in it: 999.6 ms → "1.0 s"). */
export function formatDurationMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY;
  const a = Math.abs(v);
  const sign = v < 0 && Math.round(a) > 0 ? "−" : "";
  if (Math.round(a) < 1000) return `${sign}${Math.round(a)} ms`;
  const tenths = Math.round(a / 100);
  if (tenths < 600) return `${sign}${(tenths / 10).toFixed(1)} s`;
  const totalS = Math.round(a / 1000);
  if (totalS < 3600) return `${sign}${Math.floor(totalS / 60)} m ${pad(totalS % 60)} s`;
  const totalM = Math.round(totalS / 60);
  return `${sign}${Math.floor(totalM / 60)} h ${pad(totalM % 60)} m`;
}

/** Incidents per 1,000 sessions: "1.25". */
export function formatPer1k(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY;
  return signed(v.toFixed(2));
}

/** A 0–1 score: "0.87". */
export function formatScore(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY;
  return signed(v.toFixed(2));
}

/** A p-value: "0.042", "0.50"; below 0.001 "<0.001" (three decimals say all a reader needs). */
export function formatPValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY;
  if (v < 0.001) return "<0.001";
  return v < 0.1 ? v.toFixed(3) : v.toFixed(2);
}

/** An interval of rate differences in points: "−2.1 to +6.8 pp". */
export function formatIntervalPp(i: readonly [number, number] | null | undefined): string {
  if (!i) return EMPTY;
  return `${formatDeltaPp(i[0]).replace(/ pp$/, "")} to ${formatDeltaPp(i[1])}`;
}

const signOf = (d: number) => (d > 0 ? "+" : d < 0 ? "−" : "±");

/** A difference of two rates in percentage points: 0.012 → "+1.2 pp"; one that rounds to 0.0 is "±0.0 pp". */
export function formatDeltaPp(d: number | null | undefined): string {
  if (d === null || d === undefined || !Number.isFinite(d)) return EMPTY;
  const text = Math.abs(d * 100).toFixed(1);
  return text === "0.0" ? "±0.0 pp" : `${signOf(d)}${text} pp`;
}

/** A relative change: 0.08 → "+8.0%", 124.05 → "+12,405.0%"; one that rounds to 0.0 is "±0.0%". */
export function formatDeltaPercent(d: number | null | undefined): string {
  if (d === null || d === undefined || !Number.isFinite(d)) return EMPTY;
  const text = Math.abs(d * 100).toLocaleString(EN, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return text === "0.0" ? "±0.0%" : `${signOf(d)}${text}%`;
}

/** A signed difference in a unit: "+$0.04", "−120 ms", "+3"; "±0" when there is none; rates in points ("+1.2 pp"). */
export function formatDelta(d: number | null | undefined, unit: "usd" | "ms" | "count" | "rate"): string {
  if (unit === "rate") return formatDeltaPp(d);
  if (d === null || d === undefined || !Number.isFinite(d)) return EMPTY;
  if (d === 0) return "±0";
  const abs = Math.abs(d);
  const text = unit === "usd" ? formatUsd(abs) : unit === "ms" ? formatDurationMs(abs) : formatCount(abs);
  return `${signOf(d)}${text}`;
}

/** A release gate's actual or threshold in its unit: "93.1%", "5.0 s", "2". */
export function formatGateValue(name: GateName, x: number | null | undefined): string {
  if (name === "gold_set_pass_rate" || name === "canary_escalation_rate") return formatRate(x);
  if (name === "run_p95_latency_ms") return formatDurationMs(x);
  return formatCount(x);
}

// ---- KPIs (overview tiles, weekly review page and its Markdown export) --------------------------

/** A KPI value in its unit: "93.1%", "$0.0042", "12.0 s", "1.25", "1,204". */
export function formatKpiValue(value: number | null | undefined, unit: KpiUnit): string {
  switch (unit) {
    case "rate":
      return formatRate(value);
    case "usd":
      return formatUsd(value);
    case "ms":
      return formatDurationMs(value);
    case "per1k":
      return formatPer1k(value);
    case "count":
      return formatCount(value);
  }
}

/**
 * The change of a KPI read the way it is best read: rates in points ("+1.2 pp"), relative KPIs in
 * percent ("−8.0%"), the rest as a signed value in the unit ("+3", "+$0.04", "+0.25"); a relative
 * change from 0 has no meaning, so it is the signed value too. "±…" when there is no change, "—"
 * when either value is missing.
 */
export function formatKpiChange(kpi: Pick<KpiDefinition, "deltaAs" | "unit">, current: number | null, previous: number | null): string {
  const d = delta(current, previous);
  if (d.absolute === null) return EMPTY;
  if (kpi.deltaAs === "points") return formatDeltaPp(d.absolute);
  if (kpi.deltaAs === "relative" && d.relative !== null) return formatDeltaPercent(d.relative);
  if (kpi.unit === "usd" || kpi.unit === "ms" || kpi.unit === "count") return formatDelta(d.absolute, kpi.unit);
  if (d.absolute === 0) return "±0";
  return `${signOf(d.absolute)}${formatKpiValue(Math.abs(d.absolute), kpi.unit)}`;
}

/** A count against an earlier one: "new" (none before), "+8", "−3", "±0". */
export function formatCountChange(count: number, previousCount: number): string {
  if (previousCount === 0 && count > 0) return "new";
  return formatDelta(count - previousCount, "count");
}

// ---- words ------------------------------------------------------------------------------------

/** A failure category as words: "tool_error" → "tool error". */
export function formatCategory(category: string): string {
  return category.replace(/_/g, " ");
}

// ---- chart axis ticks: short ("$1.2k", "80%", "1.5 s"); tooltips and tables give the full value --

const trim = (v: number, digits: number) => String(+v.toFixed(digits));

/** 0.8 → "80%". */
export const formatAxisRate = (v: number) => `${Math.round(v * 100)}%`;
/** "$0", "$0.004", "$1.5", "$1.2k". */
export const formatAxisUsd = (v: number) => (v >= 1000 ? `$${trim(v / 1000, 1)}k` : v >= 1 ? `$${trim(v, 1)}` : v === 0 ? "$0" : `$${trim(v, 3)}`);
/** "850 ms", "1.5 s". */
export const formatAxisDurationMs = (v: number) => (v >= 1000 ? `${trim(v / 1000, 1)} s` : `${Math.round(v)} ms`);
/** "850", "1.2k". */
export const formatAxisCount = (v: number) => (v >= 1000 ? `${trim(v / 1000, 1)}k` : `${Math.round(v)}`);

/** A difference of two 0–1 scores in score points: 0.031 → "+0.03", −0.125 → "−0.13"; one that rounds to 0 is "±0.00". */
export function formatDeltaScore(d: number | null | undefined): string {
  if (d === null || d === undefined || !Number.isFinite(d)) return EMPTY;
  const text = Math.abs(d).toFixed(2);
  return text === "0.00" ? "±0.00" : `${signOf(d)}${text}`;
}
