import "server-only";
// The SQL of objective status (CONTRACT §8): good and total events of an objective over its period
// and over each burn-rate window, and the SLI per bucket for the objective page. All of it lives
// here so that it can move to the hourly rollups without touching the maths or the evaluator: the
// period (up to 90 days) is what a rollup would serve; the short windows stay on raw rows.
// One statement per objective: a single scan of the objective's rows since the earliest window
// start, with a FILTER per window, on the (projectId, workflow|outcome|name, startedAt) indexes.
import type { DbOrSqlTx } from "../db/handle";
import {
  alertLevel,
  attainment,
  budgetRemaining,
  burnRate,
  BURN_WINDOW_NAMES,
  BURN_WINDOWS,
  objectiveHealth,
  periodStart,
  type BurnRates,
  type EventCounts,
  type ObjectiveSpec,
} from "@/lib/shared/objectives";
import type { ObjectiveStatusDto } from "@/lib/shared/objectives";
import { filterSql, runsWhere, toolCallsFromWhere, type FilterSql } from "./metrics/filter";

/** FROM … WHERE of the objective's events in [from, to), and the SQL of "this event is good". */
function eventsSql(o: ObjectiveSpec, s: FilterSql): { fromWhere: string; good: string; at: string } {
  if (o.sli === "tool_latency") {
    const tool = s.params.add(o.tool);
    const threshold = s.params.add(o.thresholdMs);
    return {
      fromWhere: toolCallsFromWhere(s, [`tc."name" = ${tool}`]),
      good: `tc."status" = 'ok' AND tc."latencyMs" <= ${threshold}`,
      at: `tc."runStartedAt"`,
    };
  }
  const good =
    o.sli === "success_rate"
      ? `r."outcome" = 'success'`
      : o.sli === "non_escalation_rate"
        ? `r."outcome" <> 'escalated'`
        : `r."durationMs" <= ${s.params.add(o.thresholdMs)}`;
  return { fromWhere: `FROM "runs" r WHERE ${runsWhere(s)}`, good, at: `r."startedAt"` };
}

function scope(projectId: string, o: ObjectiveSpec, from: Date, to: Date): FilterSql {
  return filterSql({ projectId, from, to, ...(o.workflow !== null ? { workflow: o.workflow } : {}) });
}

export interface ObjectiveCounts {
  period: EventCounts;
  windows: Record<keyof typeof BURN_WINDOWS, EventCounts>;
}

/**
 * Good/total over `[now - periodDays, now)` and over each burn window ending at now. Each event is
 * put once in the bucket of the latest window start it is at or after (a CASE), and the windows are
 * sums of buckets: one comparison chain and two counts per row, not two counts per window.
 */
export async function getObjectiveCounts(db: DbOrSqlTx, projectId: string, o: ObjectiveSpec, now: Date): Promise<ObjectiveCounts> {
  const starts: { name: "period" | keyof typeof BURN_WINDOWS; at: number }[] = [
    { name: "period", at: periodStart(now, o.periodDays).getTime() },
    ...BURN_WINDOW_NAMES.map((w) => ({ name: w, at: now.getTime() - BURN_WINDOWS[w] })),
  ];
  // Distinct starts, latest first: bucket i holds the events at or after bounds[i] and before bounds[i - 1].
  const bounds = [...new Set(starts.map((x) => x.at))].sort((a, b) => b - a);
  const s = scope(projectId, o, new Date(bounds.at(-1)!), now);
  const ev = eventsSql(o, s);
  const cases = bounds.slice(0, -1).map((b, i) => `WHEN ${ev.at} >= ${s.params.add(new Date(b))} THEN ${i}`);
  const bucket = cases.length ? `CASE ${cases.join(" ")} ELSE ${bounds.length - 1} END` : "0";
  const rows = await db.sql.query<{ b: number; good: number; total: number }>(
    `SELECT ${bucket} AS "b", count(*)::int AS "total", count(*) FILTER (WHERE ${ev.good})::int AS "good" ${ev.fromWhere} GROUP BY 1`,
    s.params.values,
  );
  const since = (at: number): EventCounts => {
    const last = bounds.indexOf(at);
    const c = { good: 0, total: 0 };
    for (const r of rows)
      if (Number(r.b) <= last) {
        c.good += Number(r.good);
        c.total += Number(r.total);
      }
    return c;
  };
  const counts = Object.fromEntries(starts.map((x) => [x.name, since(x.at)])) as Record<(typeof starts)[number]["name"], EventCounts>;
  return { period: counts.period, windows: Object.fromEntries(BURN_WINDOW_NAMES.map((w) => [w, counts[w]])) as ObjectiveCounts["windows"] };
}

/** The status of one objective at `now` (CONTRACT §8). */
export async function getObjectiveStatus(db: DbOrSqlTx, projectId: string, o: ObjectiveSpec & { id: string }, now: Date): Promise<ObjectiveStatusDto> {
  const c = await getObjectiveCounts(db, projectId, o, now);
  const burnRates = Object.fromEntries(BURN_WINDOW_NAMES.map((w) => [w, burnRate(c.windows[w], o.target)])) as BurnRates;
  const alert = alertLevel(burnRates);
  const remaining = budgetRemaining(c.period, o.target);
  return {
    id: o.id,
    good: c.period.good,
    total: c.period.total,
    attainment: attainment(c.period),
    budgetRemaining: remaining,
    burnRates,
    alert,
    health: objectiveHealth(remaining, alert),
    from: periodStart(now, o.periodDays).toISOString(),
    to: now.toISOString(),
  };
}

/** Bucket size of the objective page's series: hours for periods up to 3 days, else days. */
export function seriesBucketMs(periodDays: number): number {
  return periodDays <= 3 ? 3_600_000 : 86_400_000;
}

/**
 * The SLI per bucket over the period (buckets aligned on the period's start), and the budget left
 * after each bucket counting from the period's start: the burn-down. Empty buckets are gaps (null
 * attainment), never invented numbers; the burn-down carries on through them.
 */
export async function getObjectiveSeries(db: DbOrSqlTx, projectId: string, o: ObjectiveSpec & { id: string }, now: Date) {
  const from = periodStart(now, o.periodDays);
  const bucketMs = seriesBucketMs(o.periodDays);
  const s = scope(projectId, o, from, now);
  const ev = eventsSql(o, s);
  const start = s.params.add(from);
  const size = s.params.add(bucketMs / 1000);
  const rows = await db.sql.query<{ bucket: number; good: number; total: number }>(
    `SELECT floor(extract(epoch FROM (${ev.at} - ${start}::timestamptz)) / ${size})::int AS "bucket",
       count(*) FILTER (WHERE ${ev.good})::int AS "good", count(*)::int AS "total"
     ${ev.fromWhere} GROUP BY 1 ORDER BY 1`,
    s.params.values,
  );
  const byBucket = new Map(rows.map((r) => [Number(r.bucket), r]));
  const n = Math.ceil((now.getTime() - from.getTime()) / bucketMs);
  const cumulative = { good: 0, total: 0 };
  const buckets = [];
  for (let i = 0; i < n; i++) {
    const r = byBucket.get(i);
    const counts = { good: Number(r?.good ?? 0), total: Number(r?.total ?? 0) };
    cumulative.good += counts.good;
    cumulative.total += counts.total;
    buckets.push({
      from: new Date(from.getTime() + i * bucketMs).toISOString(),
      ...counts,
      attainment: attainment(counts),
      budgetRemaining: budgetRemaining(cumulative, o.target),
    });
  }
  return { id: o.id, bucketMs, buckets };
}
