import "server-only";
// The status of objectives (CONTRACT §8): good and total events over the period and over each
// burn-rate window ending at `now`.
//
// Every window [s, now) is split at whole UTC hours: with H the start of the current hour and c
// the first whole hour at or after s,
//   [s, now) = [s, c) raw rows  +  hours [c, H) from objective_hours  +  [H, now) raw rows
// (or all raw when s is inside the current hour). objective_hours holds each objective's counts
// per whole hour, computed from raw rows at that hour's revision (rollup_hours.rev, bumped by the
// ingest path whenever it writes a run of the hour). A cached hour is used only while its
// revision and the objective's definition (`spec`) are unchanged; the others are recomputed from
// raw rows here, in the same statement that reads their revision (one snapshot), and handed back
// as `freshHours` for the evaluator to store (this module only reads). So the numbers are exactly
// those of counting raw rows, while a steady evaluation reads only the partial hours raw.
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
  type ObjectiveStatusDto,
} from "@/lib/shared/objectives";
import { filterSql, runsWhere, toolCallsFromWhere, type FilterSql } from "./metrics/filter";

const HOUR_MS = 3_600_000;

export type ObjectiveRef = ObjectiveSpec & { id: string };

/** FROM … WHERE of the objective's events in [from, to), the SQL of "this event is good", and the event's time. */
export function eventsSql(o: ObjectiveSpec, s: FilterSql): { fromWhere: string; good: string; at: string } {
  if (o.sli === "tool_latency") {
    const tool = s.params.add(o.tool);
    const threshold = s.params.add(o.thresholdMs);
    const at = `tc."runStartedAt"`;
    return {
      fromWhere: toolCallsFromWhere(s, [`tc."name" = ${tool}`]),
      good: `tc."status" = 'ok' AND tc."latencyMs" <= ${threshold}`,
      at,
    };
  }
  const good =
    o.sli === "success_rate"
      ? `r."outcome" = 'success'`
      : o.sli === "non_escalation_rate"
        ? `r."outcome" <> 'escalated'`
        : `r."durationMs" <= ${s.params.add(o.thresholdMs)}`;
  const at = `r."startedAt"`;
  return { fromWhere: `FROM "runs" r WHERE ${runsWhere(s)}`, good, at };
}

export function objectiveScope(projectId: string, o: ObjectiveSpec, from: Date, to: Date): FilterSql {
  return filterSql({ projectId, from, to, ...(o.workflow !== null ? { workflow: o.workflow } : {}) });
}

/** What "good" and "total" mean for an objective: a cached hour counted under another spec is stale. */
export function objectiveSpecKey(o: ObjectiveSpec): string {
  return JSON.stringify([o.sli, o.workflow, o.tool ?? null, o.thresholdMs ?? null]);
}

/** One whole hour of one objective computed from raw rows at revision `rev`. */
export interface FreshHour {
  objectiveId: string;
  hour: string;
  spec: string;
  rev: string;
  good: number;
  total: number;
}

export interface ObjectiveCounts {
  period: EventCounts;
  windows: Record<keyof typeof BURN_WINDOWS, EventCounts>;
}

type StartName = "period" | keyof typeof BURN_WINDOWS;

const floorHour = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;
const ceilHour = (t: number) => Math.ceil(t / HOUR_MS) * HOUR_MS;
const add = (a: EventCounts, b: { good: number | string | null; total: number | string | null }) => {
  a.good += Number(b.good ?? 0);
  a.total += Number(b.total ?? 0);
};

function startsOf(o: ObjectiveSpec, now: Date): { name: StartName; at: number }[] {
  return [
    { name: "period", at: periodStart(now, o.periodDays).getTime() },
    ...BURN_WINDOW_NAMES.map((w) => ({ name: w, at: now.getTime() - BURN_WINDOWS[w] })),
  ];
}

/** The start of an objective's longest window: whole hours before it are never read. */
export function earliestStart(o: ObjectiveSpec, now: Date): number {
  return Math.min(...startsOf(o, now).map((s) => s.at));
}

/**
 * The objective's events in several time ranges as one subquery of ("at", "good"): a UNION ALL of
 * one SELECT per range, so each reads its own index range (an OR of ranges under one wide bound
 * would scan everything between them). Appends the parameters to `values`.
 */
function eventsInRanges(projectId: string, o: ObjectiveSpec, ranges: [number, number][], values: unknown[]): string {
  return ranges
    .map(([a, b]) => {
      const scope = objectiveScope(projectId, o, new Date(a), new Date(b));
      const ev = eventsSql(o, scope);
      const offset = values.length;
      values.push(...scope.params.values);
      return `SELECT ${ev.at} AS "at", (${ev.good}) AS "good" ${ev.fromWhere}`.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    })
    .join(" UNION ALL ");
}

/**
 * Counts of the raw part of each window: the events in [s, c) for every start s before the current
 * hour, and in [max(s, H), now). One statement; each event lands in the bucket between the two
 * consecutive boundaries around it (a CASE, latest boundary first).
 */
async function rawCounts(db: DbOrSqlTx, projectId: string, o: ObjectiveSpec, starts: number[], now: number): Promise<(s: number) => EventCounts> {
  const H = floorHour(now);
  const ranges: [number, number][] = [[Math.max(H, Math.min(...starts)), now]];
  for (const s of starts) if (s < H && ceilHour(s) > s) ranges.push([s, ceilHour(s)]);
  // The ranges overlap (the 5m window's partial hour lies inside the 30m one's): read their union once.
  const disjoint: [number, number][] = [];
  for (const [a, b] of ranges.filter(([a, b]) => a < b).sort((x, y) => x[0] - y[0])) {
    const last = disjoint.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else disjoint.push([a, b]);
  }
  // Starts inside the current hour split [H, now) so that their windows are sums of whole buckets.
  const bounds = [...new Set([...ranges.flat(), ...starts.filter((s) => s > H)])].sort((a, b) => b - a);
  const values: unknown[] = [];
  const events = disjoint.length ? eventsInRanges(projectId, o, disjoint, values) : `SELECT now() AS "at", true AS "good" WHERE false`;
  const cases = bounds.slice(1, -1).map((b, i) => {
    values.push(new Date(b));
    return `WHEN e."at" >= $${values.length}::timestamptz THEN ${i}`;
  });
  const bucket = cases.length ? `CASE ${cases.join(" ")} ELSE ${bounds.length - 2} END` : "0";
  const rows = await db.sql.query<{ b: number; good: number; total: number }>(
    `SELECT ${bucket} AS "b", count(*)::int AS "total", count(*) FILTER (WHERE e."good")::int AS "good" FROM (${events}) e GROUP BY 1`,
    values,
  );
  // Bucket i holds [bounds[i + 1], bounds[i]).
  const within = (a: number, b: number, c: EventCounts) => {
    for (const r of rows) {
      const i = Number(r.b);
      if (bounds[i + 1] >= a && bounds[i] <= b) add(c, r);
    }
  };
  return (s) => {
    const c = { good: 0, total: 0 };
    if (s >= H) within(s, now, c);
    else {
      within(s, ceilHour(s), c);
      within(H, now, c);
    }
    return c;
  };
}

/** Counts of whole hours computed from raw rows, with each hour's revision (one statement, one snapshot). */
async function hoursFromRaw(db: DbOrSqlTx, projectId: string, o: ObjectiveSpec, hours: string[]): Promise<{ hour: string; rev: string; good: number; total: number }[]> {
  // Consecutive hours make one range each.
  const ranges: [number, number][] = [];
  for (const t of hours.map((h) => Date.parse(h)).sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && last[1] === t) last[1] = t + HOUR_MS;
    else ranges.push([t, t + HOUR_MS]);
  }
  const values: unknown[] = [projectId, hours];
  const events = eventsInRanges(projectId, o, ranges, values);
  const rows = await db.sql.query<{ hour: Date | string; rev: string; good: number | null; total: number | null }>(
    `WITH c AS (SELECT date_trunc('hour', e."at", 'UTC') AS "hour", count(*) FILTER (WHERE e."good")::int AS "good", count(*)::int AS "total"
       FROM (${events}) e GROUP BY 1)
     SELECT hr."hour", hr."rev"::text AS "rev", c."good", c."total"
     FROM "rollup_hours" hr LEFT JOIN c ON c."hour" = hr."hour"
     WHERE hr."projectId" = $1 AND hr."hour" = ANY($2::timestamptz[])`,
    values,
  );
  return rows.map((r) => ({ hour: new Date(r.hour).toISOString(), rev: String(r.rev), good: Number(r.good ?? 0), total: Number(r.total ?? 0) }));
}

/**
 * Good/total of each objective over its period and each burn window ending at `now`, and the
 * whole hours that had to be computed from raw rows (stale or missing in objective_hours).
 */
export async function getObjectiveCountsBatch(
  db: DbOrSqlTx,
  projectId: string,
  objectives: ObjectiveRef[],
  now: Date,
): Promise<{ counts: Map<string, ObjectiveCounts>; freshHours: FreshHour[] }> {
  const counts = new Map<string, ObjectiveCounts>();
  const freshHours: FreshHour[] = [];
  if (objectives.length === 0) return { counts, freshHours };
  const t = now.getTime();
  const H = floorHour(t);
  // The cached part: hours [c, H) per objective, summed per segment between consecutive distinct c.
  // An objective's first cached hour: that of its earliest window (the period, or 3d when longer).
  const firstHours = objectives.map((o) => ceilHour(earliestStart(o, now)));
  const allStarts = objectives.flatMap((o) => startsOf(o, now).map((s) => ceilHour(s.at)));
  const segs = [...new Set(allStarts.filter((c) => c < H))].sort((a, b) => b - a);
  type SegRow = { id: string; seg: number; good: number | null; total: number | null; stale: (number | string)[] | null };
  let segRows: SegRow[] = [];
  if (segs.length) {
    const params: unknown[] = [projectId, objectives.map((o) => o.id), firstHours.map((c) => new Date(c)), objectives.map(objectiveSpecKey), new Date(H)];
    const cases = segs.slice(0, -1).map((c, i) => {
      params.push(new Date(c));
      return `WHEN j."hour" >= $${params.length}::timestamptz THEN ${i}`;
    });
    const seg = cases.length ? `CASE ${cases.join(" ")} ELSE ${segs.length - 1} END` : "0";
    segRows = await db.sql.query<SegRow>(
      `WITH o AS (SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::text[]) AS o("id", "from", "spec")),
       j AS (
         SELECT o."id", hr."hour", oh."good", oh."total", (oh."rev" = hr."rev" AND oh."spec" = o."spec") AS "ok"
         FROM o JOIN "rollup_hours" hr ON hr."projectId" = $1 AND hr."hour" >= o."from" AND hr."hour" < $5
         LEFT JOIN "objective_hours" oh ON oh."projectId" = $1 AND oh."objectiveId" = o."id" AND oh."hour" = hr."hour")
       SELECT j."id", ${seg} AS "seg", sum(j."good") FILTER (WHERE j."ok")::int AS "good", sum(j."total") FILTER (WHERE j."ok")::int AS "total",
         array_agg((extract(epoch FROM j."hour") * 1000)::bigint ORDER BY j."hour") FILTER (WHERE j."ok" IS NOT TRUE) AS "stale"
       FROM j GROUP BY 1, 2`,
      params,
    );
  }
  const segOf = (hour: number) => segs.findIndex((c) => hour >= c);
  for (const o of objectives) {
    const spec = objectiveSpecKey(o);
    const bySeg = new Map<number, EventCounts>();
    const seg = (i: number) => bySeg.get(i) ?? bySeg.set(i, { good: 0, total: 0 }).get(i)!;
    const stale: string[] = [];
    for (const r of segRows)
      if (r.id === o.id) {
        add(seg(Number(r.seg)), r);
        for (const h of r.stale ?? []) stale.push(new Date(Number(h)).toISOString());
      }
    if (stale.length)
      for (const h of await hoursFromRaw(db, projectId, o, stale)) {
        add(seg(segOf(Date.parse(h.hour))), h);
        freshHours.push({ objectiveId: o.id, hour: h.hour, spec, rev: h.rev, good: h.good, total: h.total });
      }
    const starts = startsOf(o, now);
    const raw = await rawCounts(db, projectId, o, starts.map((s) => s.at), t);
    const since = (s: number): EventCounts => {
      const c = raw(s);
      const from = ceilHour(s);
      if (from < H) for (const [i, v] of bySeg) if (segs[i] >= from) add(c, v);
      return c;
    };
    const all = Object.fromEntries(starts.map((s) => [s.name, since(s.at)])) as Record<StartName, EventCounts>;
    counts.set(o.id, { period: all.period, windows: Object.fromEntries(BURN_WINDOW_NAMES.map((w) => [w, all[w]])) as ObjectiveCounts["windows"] });
  }
  return { counts, freshHours };
}

/** The status DTO of an objective from its counts (CONTRACT §8). */
export function statusOf(o: ObjectiveRef, c: ObjectiveCounts, now: Date): ObjectiveStatusDto {
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

/** The status of several objectives of one project at `now`, and the hours the evaluator may store. */
export async function getObjectiveStatuses(
  db: DbOrSqlTx,
  projectId: string,
  objectives: ObjectiveRef[],
  now: Date,
): Promise<{ statuses: Map<string, ObjectiveStatusDto>; freshHours: FreshHour[] }> {
  const { counts, freshHours } = await getObjectiveCountsBatch(db, projectId, objectives, now);
  return { statuses: new Map(objectives.map((o) => [o.id, statusOf(o, counts.get(o.id)!, now)])), freshHours };
}

/** The status of one objective at `now` (CONTRACT §8). */
export async function getObjectiveStatus(db: DbOrSqlTx, projectId: string, o: ObjectiveRef, now: Date): Promise<ObjectiveStatusDto> {
  return (await getObjectiveStatuses(db, projectId, [o], now)).statuses.get(o.id)!;
}
