// Canary analysis, release stages and rollback triggers (issue 16, CONTRACT §9) on real databases:
// the motivating cases (16/100 vs 100/1000 inconclusive, 3 runs inconclusive for too few runs),
// a clear regression failing, a clean canary passing; stage events landing once; and the automatic
// path end to end: stage canary, failing canary runs, the loop → one incident with the runs linked
// and one signed release.rollback webhook at a local receiver; a second round adds neither.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { getReleaseAnalysis, getReleaseQuality } from "@/lib/server/services/release-analysis";
import { recordReleaseEvent } from "@/lib/server/services/release-events";
import { evaluateRollbackTriggers } from "@/lib/server/services/rollback-triggers";
import { createChannel } from "@/lib/server/services/channels";
import { runDeliveries } from "@/lib/server/services/deliveries";
import { ensureUserWithRole } from "@/lib/server/services/accounts";
import { getIncident } from "@/lib/server/queries/incidents";
import { listReleaseEvents } from "@/lib/server/queries/rollouts";
import { listAuditEntries } from "@/lib/server/queries/settings";
import { describeAudit } from "@/components/settings/audit-format";
import { releaseEventBodySchema } from "@/lib/shared/rollouts";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { addEval, addRuns, cohort, FROM, TO, type RunSpec } from "./gates-fixtures";

const window = { from: FROM, to: TO };
const system = { type: "system" as const, label: "test" };

describe.each(testDatabases())("release analysis and rollout on $name", (target) => {
  let db: Database;
  let rx: Receiver;
  beforeAll(async () => {
    db = await target.open();
    rx = await startReceiver();
  });
  afterAll(async () => {
    await rx?.close();
    await db?.close();
  });

  /** A project with 1,000 production runs of the baseline release, 100 of them escalated, and a passing gold set for `release`. */
  async function withBaseline(release: string, canary: RunSpec[]) {
    const p = await createTestProject(db, "canary");
    await addRuns(db, p.id, cohort("m@v1", "production", 1000, 100));
    if (canary.length) await addRuns(db, p.id, canary);
    await addEval(db, p.id, release, 19, 20, "2026-11-02T00:00:00Z");
    return p;
  }
  const checksOf = async (projectId: string, release: string) => {
    const a = await getReleaseAnalysis(db, projectId, release, window);
    return { ...a, by: Object.fromEntries(a.checks.map((c) => [c.name, c])) };
  };

  it("16 escalations in 100 canary runs against 100 in 1,000 is inconclusive, not a fail", async () => {
    const p = await withBaseline("m@v2", cohort("m@v2", "canary", 100, 16));
    const a = await checksOf(p.id, "m@v2");
    expect(a.verdict).toBe("inconclusive");
    expect(a.by.escalation_rate).toMatchObject({ verdict: "inconclusive", canary: 0.16, baseline: 0.1, n: { canary: 100, baseline: 1000 }, minSample: 446, threshold: 0.05 });
    expect(a.by.escalation_rate!.diff).toBeCloseTo(0.06, 12);
    expect(a.by.escalation_rate!.interval![0]).toBeCloseTo(0.006, 3);
    expect(a.by.escalation_rate!.interval![1]).toBeCloseTo(0.131, 3);
    expect(a.by.critical_policy_violations!.verdict).toBe("pass");
    expect(a.by.gold_set_pass_rate).toMatchObject({ verdict: "pass", canary: 0.95, threshold: 0.85 });
    expect(a.window).toEqual({ from: FROM.toISOString(), to: TO.toISOString() });
  });

  it("a canary with 3 runs is inconclusive for too few runs", async () => {
    const p = await withBaseline("m@v2", cohort("m@v2", "canary", 3, 0));
    const a = await checksOf(p.id, "m@v2");
    expect(a.verdict).toBe("inconclusive");
    expect(a.by.escalation_rate).toMatchObject({ verdict: "inconclusive", canary: 0, n: { canary: 3, baseline: 1000 }, minSample: 446 });
    expect(a.by.escalation_rate!.reason).toContain("3 canary runs, 446 needed");
  });

  it("a clear regression with enough runs fails; a clean canary passes every check", async () => {
    const bad = await withBaseline("m@v2", cohort("m@v2", "canary", 400, 120));
    const a = await checksOf(bad.id, "m@v2");
    expect(a.verdict).toBe("fail");
    expect(a.checks.filter((c) => c.verdict === "fail").map((c) => c.name)).toEqual(["escalation_rate"]);
    expect(a.by.escalation_rate!.interval![0]).toBeGreaterThan(0.05);

    const good = await withBaseline("m@v3", cohort("m@v3", "canary", 1000, 40));
    const b = await checksOf(good.id, "m@v3");
    expect(b.checks.map((c) => [c.name, c.verdict])).toEqual([
      ["escalation_rate", "pass"],
      ["failure_rate", "pass"],
      ["critical_policy_violations", "pass"],
      ["run_p95_latency", "pass"],
      ["gold_set_pass_rate", "pass"],
    ]);
    expect(b.verdict).toBe("pass");
    expect(b.by.run_p95_latency).toMatchObject({ canary: 1000, baseline: 1000, diff: 0, n: { canary: 1000, baseline: 1000 } });
  });

  it("a slower canary fails the latency check by the rank test; a critical violation fails at once", async () => {
    const p = await withBaseline("m@v2", [
      ...Array.from({ length: 200 }, () => ({ release: "m@v2", environment: "canary" as const, durationMs: 2000 })),
      { release: "m@v2", environment: "canary", critical: true },
    ]);
    const a = await checksOf(p.id, "m@v2");
    expect(a.verdict).toBe("fail");
    expect(a.by.run_p95_latency).toMatchObject({ verdict: "fail", canary: 2000, baseline: 1000, diff: 1, threshold: 0.2 });
    expect(a.by.run_p95_latency!.pValue!).toBeLessThan(1e-6);
    expect(a.by.critical_policy_violations).toMatchObject({ verdict: "fail", canary: 1 });
  });

  it("an unknown release and another project's release are 404; a release known only by its stage is analysed", async () => {
    const p = await withBaseline("m@v1", []);
    const other = await createTestProject(db, "canary-other");
    await expect(getReleaseAnalysis(db, other.id, "m@v1", window)).rejects.toMatchObject({ status: 404 });
    await recordReleaseEvent(db, p.id, "m@v9", { stage: "canary", trafficPercent: 5, at: FROM, eventId: null, source: "keel" }, system, "test");
    const a = await checksOf(p.id, "m@v9");
    expect(a.verdict).toBe("inconclusive");
    expect(a.by.escalation_rate!.reason).toMatch(/no canary runs/i);
  });

  it("the default window starts at the release's latest stage change (at most 7 days back)", async () => {
    const p = await withBaseline("m@v2", cohort("m@v2", "canary", 10, 0));
    const stageAt = new Date(FROM.getTime() + 30 * 60_000);
    await recordReleaseEvent(db, p.id, "m@v2", { stage: "canary", trafficPercent: 10, at: stageAt, eventId: null, source: "keel" }, system, "test");
    const a = await getReleaseAnalysis(db, p.id, "m@v2", {}, TO);
    expect(a.window).toEqual({ from: stageAt.toISOString(), to: TO.toISOString() });
    expect(a.stage).toMatchObject({ stage: "canary", trafficPercent: 10, at: stageAt.toISOString(), source: "keel" });
  });

  it("quality drift: mean qualityScore per UTC day, the release's live runs vs the others' production runs", async () => {
    const p = await createTestProject(db, "quality");
    await addRuns(db, p.id, [
      { release: "m@v1", qualityScore: 0.9 },
      { release: "m@v1", qualityScore: 0.8, at: 60 * 24 + 5 },
      { release: "m@v1", environment: "staging", qualityScore: 0.1 },
      { release: "m@v2", environment: "canary", qualityScore: 0.8 },
      { release: "m@v2", environment: "canary", qualityScore: 0.6 },
      { release: "m@v2", environment: "production" },
      { release: "m@v2", environment: "sandbox", qualityScore: 0 },
    ]);
    const q = await getReleaseQuality(db, p.id, "m@v2", window);
    expect(q.days).toHaveLength(2);
    expect(q.days[0]!.day).toBe("2026-11-01");
    expect(q.days[0]!.canary.runs).toBe(2);
    expect(q.days[0]!.canary.meanQualityScore).toBeCloseTo(0.7, 12);
    expect(q.days[0]!.baseline).toEqual({ runs: 1, meanQualityScore: 0.9 });
    expect(q.days[1]).toEqual({ day: "2026-11-02", canary: { runs: 0, meanQualityScore: null }, baseline: { runs: 1, meanQualityScore: 0.8 } });
  });

  it("a rolled-back release is judged by default on the stage it rolled back", async () => {
    const p = await withBaseline("m@v2", cohort("m@v2", "canary", 10, 0));
    const canaryAt = new Date(FROM.getTime() + 30 * 60_000);
    const rollbackAt = new Date(FROM.getTime() + 120 * 60_000);
    await recordReleaseEvent(db, p.id, "m@v2", { stage: "canary", trafficPercent: 10, at: canaryAt, eventId: null, source: "keel" }, system, "test");
    await recordReleaseEvent(db, p.id, "m@v2", { stage: "rolled_back", trafficPercent: null, at: rollbackAt, eventId: null, source: "keel" }, system, "test");
    const a = await getReleaseAnalysis(db, p.id, "m@v2", {}, TO);
    expect(a.window).toEqual({ from: canaryAt.toISOString(), to: rollbackAt.toISOString() });
    expect(a.stage).toMatchObject({ stage: "rolled_back", at: rollbackAt.toISOString() });
    expect(a.checks.find((c) => c.name === "escalation_rate")!.n).toEqual({ canary: 10, baseline: 1000 });
  });

  it("stage events: a retry with the same id or the same (stage, percent, at) lands once; CDEvents map to stages", async () => {
    const p = await createTestProject(db, "stages");
    const at = new Date("2026-11-03T12:00:00.000Z");
    const first = await recordReleaseEvent(db, p.id, "m@v2", { stage: "canary", trafficPercent: 10, at, eventId: null, source: "keel" }, system, "ci");
    const again = await recordReleaseEvent(db, p.id, "m@v2", { stage: "canary", trafficPercent: 10, at, eventId: null, source: "keel" }, system, "ci");
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ ...first, duplicate: true });

    const deployed = releaseEventBodySchema.parse({
      context: { version: "0.4.1", id: "271069a8-fc18-44f1-b38f-9d70a1695819", source: "/ci", type: "dev.cdevents.service.deployed.0.2.0", timestamp: "2026-11-04T08:00:00Z" },
      subject: { id: "svc/agent", source: "/ci", type: "service", content: { environment: { id: "production" }, artifactId: "pkg:oci/agent@sha256%3Aabc" } },
    });
    expect(deployed).toEqual({ stage: "full", trafficPercent: null, at: new Date("2026-11-04T08:00:00Z"), eventId: "271069a8-fc18-44f1-b38f-9d70a1695819", source: "cdevents" });
    await recordReleaseEvent(db, p.id, "m@v2", deployed, system, "ci");
    expect((await recordReleaseEvent(db, p.id, "m@v2", deployed, system, "ci")).duplicate).toBe(true);
    const rolled = releaseEventBodySchema.parse({
      context: { id: "e-2", type: "dev.cdevents.service.rolledback.0.2.0", timestamp: "2026-11-05T08:00:00Z", source: "/ci", version: "0.4.1" },
      subject: { content: { environment: { id: "canary-eu" } } },
    });
    expect(rolled.stage).toBe("rolled_back");
    await recordReleaseEvent(db, p.id, "m@v2", rolled, system, "ci");
    expect((await listReleaseEvents(db, p.id, { release: "m@v2" })).map((e) => [e.stage, e.trafficPercent, e.source])).toEqual([
      ["canary", 10, "keel"],
      ["full", null, "cdevents"],
      ["rolled_back", null, "cdevents"],
    ]);
    // The audit trail says what moved, in words (Settings → Audit).
    expect((await listAuditEntries(db, p.id)).map(describeAudit)).toEqual([
      "Release “m@v2” moved to rolled_back (CDEvent)",
      "Release “m@v2” moved to full (CDEvent)",
      "Release “m@v2” moved to canary at 10%",
    ]);
    const canaryEnv = releaseEventBodySchema.parse({ context: { id: "e-3", type: "dev.cdevents.service.deployed.0.1.1", timestamp: "2026-11-05T08:00:00Z" }, subject: { content: { environment: { id: "canary-eu" } } } });
    expect(canaryEnv.stage).toBe("canary");
  });

  it("rollback trigger: stage canary, failing canary runs, the loop → one incident with the runs and one signed webhook; again → nothing", async () => {
    const p = await createTestProject(db, "rollback");
    const { user } = await ensureUserWithRole(db, { email: `${uniqueSlug("admin")}@example.test`, password: "admin-password", projectId: p.id, role: "admin" });
    const channel = await createChannel(db, p.id, { type: "webhook", name: "Pipeline", url: `${rx.url}/rollback` }, { type: "user", userId: user.id });
    await addRuns(db, p.id, cohort("m@v1", "production", 1000, 100));
    await recordReleaseEvent(db, p.id, "m@v2", { stage: "canary", trafficPercent: 10, at: FROM, eventId: null, source: "keel" }, system, "ci");
    await addRuns(db, p.id, cohort("m@v2", "canary", 400, 120));
    const now = TO;

    const fired = await evaluateRollbackTriggers(db, { now, projectId: p.id });
    expect(fired).toEqual([{ projectId: p.id, release: "m@v2", stage: "canary", incidentNumber: 1, failedChecks: ["escalation_rate"], deliveries: 1 }]);
    const incident = await getIncident(db, p.id, 1);
    expect(incident).toMatchObject({ severity: "SEV2", status: "open" });
    expect(incident!.title).toBe("Roll back m@v2: canary analysis failed (escalation rate)");
    expect(incident!.runs).toHaveLength(120);

    const seen = rx.received.length;
    expect(await runDeliveries(db, now, { random: () => 0, only: { projectId: p.id } })).toMatchObject({ attempted: 1, delivered: 1 });
    const got = rx.received.slice(seen);
    expect(got).toHaveLength(1);
    expect(got[0]!.path).toBe("/rollback");
    expect(got[0]!.headers["x-keel-event"]).toBe("release.rollback");
    expect(got[0]!.headers["x-keel-signature"]).toBe(`sha256=${createHmac("sha256", channel.secret!).update(got[0]!.raw).digest("hex")}`);
    expect(got[0]!.json).toMatchObject({ type: "release.rollback", data: { release: "m@v2", stage: "canary", trafficPercent: 10, verdict: "fail", failedChecks: ["escalation_rate"], incidentNumber: 1 } });

    expect(await evaluateRollbackTriggers(db, { now: new Date(now.getTime() + 60_000), projectId: p.id })).toEqual([]);
    expect(await runDeliveries(db, new Date(now.getTime() + 60_000), { random: () => 0, only: { projectId: p.id } })).toMatchObject({ attempted: 0 });
    expect(rx.received.length).toBe(seen + 1);
    expect(await getIncident(db, p.id, 2)).toBeNull();
  });
});
