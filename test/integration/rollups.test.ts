// Rollups + sketches against the raw definitions (issue 14), on every database: a dataset with
// duplicates, retried tool calls, late arrivals, windows whose edges fall inside an hour and an
// OTLP trace rebuilt twice. Counts are exact, costs equal (rollups add NUMERIC, raw adds float8:
// equal to 1e-12 relative), percentiles within 1 % of percentile_cont; `rollups rebuild` gives
// the very cells incremental maintenance kept, and `rollups verify` finds a corrupted cell.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { sqlTransaction } from "@/lib/server/db/handle";
import { ingestRuns } from "@/lib/server/ingest";
import { normalizeRun, type RunRow } from "@/lib/server/ingest/normalize";
import { writeRuns } from "@/lib/server/ingest/store";
import { ingestOtelSpans } from "@/lib/server/otel";
import { decode } from "@/lib/server/otel/body";
import {
  getOverview,
  getReleaseMetrics,
  getTimeseries,
  getToolMetrics,
  getTopFailureReasons,
  getWorkflowMetrics,
  type MetricsFilter,
  type TimeseriesRequest,
} from "@/lib/server/queries/metrics";
import { getCohortStats, listReleases } from "@/lib/server/queries/releases";
import { verifyRollups } from "@/lib/server/queries/rollups";
import { DAILY_TABLES, dailyGrain, ROLLUP_TABLES, rollupColumns, rollupTable } from "@/lib/server/rollups/maintain";
import { foldStaleDays, rebuildRollups } from "@/lib/server/services/rollups";
import { toOtlpJson, type FixtureRequest, type FixtureSpan } from "@/test/helpers/otlp";
import { createTestProject, testDatabases } from "../helpers/db";
import { prng as rng } from "../helpers/prng";

const H = Date.UTC(2026, 10, 20, 8, 0, 0); // 2026-11-20T08:00Z
const MIN = 60_000;
const FUTURE = new Date("2100-01-01T00:00:00Z");
const at = (ms: number) => new Date(ms).toISOString();

const TOOLS = ["search", "ticketing.create", "crm.lookup", "refund"];
const STATUSES = ["ok", "ok", "ok", "error", "timeout", "blocked"] as const;
const COSTS = [0, 0.1, 0.2, 0.3, 0.015625, 1.7, 0.33];

/** Native runs spread over 08:00–15:00, seeded: outcomes, failures, escalations, retries, sessions shared across hours. */
function makeRuns(prefix: string, n: number, seed: number, startMs = H, spanMs = 7 * 60 * MIN) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  return Array.from({ length: n }, (_, i) => {
    const start = startMs + Math.floor(r() * spanMs);
    const duration = Math.round(Math.exp(6 + 3 * r()));
    const outcome = pick(["success", "success", "failure", "escalated"] as const);
    let t = start;
    const toolCalls = Array.from({ length: Math.floor(r() * 4) }, () => {
      const latency = Math.round(Math.exp(3 + 5 * r()));
      const call = { name: pick(TOOLS), startedAt: at(t), endedAt: at(t + latency), status: pick(STATUSES), retry: r() < 0.3, costUsd: pick(COSTS) };
      t += latency;
      return call;
    });
    return {
      id: `${prefix}-${i}`,
      sessionId: `s-${Math.floor(r() * 40)}`,
      workflow: pick(["refund", "triage"]),
      environment: pick(["production", "canary"] as const),
      model: "gpt-4.1",
      promptVersion: pick(["v1", "v2"]),
      startedAt: at(start),
      endedAt: at(start + duration),
      outcome,
      ...(outcome === "failure"
        ? { failure: { category: pick(["tool_error", "policy_violation", "model_failure"]), reason: pick(["timeout", "PII"]), critical: r() < 0.5 } }
        : {}),
      ...(outcome === "escalated" ? { escalation: { reason: "high-impact action", ...(r() < 0.7 ? { reviewCostUsd: pick(COSTS) } : {}) } } : {}),
      costUsd: pick(COSTS) + pick(COSTS),
      toolCalls,
    };
  });
}

type Num = number | null;

/** Raw vs rollup: percentiles (any key under a latency object) within 1 %, costs to 1e-12, the rest exact. */
function expectAgree(raw: unknown, roll: unknown, path = "$"): void {
  if (Array.isArray(raw)) {
    expect(Array.isArray(roll), path).toBe(true);
    expect((roll as unknown[]).length, `${path}.length`).toBe(raw.length);
    raw.forEach((x, i) => expectAgree(x, (roll as unknown[])[i], `${path}[${i}]`));
    return;
  }
  if (raw !== null && typeof raw === "object") {
    expect(Object.keys(roll as object).sort(), path).toEqual(Object.keys(raw).sort());
    for (const [k, v] of Object.entries(raw)) expectAgree(v, (roll as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  if (/latencyMs\.p\d+$/i.test(path) && typeof raw === "number") {
    expect(roll, path).not.toBeNull();
    expect(Math.abs((roll as number) - raw), `${path}: raw ${raw}, rollup ${String(roll)}`).toBeLessThanOrEqual(0.01 * Math.abs(raw));
    return;
  }
  if (/cost/i.test(path) && typeof raw === "number") {
    expect(typeof roll, path).toBe("number");
    expect(Math.abs((roll as number) - raw), `${path}: raw ${raw}, rollup ${String(roll)}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(raw)));
    return;
  }
  expect(roll as Num, path).toEqual(raw);
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

describe.each(testDatabases())("rollups agree with raw rows on $name", (target) => {
  let db: Database;
  let projectId: string;
  let otherProjectId: string;
  let traceId: string;

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "roll")).id;
    otherProjectId = (await createTestProject(db, "rollo")).id;
    // Batch 1, then batch 2 with half of batch 1 again (duplicates), then the same batch again.
    const first = makeRuns("a", 120, 1);
    const second = [...first.slice(0, 60), ...makeRuns("b", 120, 2)];
    expect((await ingestRuns(db, projectId, first)).accepted).toBe(120);
    expect(await ingestRuns(db, projectId, second)).toMatchObject({ accepted: 120, duplicates: 60 });
    expect(await ingestRuns(db, projectId, second)).toMatchObject({ accepted: 0, duplicates: 180 });
    // Late arrivals into hours that already have rollups (08:00–09:00), and a run in the other project.
    expect((await ingestRuns(db, projectId, makeRuns("late", 30, 3, H, 60 * MIN))).accepted).toBe(30);
    expect((await ingestRuns(db, otherProjectId, makeRuns("o", 20, 4))).accepted).toBe(20);
    // Runs over three days around the first (11-19 12:00 to 11-22 12:00): whole UTC days for the
    // daily projections, arriving after 11-20's daily rows exist.
    expect((await ingestRuns(db, projectId, makeRuns("d", 90, 5, H - 20 * 60 * MIN, 72 * 60 * MIN))).accepted).toBe(90);

    // An OTLP trace: tool span first, then the root (run built), then two late tool spans (rebuilt twice).
    traceId = hex(16);
    const rootId = hex(8);
    const t0 = H + 3 * 60 * MIN + 30 * MIN; // 11:30
    const tool = (name: string, s: number, attrs: FixtureSpan["attributes"] = {}): FixtureSpan => ({
      traceId,
      spanId: hex(8),
      parentSpanId: rootId,
      name: `execute_tool ${name}`,
      startMs: t0 + s * 1000,
      endMs: t0 + s * 1000 + 250 + s * 37,
      attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": name, ...attrs },
    });
    const send = (req: FixtureRequest) => ingestOtelSpans(db, projectId, decode(Buffer.from(JSON.stringify(toOtlpJson(req))), "json"));
    await send({ spans: [tool("search", 1)] });
    const root: FixtureSpan = {
      traceId,
      spanId: rootId,
      name: "invoke_agent support",
      startMs: t0,
      endMs: t0 + 9000,
      attributes: { "gen_ai.agent.name": "refund", "gen_ai.conversation.id": "s-1", "gen_ai.request.model": "gpt-4.1", "keel.cost_usd": 0.5 },
    };
    expect((await send({ spans: [root] })).runs).toBe(1);
    await send({ spans: [tool("refund", 5, { "keel.cost_usd": 0.25, "keel.tool.retry": true })] });
    await send({ spans: [{ ...tool("crm.lookup", 7, { "keel.cost_usd": 0.1, "keel.tool.retry": true }), status: { code: 2 } }] });

    // The background fold of the days that ended by 11-22 12:00 (11-19, 11-20, 11-21 here and 11-20
    // in the other project; 11-22 has not ended), then late runs into 11-21: the agreement below
    // starts with 11-20 read from its day, 11-21 and 11-22 from their hours.
    expect(await fold(new Date("2026-11-22T12:00:00Z"))).toBe(4);
    expect(await fold(new Date("2026-11-22T12:00:00Z"))).toBe(0);
    expect((await ingestRuns(db, projectId, makeRuns("late2", 15, 6, H + 19 * 60 * MIN, 4 * 60 * MIN))).accepted).toBe(15);
  });
  afterAll(async () => db?.close());
  // The background fold, for this file's two projects (other files' projects share the database).
  const fold = async (now: Date) =>
    (await foldStaleDays(db, { now, projectId })) + (await foldStaleDays(db, { now, projectId: otherProjectId }));

  const windows: [string, Date, Date][] = [
    ["whole hours", new Date(H), new Date(H + 7 * 60 * MIN)],
    ["edges inside hours", new Date(H + 17 * MIN + 30_000), new Date(H + 6 * 60 * MIN + 42 * MIN + 10_000)],
    ["inside one hour", new Date(H + 65 * MIN), new Date(H + 115 * MIN)],
    ["whole days, edges inside hours", new Date(H - 26 * 60 * MIN - 42 * MIN - 30_000), new Date(H + 46 * 60 * MIN + 42 * MIN + 10_000)],
    ["wider than the data", new Date(H - 48 * 60 * MIN), new Date(H + 96 * 60 * MIN)],
    ["empty", new Date(H - 5 * 60 * MIN), new Date(H - 60 * MIN)],
  ];
  const filters: Partial<MetricsFilter>[] = [{}, { workflow: "refund" }, { environment: "canary" }, { release: "gpt-4.1@v2", workflow: "triage" }];

  it("the OTLP trace was rebuilt twice into one run with three tool calls", async () => {
    const rows = await db.sql.query<{ n: number; calls: number }>(
      `SELECT count(*)::int AS n, max("toolCallCount")::int AS calls FROM "runs" WHERE "projectId" = $1 AND "id" = $2`,
      [projectId, traceId],
    );
    expect(rows).toEqual([{ n: 1, calls: 3 }]);
  });

  it("overview, workflows, tools, releases and failure reasons: rollups equal the raw definitions (percentiles within 1 %)", async () => {
    let compared = 0;
    for (const phase of ["11-21 and 11-22 not folded", "every day folded"]) {
      if (phase === "every day folded") {
        expect(await fold(FUTURE)).toBe(2);
        expect(await fold(FUTURE)).toBe(0);
      }
      for (const [label, from, to] of windows)
        for (const f of filters) {
          const filter = { projectId, from, to, ...f } as MetricsFilter;
          const ctx = `${phase}: ${label} ${JSON.stringify(f)}`;
          const failures = (d: Database, f: MetricsFilter, o: { source: "raw" | "rollup" }) => getTopFailureReasons(d, f, 100, o);
          for (const query of [getOverview, getWorkflowMetrics, getToolMetrics, getReleaseMetrics, failures] as const) {
            const [raw, roll] = await Promise.all([query(db, filter, { source: "raw" }), query(db, filter, { source: "rollup" })]);
            expectAgree(raw, roll, `${query.name} ${ctx}`);
            compared++;
          }
        }
    }
    expect(compared).toBe(2 * windows.length * filters.length * 5);
    // The data is really there: the whole-hours overview counts every distinct run once.
    const o = await getOverview(db, { projectId, from: windows[0][1], to: windows[0][2] });
    const days = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "runs" WHERE "projectId" = $1 AND "id" LIKE 'd-%' AND "startedAt" >= $2 AND "startedAt" < $3`,
      [projectId, windows[0][1], windows[0][2]],
    );
    expect(o.runs).toBe(120 + 120 + 30 + 1 + days[0].n);
    expect(o.runLatencyMs.p95).not.toBeNull();
  });

  it("the releases list and the gates' cohorts: rollups equal raw (p95 within 1 %)", async () => {
    // A p95 delta is a difference of two approximations: within 1 % of the two values it subtracts.
    const p95Agree = (raw: { runP95Ms: number | null }, roll: { runP95Ms: number | null }, ctx: string) => {
      if (raw.runP95Ms === null) expect(roll.runP95Ms, ctx).toBeNull();
      else expect(Math.abs(roll.runP95Ms! - raw.runP95Ms), ctx).toBeLessThanOrEqual(0.01 * raw.runP95Ms);
    };
    let compared = 0;
    for (const [label, from, to] of windows) {
      const [raw, roll] = await Promise.all([listReleases(db, projectId, { from, to }, { source: "raw" }), listReleases(db, projectId, { from, to }, { source: "rollup" })]);
      expect(roll.map((r) => r.release), label).toEqual(raw.map((r) => r.release));
      raw.forEach((r, i) => {
        p95Agree(r, roll[i], `${label} ${r.release}`);
        const strip = (x: typeof r) => ({ ...x, runP95Ms: 0, delta: x.delta && { ...x.delta, runP95Ms: 0 } });
        if (r.delta?.runP95Ms != null) {
          const previous = r.runP95Ms! - r.delta.runP95Ms;
          expect(Math.abs(roll[i].delta!.runP95Ms! - r.delta.runP95Ms)).toBeLessThanOrEqual(0.01 * (r.runP95Ms! + previous));
        }
        expectAgree(strip(r), strip(roll[i]), `releases ${label} ${r.release}`);
        compared++;
      });
      for (const c of [{ release: "gpt-4.1@v2" }, { release: "gpt-4.1@v2", environment: "canary" as const }, { excludeRelease: "gpt-4.1@v2", environment: "production" as const }]) {
        const [a, b] = await Promise.all([getCohortStats(db, projectId, { from, to, ...c }, { source: "raw" }), getCohortStats(db, projectId, { from, to, ...c }, { source: "rollup" })]);
        p95Agree(a, b, `${label} ${JSON.stringify(c)}`);
        expectAgree({ ...a, runP95Ms: 0 }, { ...b, runP95Ms: 0 }, `cohort ${label} ${JSON.stringify(c)}`);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(windows.length * 3);
  });

  it("timeseries (runs, workflows, one tool; hour and day buckets, a whole-hour zone and a half-hour one): rollups equal raw", async () => {
    const requests: TimeseriesRequest[] = [
      { series: "runs", bucket: "hour", timeZone: "UTC" },
      { series: "runs", bucket: "day", timeZone: "America/New_York" },
      { series: "runs", bucket: "day", timeZone: "UTC" },
      { series: "workflows", bucket: "day", timeZone: "UTC" },
      { series: "runs", bucket: "hour", timeZone: "Asia/Kolkata" },
      { series: "workflows", bucket: "hour", timeZone: "Europe/Berlin" },
      { series: "tool", tool: "search", bucket: "hour", timeZone: "UTC" },
      { series: "tool", tool: "refund", bucket: "day", timeZone: "UTC" },
    ];
    for (const [label, from, to] of windows.slice(0, 5))
      for (const f of filters)
        for (const req of requests) {
          const filter = { projectId, from, to, ...f } as MetricsFilter;
          const [raw, roll] = await Promise.all([getTimeseries(db, filter, req, { source: "raw" }), getTimeseries(db, filter, req, { source: "rollup" })]);
          expectAgree(raw, roll, `timeseries ${label} ${JSON.stringify(f)} ${JSON.stringify(req)}`);
        }
  });

  async function snapshot(pid: string) {
    const out: Record<string, unknown[]> = {};
    for (const t of ROLLUP_TABLES) {
      const cols = rollupColumns(t);
      const text = cols.map((c) => `${c}::text`).join(", ");
      out[t.name] = await db.sql.query(`SELECT ${text} FROM "${t.name}" WHERE "projectId" = $1 ORDER BY ${cols.join(", ")}`, [pid]);
    }
    for (const d of DAILY_TABLES) {
      const cols = rollupColumns(rollupTable(d.base), dailyGrain(d));
      const text = cols.map((c) => `${c}::text`).join(", ");
      out[d.name] = await db.sql.query(`SELECT ${text} FROM "${d.name}" WHERE "projectId" = $1 ORDER BY ${cols.join(", ")}`, [pid]);
    }
    out.release_sessions = await releaseSessionRows(pid);
    return out;
  }

  const releaseSessionRows = (pid: string) =>
    db.sql.query<{ release: string; sessionId: string; firstAt: string }>(
      `SELECT "release", "sessionId", "firstAt"::text AS "firstAt" FROM "release_sessions" WHERE "projectId" = $1 ORDER BY 1, 2`,
      [pid],
    );
  // release_sessions by its definition: each (release, session) of the runs with its first run's start.
  const releaseSessionsFromRuns = (pid: string) =>
    db.sql.query<{ release: string; sessionId: string; firstAt: string }>(
      `SELECT "release", "sessionId", min("startedAt")::text AS "firstAt" FROM "runs" WHERE "projectId" = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [pid],
    );

  it("since a release's first run, its distinct sessions come from release_sessions and equal raw; a rebuilt OTLP run that moves recounts its old (release, session)", async () => {
    expect(await releaseSessionRows(projectId)).toEqual(await releaseSessionsFromRuns(projectId));
    const releases = await listReleases(db, projectId, {});
    expect(releases.map((r) => r.release).sort()).toEqual(["gpt-4.1@unknown", "gpt-4.1@v1", "gpt-4.1@v2"]);
    const agree = async (ctx: string, release: string, from: Date, to: Date) => {
      const filter = { projectId, from, to, release };
      const [raw, roll] = await Promise.all([getOverview(db, filter, { source: "raw" }), getOverview(db, filter, { source: "rollup" })]);
      expectAgree(raw, roll, ctx);
      return raw.sessions;
    };
    for (const r of releases) {
      const first = new Date(r.firstSeenAt!).getTime();
      // From the first run (the review's since-release window), from before it, and from after it
      // (release_sessions cannot answer that one: the distinct count does), to ends across the data.
      for (const [label, from] of [["first run", first], ["a day before", first - 24 * 60 * MIN], ["an hour after", first + 60 * MIN]] as const)
        for (const to of [first, first + 1, H + 90 * MIN, H + 30 * 60 * MIN, FUTURE.getTime()])
          await agree(`${r.release} from ${label} to ${at(to)}`, r.release, new Date(from), new Date(to));
    }
    const v2 = releases.find((r) => r.release === "gpt-4.1@v2")!;
    const sessions = await agree("v2 since its first run", v2.release, new Date(v2.firstSeenAt!), FUTURE);
    expect(sessions).toBe(new Set((await releaseSessionsFromRuns(projectId)).filter((x) => x.release === v2.release).map((x) => x.sessionId)).size);
    expect(sessions).toBeGreaterThan(10);
    // The since-release count really reads release_sessions: a row taken out shows there only, and a rebuild puts it back.
    const gone = await db.sql.query(`DELETE FROM "release_sessions" WHERE "projectId" = $1 AND "release" = $2 AND "sessionId" = 's-7' RETURNING 1`, [projectId, v2.release]);
    expect(gone).toHaveLength(1);
    const since = { projectId, from: new Date(v2.firstSeenAt!), to: FUTURE, release: v2.release };
    expect((await getOverview(db, since)).sessions).toBe(sessions - 1);
    expect((await getOverview(db, { ...since, from: new Date(new Date(v2.firstSeenAt!).getTime() + 1) })).sessions).toBe(
      (await getOverview(db, { ...since, from: new Date(new Date(v2.firstSeenAt!).getTime() + 1) }, { source: "raw" })).sessions,
    );
    const hourOfS7 = await db.sql.query<{ hour: string }>(
      `SELECT DISTINCT date_trunc('hour', "startedAt", 'UTC') AS "hour" FROM "runs" WHERE "projectId" = $1 AND "release" = $2 AND "sessionId" = 's-7'`,
      [projectId, v2.release],
    );
    const found = (await verifyRollups(db, { projectId, sample: 1000 })).mismatches.filter((m) => m.table === "release_sessions");
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((m) => hourOfS7.some((h) => new Date(h.hour).toISOString() === m.hour))).toBe(true);
    await rebuildRollups(db, { projectId });
    expect((await getOverview(db, since)).sessions).toBe(sessions);
    expect((await verifyRollups(db, { projectId, sample: 1000 })).mismatches).toEqual([]);

    // An OTLP-built run rebuilt in place: to a later start and another session, then to another release.
    const base = normalizeRun({
      id: "moving-run",
      sessionId: "s-move-1",
      workflow: "refund",
      environment: "production",
      model: "gpt-4.1",
      promptVersion: "v9",
      startedAt: at(H - 10 * MIN),
      endedAt: at(H - 9 * MIN),
      outcome: "success",
      costUsd: 0.1,
      toolCalls: [],
    });
    if (!base.ok) throw new Error(JSON.stringify(base.errors));
    const write = (row: Partial<RunRow>) => sqlTransaction(db, (tx) => writeRuns(tx, projectId, [{ ...base.row, ...row, source: "otel" }], "rebuild-otel"));
    const pairs = async () => (await releaseSessionRows(projectId)).filter((x) => x.release === "gpt-4.1@v9" || x.release === "gpt-4.1@v10");
    await write({});
    expect(await pairs()).toEqual([{ release: "gpt-4.1@v9", sessionId: "s-move-1", firstAt: (await releaseSessionsFromRuns(projectId)).find((x) => x.sessionId === "s-move-1")!.firstAt }]);
    await write({ sessionId: "s-move-2", startedAt: at(H + 20 * MIN), endedAt: at(H + 21 * MIN) });
    expect((await pairs()).map((x) => [x.release, x.sessionId])).toEqual([["gpt-4.1@v9", "s-move-2"]]);
    await write({ sessionId: "s-move-2", release: "gpt-4.1@v10", promptVersion: "v10", startedAt: at(H + 20 * MIN), endedAt: at(H + 21 * MIN) });
    expect((await pairs()).map((x) => [x.release, x.sessionId])).toEqual([["gpt-4.1@v10", "s-move-2"]]);
    expect(await releaseSessionRows(projectId)).toEqual(await releaseSessionsFromRuns(projectId));
    expect(await agree("v10 since its first run", "gpt-4.1@v10", new Date(H + 20 * MIN), FUTURE)).toBe(1);
    expect(await agree("v9 has no run left", "gpt-4.1@v9", new Date(H - 10 * MIN), FUTURE)).toBe(0);
    // The moved run changed 11-20 (folded): fold it again, as the background job would.
    expect(await fold(FUTURE)).toBe(1);
  });

  it("`rollups rebuild` gives exactly the cells incremental maintenance kept; no empty cell is left", async () => {
    const before = await snapshot(projectId);
    expect(before.run_rollups.length).toBeGreaterThan(7);
    for (const t of ROLLUP_TABLES) {
      const [{ n }] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.name}" WHERE "projectId" = $1 AND "${t.count}" <= 0`, [projectId]);
      expect(n, t.name).toBe(0);
    }
    for (const d of DAILY_TABLES) {
      const [{ n }] = await db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${d.name}" WHERE "projectId" = $1 AND "${rollupTable(d.base).count}" <= 0`,
        [projectId],
      );
      expect(n, d.name).toBe(0);
    }
    expect(before.session_days.length).toBeGreaterThan(40);
    expect(before.tool_latency_sketch_daily.length).toBeGreaterThan(20);
    const done = await rebuildRollups(db, { projectId, chunkHours: 3 });
    expect(done.projects).toBe(1);
    expect(await snapshot(projectId)).toEqual(before);
    // Again: idempotent; and the other project was left alone by both.
    const other = await snapshot(otherProjectId);
    await rebuildRollups(db, { projectId });
    expect(await snapshot(projectId)).toEqual(before);
    expect(await snapshot(otherProjectId)).toEqual(other);
  });

  it("`rollups verify` passes on maintained rollups, finds a corrupted or missing cell, and a rebuild repairs it", async () => {
    expect(await verifyRollups(db, { projectId, sample: 1000 })).toMatchObject({ mismatches: [] });
    const hour = new Date(H + 2 * 60 * MIN).toISOString();
    const whole = { projectId, from: windows[0][1], to: windows[0][2] };
    const runs = (await getOverview(db, whole, { source: "raw" })).runs;
    const touched = await db.sql.query(`UPDATE "run_rollups" SET "runs" = "runs" + 1 WHERE "projectId" = $1 AND "hour" = $2::timestamptz RETURNING 1`, [
      projectId,
      hour,
    ]);
    expect(touched.length).toBeGreaterThan(0);
    // The metrics really read the stored cells (the corruption shows), the raw path does not.
    expect((await getOverview(db, whole)).runs).toBe(runs + touched.length);
    expect((await getOverview(db, whole, { source: "raw" })).runs).toBe(runs);
    await db.sql.query(`DELETE FROM "tool_latency_sketch" WHERE "projectId" = $1 AND "hour" = $2::timestamptz`, [projectId, new Date(H).toISOString()]);
    const bad = await verifyRollups(db, { projectId, sample: 1000 });
    expect(bad.mismatches.map((m) => [m.hour, m.table])).toEqual([
      [new Date(H).toISOString(), "tool_latency_sketch"],
      [hour, "run_rollups"],
    ]);
    await rebuildRollups(db, { projectId, from: new Date(H), to: new Date(H + 3 * 60 * MIN) });
    expect(await verifyRollups(db, { projectId, sample: 1000 })).toMatchObject({ mismatches: [] });
    expect((await getOverview(db, whole)).runs).toBe(runs);
  });

  it("a long window reads its whole folded UTC days from the daily projections: a corrupted day shows, verify names it, a rebuild repairs it, a late run makes it read from hours until the fold", async () => {
    const [, from, to] = windows[3]; // 11-19 05:17 to 11-22 06:42: whole days 11-20 and 11-21
    const day = "2026-11-21T00:00:00.000Z";
    const long = { projectId, from, to };
    const runs = (await getOverview(db, long, { source: "raw" })).runs;
    expect((await getOverview(db, long)).runs).toBe(runs);
    const touched = await db.sql.query(`UPDATE "run_rollups_daily" SET "runs" = "runs" + 1 WHERE "projectId" = $1 AND "day" = $2::timestamptz RETURNING 1`, [
      projectId,
      day,
    ]);
    expect(touched.length).toBeGreaterThan(0);
    expect((await getOverview(db, long)).runs).toBe(runs + touched.length);
    // A timeseries in UTC days reads the day from the projection too (a zone one hour off does not).
    const dayRuns = async (timeZone: string, source: "raw" | "rollup") => {
      const ts = await getTimeseries(db, long, { series: "runs", bucket: "day", timeZone }, { source });
      return ts.series === "runs" ? ts.points.find((p) => p.start === day)?.runs : null;
    };
    expect(await dayRuns("UTC", "rollup")).toBe((await dayRuns("UTC", "raw"))! + touched.length);
    expect(await dayRuns("Etc/GMT-1", "rollup")).toBeUndefined();
    // A window inside the day reads hours, not the day: unaffected.
    const inside = { projectId, from: new Date(Date.parse(day) + 60 * MIN), to: new Date(Date.parse(day) + 23 * 60 * MIN) };
    expect((await getOverview(db, inside)).runs).toBe((await getOverview(db, inside, { source: "raw" })).runs);
    const bad = await verifyRollups(db, { projectId, sample: 1000 });
    expect(bad.mismatches.map((m) => [m.hour, m.table])).toEqual([[day, "run_rollups_daily"]]);
    await rebuildRollups(db, { projectId, from: new Date(Date.parse(day) + 5 * 60 * MIN), to: new Date(Date.parse(day) + 6 * 60 * MIN) });
    expect(await verifyRollups(db, { projectId, sample: 1000 })).toMatchObject({ mismatches: [] });
    expect((await getOverview(db, long)).runs).toBe(runs);

    // Corrupted again, then a late run lands in that day: the day is read from its hours (the
    // corruption no longer shows, verify skips the day) until the fold sums it afresh.
    await db.sql.query(`UPDATE "run_rollups_daily" SET "runs" = "runs" + 1 WHERE "projectId" = $1 AND "day" = $2::timestamptz`, [projectId, day]);
    expect((await getOverview(db, long)).runs).toBe(runs + touched.length);
    expect((await ingestRuns(db, projectId, makeRuns("late3", 1, 7, Date.parse(day) + 10 * 60 * MIN, 60 * MIN))).accepted).toBe(1);
    expect((await getOverview(db, long)).runs).toBe(runs + 1);
    expect(await verifyRollups(db, { projectId, sample: 1000 })).toMatchObject({ mismatches: [] });
    expect(await fold(FUTURE)).toBe(1);
    expect((await getOverview(db, long)).runs).toBe(runs + 1);
    expect(await verifyRollups(db, { projectId, sample: 1000 })).toMatchObject({ mismatches: [] });
  });
});
