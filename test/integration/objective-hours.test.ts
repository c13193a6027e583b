// Objective status through the hourly cache (objective_hours, invalidated by rollup_hours.rev) on a
// real database: at a `now` that is not on an hour, every window of every SLI equals a brute-force
// count of the raw events in [start, now) — cold, then from the cache the evaluator stored (no hour
// recounted), then after a late run lands in a cached hour (only that hour recounted), then after
// an objective's threshold changes (its hours recounted under the new definition). Also at times
// where the short windows' partial hours overlap, and exactly on an hour.
//
// Dataset: 1,500 runs at deterministic pseudo-random times over the 8 days before NOW (and a few
// after it), workflows `checkout` / `search`, ~12 % failures, ~6 % escalations, durations
// 200..6,000 ms, one or two `payments.charge` calls each (latency 50..2,000 ms, ~8 % errors).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { getObjectiveStatuses, type ObjectiveRef } from "@/lib/server/queries/objective-status";
import { ensureUserWithRole } from "@/lib/server/services/accounts";
import { approvedObjectiveStatuses } from "@/lib/server/services/objective-hours";
import { approveObjective, createObjective, updateObjective } from "@/lib/server/services/objectives";
import { BURN_WINDOW_NAMES, BURN_WINDOWS, type ObjectiveCreate, type Sli } from "@/lib/shared/objectives";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";
import { prng } from "../helpers/prng";

const NOW = Date.parse("2026-04-01T12:37:13.456Z");
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Call { name: string; startedAt: string; endedAt: string; status: "ok" | "error" | "timeout" }
interface TestRun { id: string; sessionId: string; workflow: string; model: string; promptVersion: string; startedAt: string; endedAt: string; outcome: string; failure?: unknown; escalation?: unknown; costUsd: number; toolCalls: Call[] }

function makeRun(id: string, start: number, rnd: () => number): TestRun {
  const u = rnd();
  const outcome = u < 0.12 ? "failure" : u < 0.18 ? "escalated" : "success";
  const calls: Call[] = Array.from({ length: 1 + Math.floor(rnd() * 2) }, (_, k) => {
    const s = start + 10 + k * 5;
    return { name: "payments.charge", startedAt: iso(s), endedAt: iso(s + 50 + Math.floor(rnd() * 1950)), status: rnd() < 0.08 ? "error" : "ok" };
  });
  return {
    id,
    sessionId: `s-${id}`,
    workflow: rnd() < 0.6 ? "checkout" : "search",
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: iso(start),
    endedAt: iso(start + 200 + Math.floor(rnd() * 5800)),
    outcome,
    ...(outcome === "failure" ? { failure: { category: "tool_error", reason: "payments API down" } } : {}),
    ...(outcome === "escalated" ? { escalation: { reason: "refund over limit" } } : {}),
    costUsd: 0.01,
    toolCalls: calls,
  };
}

function dataset(): TestRun[] {
  const rnd = prng(42);
  const runs: TestRun[] = [];
  for (let i = 0; i < 1500; i++) runs.push(makeRun(`r${i}`, NOW - Math.floor(rnd() * 8 * DAY), rnd));
  // Close to the edges: just inside and just outside the windows' starts and the current hour.
  for (const [i, at] of [NOW - 5 * 60_000, NOW - 5 * 60_000 - 1, NOW - 3 * DAY, NOW - 7 * DAY, NOW - DAY - 1, Math.floor(NOW / 3_600_000) * 3_600_000, NOW, NOW + 60_000].entries())
    runs.push(makeRun(`edge${i}`, at, rnd));
  return runs;
}

/** Good/total of an objective's events in [from, to), straight from the dataset. */
function bruteForce(runs: TestRun[], o: ObjectiveCreate, from: number, to: number) {
  let good = 0;
  let total = 0;
  for (const r of runs) {
    const at = Date.parse(r.startedAt);
    if (at < from || at >= to || (o.workflow && r.workflow !== o.workflow)) continue;
    if (o.sli === "tool_latency") {
      for (const c of r.toolCalls) {
        if (c.name !== o.tool) continue;
        total++;
        if (c.status === "ok" && Date.parse(c.endedAt) - Date.parse(c.startedAt) <= o.thresholdMs!) good++;
      }
      continue;
    }
    total++;
    const ok = o.sli === "success_rate" ? r.outcome === "success" : o.sli === "non_escalation_rate" ? r.outcome !== "escalated" : Date.parse(r.endedAt) - at <= o.thresholdMs!;
    if (ok) good++;
  }
  return { good, total };
}

const OBJECTIVES: ObjectiveCreate[] = [
  { sli: "success_rate", workflow: "checkout", target: 0.95, periodDays: 7 },
  { sli: "success_rate", workflow: null, target: 0.9, periodDays: 1 },
  { sli: "non_escalation_rate", workflow: "search", target: 0.9, periodDays: 3 },
  { sli: "run_latency", workflow: null, thresholdMs: 3000, target: 0.5, periodDays: 7 },
  { sli: "tool_latency", workflow: null, tool: "payments.charge", thresholdMs: 1000, target: 0.5, periodDays: 2 },
  { sli: "tool_latency", workflow: "checkout", tool: "payments.charge", thresholdMs: 500, target: 0.2, periodDays: 7 },
];

describe.each(testDatabases())("objective status through the hourly cache on $name", (target) => {
  let db: Database;
  let projectId: string;
  let userId: string;
  const runs = dataset();
  const refs: ObjectiveRef[] = [];
  const specs: ObjectiveCreate[] = OBJECTIVES.map((o) => ({ ...o }));

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "slo-hours")).id;
    userId = (await ensureUserWithRole(db, { email: `${uniqueSlug("admin")}@keel.test`, password: "pw-12345678", projectId, role: "admin" })).user.id;
    const r = await ingestRuns(db, projectId, runs, { receivedAt: new Date(NOW + DAY) });
    expect(r.rejected).toEqual([]);
    for (const o of specs) {
      const created = await createObjective(db, projectId, userId, o);
      await approveObjective(db, projectId, userId, created.id);
      refs.push({ id: created.id, workflow: o.workflow ?? null, sli: o.sli as Sli, tool: o.tool ?? null, thresholdMs: o.thresholdMs ?? null, target: o.target, periodDays: o.periodDays ?? 28 });
    }
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  async function expectExact(now: number) {
    const { statuses, freshHours } = await getObjectiveStatuses(db, projectId, refs, new Date(now));
    for (const [i, o] of specs.entries()) {
      const s = statuses.get(refs[i].id)!;
      const period = bruteForce(runs, o, now - o.periodDays! * DAY, now);
      expect({ i, good: s.good, total: s.total }).toEqual({ i, ...period });
      for (const w of BURN_WINDOW_NAMES) {
        const c = bruteForce(runs, o, now - BURN_WINDOWS[w], now);
        const burn = c.total === 0 ? null : (c.total - c.good) / c.total / (1 - o.target);
        expect({ i, w, burn: s.burnRates[w] === null ? null : Number(s.burnRates[w]!.toFixed(9)) }).toEqual({ i, w, burn: burn === null ? null : Number(burn.toFixed(9)) });
      }
    }
    return freshHours;
  }

  const hoursCached = async () =>
    Number((await db.sql.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "objective_hours" WHERE "projectId" = $1`, [projectId]))[0].n);

  it("cold: every window equals the raw count, and every whole hour with runs was counted from raw rows", async () => {
    const fresh = await expectExact(NOW);
    expect(fresh.length).toBeGreaterThan(300);
    // Three minutes past an hour: the 5m and 30m windows both start in the hour before (their raw
    // parts overlap), and at an exact hour (no raw part before H at all).
    await expectExact(Date.parse("2026-04-01T12:03:13.456Z"));
    await expectExact(Date.parse("2026-04-01T12:00:00.000Z"));
    expect(await hoursCached()).toBe(0);
  });

  it("the evaluator stores the hours; the next read recounts none and gives the same numbers", async () => {
    await approvedObjectiveStatuses(db, new Date(NOW), projectId);
    expect(await hoursCached()).toBeGreaterThan(300);
    expect(await expectExact(NOW)).toEqual([]);
    // Half a minute later the partial hours move, the cached ones do not.
    expect(await expectExact(NOW + 30_000)).toEqual([]);
  });

  it("a late run in a cached hour: only that hour is recounted, for the objectives it can touch", async () => {
    const late = makeRun("late", NOW - 2 * DAY + 17 * 60_000, prng(7));
    late.workflow = "checkout";
    late.outcome = "failure";
    late.failure = { category: "tool_error", reason: "late" };
    await ingestRuns(db, projectId, [late], { receivedAt: new Date(NOW) });
    runs.push(late);
    const fresh = await expectExact(NOW);
    const hour = iso(Math.floor(Date.parse(late.startedAt) / 3_600_000) * 3_600_000);
    expect(new Set(fresh.map((h) => h.hour))).toEqual(new Set([hour]));
    // Every objective reads that hour (the 3d window covers it even where the period is shorter).
    expect(fresh.map((h) => h.objectiveId).sort()).toEqual(refs.map((r) => r.id).sort());
    await approvedObjectiveStatuses(db, new Date(NOW), projectId);
    expect(await expectExact(NOW)).toEqual([]);
  });

  it("a changed threshold recounts that objective's hours under the new definition", async () => {
    await updateObjective(db, projectId, userId, refs[3].id, { thresholdMs: 1500 });
    specs[3] = { ...specs[3], thresholdMs: 1500 };
    refs[3] = { ...refs[3], thresholdMs: 1500 };
    const fresh = await expectExact(NOW);
    expect(new Set(fresh.map((h) => h.objectiveId))).toEqual(new Set([refs[3].id]));
  });
});
