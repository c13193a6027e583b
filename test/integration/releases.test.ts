// GET /api/v1/releases and the gold-set history on real databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { listEvalResults, listReleases } from "@/lib/server/queries/releases";
import { createTestProject, testDatabases } from "../helpers/db";
import { addEval, addRuns, FROM } from "./gates-fixtures";

describe.each(testDatabases())("releases list on $name", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("lists every release with first/last seen, environments, KPIs and the delta against the previous one", async () => {
    const p = await createTestProject(db, "rel");
    const other = await createTestProject(db, "rel-other");
    await addRuns(db, other.id, [{ release: "x@hidden" }]);
    await addRuns(db, p.id, [
      // v1 first seen at +10 min: 4 runs, 3 successes, 1 escalation, cost 0.4
      { release: "m@v1", at: 10, durationMs: 1000 },
      { release: "m@v1", at: 20, durationMs: 1000 },
      { release: "m@v1", at: 30, durationMs: 1000 },
      { release: "m@v1", at: 40, durationMs: 1000, outcome: "escalated" },
      // v2 first seen at +50 min: canary and production, 2 runs, 1 success, 1 critical failure
      { release: "m@v2", at: 50, durationMs: 3000, environment: "canary", costUsd: 0.3 },
      { release: "m@v2", at: 90, durationMs: 3000, critical: true, costUsd: 0.3 },
    ]);
    await addEval(db, p.id, "m@v2", 9, 10, "2026-11-02T00:00:00Z");
    await addEval(db, p.id, "m@v3", 5, 10, "2026-11-03T00:00:00Z"); // eval only, no runs yet

    const releases = await listReleases(db, p.id, {});
    expect(releases.map((r) => r.release)).toEqual(["m@v2", "m@v1", "m@v3"]);
    const [v2, v1, v3] = releases;
    expect(v1).toMatchObject({
      firstSeenAt: new Date(FROM.getTime() + 10 * 60_000).toISOString(),
      lastSeenAt: new Date(FROM.getTime() + 40 * 60_000).toISOString(),
      environments: ["production"],
      runs: 4,
      successRate: 0.75,
      escalationRate: 0.25,
      runP95Ms: 1000,
      criticalPolicyViolations: 0,
      latestEval: null,
      previousRelease: null,
      delta: null,
    });
    expect(v1.costPerSuccessUsd).toBeCloseTo(0.4 / 3, 12);
    expect(v2).toMatchObject({
      environments: ["production", "canary"],
      runs: 2,
      successRate: 0.5,
      escalationRate: 0,
      runP95Ms: 3000,
      criticalPolicyViolations: 1,
      previousRelease: "m@v1",
      latestEval: { goldSet: "core", passed: 9, total: 10, passRate: 0.9, ranAt: "2026-11-02T00:00:00.000Z" },
    });
    expect(v2.costPerSuccessUsd).toBeCloseTo(0.6, 12);
    expect(v2.delta!.successRate).toBeCloseTo(-0.25, 12);
    expect(v2.delta!.escalationRate).toBeCloseTo(-0.25, 12);
    expect(v2.delta!.runP95Ms).toBeCloseTo(2000, 9);
    expect(v2.delta!.costPerSuccessUsd).toBeCloseTo(0.6 - 0.4 / 3, 12);
    expect(v3).toMatchObject({ runs: 0, successRate: null, runP95Ms: null, firstSeenAt: null, environments: [], delta: null });

    // A window narrows the runs (not the evals).
    const narrowed = await listReleases(db, p.id, { from: new Date(FROM.getTime() + 45 * 60_000) });
    expect(narrowed.map((r) => [r.release, r.runs])).toEqual([["m@v2", 2], ["m@v3", 0]]);
  });

  it("keeps the gold-set history of a release, latest first", async () => {
    const p = await createTestProject(db, "rel");
    await addEval(db, p.id, "m@v1", 1, 2, "2026-11-01T00:00:00Z");
    await addEval(db, p.id, "m@v1", 2, 2, "2026-11-03T00:00:00Z");
    await addEval(db, p.id, "m@v2", 0, 2, "2026-11-04T00:00:00Z");
    const history = await listEvalResults(db, p.id, "m@v1");
    expect(history.map((e) => [e.ranAt, e.passRate])).toEqual([
      ["2026-11-03T00:00:00.000Z", 1],
      ["2026-11-01T00:00:00.000Z", 0.5],
    ]);
  });
});
