import "server-only";
// The objective page's series (CONTRACT §8): the SLI per bucket over the period and the budget
// burn-down. Read from raw rows: one page view, not the evaluator's every minute.
import type { DbOrSqlTx } from "../db/handle";
import { attainment, budgetRemaining, periodStart, type ObjectiveSpec } from "@/lib/shared/objectives";
import { eventsSql, objectiveScope } from "./objective-status";

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
  const s = objectiveScope(projectId, o, from, now);
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
