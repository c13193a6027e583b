// GET /api/v1/releases/{release}/gates semantics on real databases: each gate passing and
// failing on its own, the canary rule with and without data, thresholds, 404 across projects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { HttpError } from "@/lib/server/http/errors";
import { getReleaseGates } from "@/lib/server/services/gates";
import { getGateSettings } from "@/lib/server/queries/releases";
import { updateGateSettings } from "@/lib/server/services/releases";
import { createTestProject, testDatabases } from "../helpers/db";
import { addEval, addRuns, cohort, FROM, TO } from "./gates-fixtures";

const window = { from: FROM, to: TO };

describe.each(testDatabases())("release gates on $name", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  const gatesOf = async (projectId: string, release: string, w: { from?: Date; to?: Date } = window) => {
    const r = await getReleaseGates(db, projectId, release, w);
    return { ...r, byName: Object.fromEntries(r.gates.map((g) => [g.name, g])) };
  };

  it("passes every gate of a healthy production release; exact p95; no canary gate without canary runs", async () => {
    const p = await createTestProject(db, "gates");
    await addRuns(db, p.id, Array.from({ length: 10 }, (_, i) => ({ release: "m@v1", durationMs: (i + 1) * 1000 })));
    await addEval(db, p.id, "m@v1", 19, 20, "2026-11-02T00:00:00Z");
    const r = await gatesOf(p.id, "m@v1");
    expect(r.pass).toBe(true);
    expect(r.gates.map((g) => [g.name, g.pass, g.threshold, g.reason])).toEqual([
      ["gold_set_pass_rate", true, 0.85, undefined],
      ["critical_policy_violations", true, 0, undefined],
      ["run_p95_latency_ms", true, 30000, undefined],
    ]);
    expect(r.byName.gold_set_pass_rate.actual).toBe(0.95);
    expect(r.byName.critical_policy_violations.actual).toBe(0);
    // percentile_cont(0.95) over 1000..10000: 9000 + 0.55 * 1000 (in float8 arithmetic)
    expect(r.byName.run_p95_latency_ms.actual).toBeCloseTo(9550, 6);
    expect(r.window).toEqual({ from: FROM.toISOString(), to: TO.toISOString() });
  });

  it("gold set: the latest eval by ranAt decides, not the last sent; missing eval fails with a reason", async () => {
    const p = await createTestProject(db, "gates");
    await addRuns(db, p.id, [{ release: "m@v1" }, { release: "m@v2" }]);
    await addEval(db, p.id, "m@v1", 16, 20, "2026-11-05T00:00:00Z");
    await addEval(db, p.id, "m@v1", 20, 20, "2026-11-01T00:00:00Z"); // older run, sent later
    const r = await gatesOf(p.id, "m@v1");
    expect(r.pass).toBe(false);
    expect(r.gates.filter((g) => !g.pass).map((g) => g.name)).toEqual(["gold_set_pass_rate"]);
    expect(r.byName.gold_set_pass_rate).toMatchObject({ actual: 0.8, threshold: 0.85 });
    expect(r.byName.gold_set_pass_rate.reason).toBe("latest gold set 'core' passed 16 of 20, below the minimum");

    const missing = await gatesOf(p.id, "m@v2");
    expect(missing.gates.filter((g) => !g.pass).map((g) => [g.name, g.actual])).toEqual([["gold_set_pass_rate", null]]);
    expect(missing.byName.gold_set_pass_rate.reason).toMatch(/no gold-set result/);
  });

  it("critical policy violations fail on their own; non-critical policy failures do not count", async () => {
    const p = await createTestProject(db, "gates");
    await addRuns(db, p.id, [
      { release: "m@v1", critical: true },
      { release: "m@v1", outcome: "failure" },
      { release: "m@v1" },
    ]);
    await addEval(db, p.id, "m@v1", 20, 20, "2026-11-02T00:00:00Z");
    const r = await gatesOf(p.id, "m@v1");
    expect(r.gates.filter((g) => !g.pass).map((g) => [g.name, g.actual, g.threshold, g.reason])).toEqual([
      ["critical_policy_violations", 1, 0, "1 critical policy violation in the window"],
    ]);
  });

  it("run p95 over the target fails on its own; runs outside the window do not count", async () => {
    const p = await createTestProject(db, "gates");
    await addRuns(db, p.id, [
      ...Array.from({ length: 4 }, () => ({ release: "m@v1", durationMs: 40_000 })),
      { release: "m@v1", durationMs: 500, critical: true, at: -60 }, // before the window
      { release: "m@v1", durationMs: 500, critical: true, at: 7 * 24 * 60 }, // at `to`: excluded
    ]);
    await addEval(db, p.id, "m@v1", 20, 20, "2026-11-02T00:00:00Z");
    const r = await gatesOf(p.id, "m@v1");
    expect(r.gates.filter((g) => !g.pass).map((g) => [g.name, g.actual, g.threshold])).toEqual([["run_p95_latency_ms", 40000, 30000]]);
    expect(r.releaseStats.runs).toBe(4);
  });

  it("canary rule: fails above production baseline + margin, passes once the margin is raised (audited)", async () => {
    const p = await createTestProject(db, "gates");
    await addRuns(db, p.id, [
      ...cohort("m@v1", "production", 20, 2), // baseline 0.1
      ...cohort("m@v2", "canary", 10, 3), // canary 0.3
      ...cohort("m@v2", "staging", 10, 10), // other environments of the release are not the canary
    ]);
    await addEval(db, p.id, "m@v2", 20, 20, "2026-11-02T00:00:00Z");
    const r = await gatesOf(p.id, "m@v2");
    expect(r.pass).toBe(false);
    expect(r.gates.filter((g) => !g.pass).map((g) => g.name)).toEqual(["canary_escalation_rate"]);
    expect(r.byName.canary_escalation_rate.actual).toBeCloseTo(0.3, 12);
    expect(r.byName.canary_escalation_rate.threshold).toBeCloseTo(0.15, 12);
    expect(r.byName.canary_escalation_rate.reason).toBe("canary escalates 30% of runs vs 10% in production (margin 5%)");
    expect(r.comparison.canary).toMatchObject({ runs: 10, successRate: 0.7 });
    expect(r.comparison.production).toMatchObject({ runs: 20, successRate: 0.9, escalationRate: 0.1 });

    const owner = await db.prisma.user.create({ data: { email: `o-${p.slug}@t.local`, passwordHash: "x" } });
    const saved = await updateGateSettings(db, p.id, { canaryEscalationMargin: 0.2 }, { type: "user", userId: owner.id });
    expect(saved).toMatchObject({ canaryEscalationMargin: 0.2, goldSetMinPassRate: 0.85 });
    const after = await gatesOf(p.id, "m@v2");
    expect(after.pass).toBe(true);
    expect(after.byName.canary_escalation_rate.threshold).toBeCloseTo(0.3, 12);

    const audit = await db.prisma.auditLog.findMany({ where: { projectId: p.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: owner.id, action: "gate_settings.update", targetType: "project_settings" });
    expect(audit[0].before).toEqual({ goldSetMinPassRate: 0.85, maxCriticalPolicyViolations: 0, runP95TargetMs: 30000, canaryEscalationMargin: 0.05, canaryConfidence: 0.95, canaryLatencyTolerance: 0.2, qualityDriftMargin: 0.05 });
    expect(audit[0].after).toEqual({ goldSetMinPassRate: 0.85, maxCriticalPolicyViolations: 0, runP95TargetMs: 30000, canaryEscalationMargin: 0.2, canaryConfidence: 0.95, canaryLatencyTolerance: 0.2, qualityDriftMargin: 0.05 });
  });

  it("canary rule without a production baseline fails with the reason", async () => {
    const p = await createTestProject(db, "gates");
    await addRuns(db, p.id, [...cohort("m@v2", "canary", 4, 0), ...cohort("m@v2", "production", 4, 0)]);
    await addEval(db, p.id, "m@v2", 20, 20, "2026-11-02T00:00:00Z");
    const r = await gatesOf(p.id, "m@v2");
    expect(r.byName.canary_escalation_rate).toEqual({
      name: "canary_escalation_rate",
      pass: false,
      actual: 0,
      threshold: null,
      reason: "no production runs of other releases in the window to compare the canary with",
    });
    expect(r.pass).toBe(false);
  });

  it("threshold changes move each verdict: gold-set minimum, violations maximum, p95 target", async () => {
    const p = await createTestProject(db, "gates");
    await addRuns(db, p.id, [{ release: "m@v1", critical: true, durationMs: 31_000 }]);
    await addEval(db, p.id, "m@v1", 15, 20, "2026-11-02T00:00:00Z");
    expect((await gatesOf(p.id, "m@v1")).gates.map((g) => g.pass)).toEqual([false, false, false]);
    await updateGateSettings(db, p.id, { goldSetMinPassRate: 0.75, maxCriticalPolicyViolations: 1, runP95TargetMs: 31_000 }, { type: "system" });
    const r = await gatesOf(p.id, "m@v1");
    expect(r.pass).toBe(true);
    expect(r.settings).toMatchObject({ goldSetMinPassRate: 0.75, maxCriticalPolicyViolations: 1, runP95TargetMs: 31000 });
  });

  it("an eval-only release fails the run gates; unknown and other projects' releases are 404", async () => {
    const p = await createTestProject(db, "gates");
    const other = await createTestProject(db, "gates-other");
    await addRuns(db, other.id, [{ release: "m@secret" }]);
    await addEval(db, p.id, "m@v9", 20, 20, "2026-11-02T00:00:00Z");
    const r = await gatesOf(p.id, "m@v9");
    expect(r.gates.filter((g) => !g.pass).map((g) => [g.name, g.reason])).toEqual([
      ["critical_policy_violations", "no runs of this release in the window"],
      ["run_p95_latency_ms", "no runs of this release in the window"],
    ]);
    for (const release of ["m@secret", "nope@v0"]) {
      const err = await getReleaseGates(db, p.id, release, window).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).status).toBe(404);
    }
  });

  it("a project without a settings row reads the defaults and gets one on its first change", async () => {
    const p = await db.prisma.project.create({ data: { slug: `gates-bare-${Date.now()}`, name: "bare" } });
    expect(await getGateSettings(db, p.id)).toEqual({ goldSetMinPassRate: 0.85, maxCriticalPolicyViolations: 0, runP95TargetMs: 30000, canaryEscalationMargin: 0.05, canaryConfidence: 0.95, canaryLatencyTolerance: 0.2, qualityDriftMargin: 0.05, updatedAt: null });
    const saved = await updateGateSettings(db, p.id, { runP95TargetMs: 20_000 }, { type: "system" });
    expect(saved).toMatchObject({ goldSetMinPassRate: 0.85, runP95TargetMs: 20000 });
    expect(await getGateSettings(db, p.id)).toMatchObject({ runP95TargetMs: 20000 });
  });

  it("defaults the window to the 7 days before now", async () => {
    const p = await createTestProject(db, "gates");
    await addRuns(db, p.id, [{ release: "m@v1" }]);
    const now = new Date("2026-11-03T00:00:00.000Z");
    const r = await getReleaseGates(db, p.id, "m@v1", {}, now);
    expect(r.window).toEqual({ from: "2026-10-27T00:00:00.000Z", to: "2026-11-03T00:00:00.000Z" });
    expect(r.releaseStats.runs).toBe(1);
  });
});
