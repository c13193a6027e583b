// Objectives on a real database (CONTRACT §8): status over a dataset with a known bad-minute
// pattern equals the hand-computed numbers; the evaluator fires `page` at an injected time, keeps
// one alert while it burns, resolves it once recovered (after the flapping guard), and two
// evaluations at once make one alert per transition.
//
// NOW = 2026-04-01T12:00Z, workflow `checkout` (a `search` run and another project's runs must not count):
//   minute runs  at NOW - m min, m = 1..360: failures for m = 1..20, else successes; each has one
//                `payments.charge` call: timeout 3000 ms for m = 1..10, else ok 100 ms
//   hourly runs  at NOW - k h, k = 7..168 (k = 168 is exactly the 7-day period's start): successes, no calls
//   boundary     a failure at NOW - 168 h - 1 ms: outside the period and every window
//   after NOW    successes at NOW + j min, j = 0..389 (j = 0 is at NOW: outside [.., NOW))
// success_rate, target 0.99 (budget 0.01), 7 days, at NOW:
//   5m  [NOW-5m, NOW):   m = 1..5   →   5 runs,  5 bad → burn 1/0.01 = 100
//   30m:                 m = 1..30  →  30 runs, 20 bad → (20/30)/0.01 = 66.67
//   1h:                  m = 1..60  →  60 runs, 20 bad → 33.33
//   6h:                  m = 1..360 → 360 runs, 20 bad → 5.556
//   3d:  360 + hourly k = 7..72 (66) = 426 runs, 20 bad → 4.695
//   period: 360 + 162 = 522 runs, 502 good; budget remaining 1 - 20/(0.01*522) = -2.831; alert page
// tool_latency payments.charge ≤ 1000 ms, target 0.9 (budget 0.1), 1 day: period 360 calls, 350 good;
//   5m: 5 calls, 5 bad → burn 10; 30m: 10 bad of 30 → 3.333; 1h: 10/60 → 1.667; 6h: 10/360 → 0.2778
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { getObjectiveSeries } from "@/lib/server/queries/objective-series";
import { getObjectiveStatus } from "@/lib/server/queries/objective-status";
import { getObjective, listAlerts } from "@/lib/server/queries/objectives";
import { ensureUserWithRole } from "@/lib/server/services/accounts";
import { acknowledgeAlert, evaluateAlerts, openIncidentFromAlert, silenceAlert } from "@/lib/server/services/alerts";
import { createChannel } from "@/lib/server/services/channels";
import { approveObjective, createObjective, updateObjective } from "@/lib/server/services/objectives";
import { HttpError } from "@/lib/server/http/errors";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";

const NOW = Date.parse("2026-04-01T12:00:00.000Z");
const MIN = 60_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function run(id: string, startMs: number, ok: boolean, opts: { workflow?: string; call?: "ok" | "timeout" } = {}) {
  const latency = opts.call === "timeout" ? 3000 : 100;
  return {
    id,
    sessionId: `s-${id}`,
    workflow: opts.workflow ?? "checkout",
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: iso(startMs),
    endedAt: iso(startMs + 4000),
    outcome: ok ? "success" : "failure",
    ...(ok ? {} : { failure: { category: "tool_error", reason: "payments API down" } }),
    costUsd: 0.01,
    toolCalls: opts.call ? [{ name: "payments.charge", startedAt: iso(startMs + 10), endedAt: iso(startMs + 10 + latency), status: opts.call }] : [],
  };
}

function dataset() {
  const runs = [];
  for (let m = 1; m <= 360; m++) runs.push(run(`m${m}`, NOW - m * MIN, m > 20, { call: m <= 10 ? "timeout" : "ok" }));
  for (let k = 7; k <= 168; k++) runs.push(run(`h${k}`, NOW - k * HOUR, true));
  runs.push(run("boundary", NOW - 168 * HOUR - 1, false));
  for (let j = 0; j <= 389; j++) runs.push(run(`a${j}`, NOW + j * MIN, true));
  runs.push(run("other-workflow", NOW - 2 * MIN, false, { workflow: "search" }));
  return runs;
}

async function expectHttpError(p: Promise<unknown>, status: number, path?: string) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(HttpError);
  expect((err as HttpError).status).toBe(status);
  if (path) expect((err as HttpError).issues?.map((i) => i.path)).toEqual(path.split(","));
}

describe.each(testDatabases())("objectives on $name", (target) => {
  let db: Database;
  let projectId: string;
  let otherProjectId: string;
  let ownerId: string;
  let adminId: string;

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "slo")).id;
    otherProjectId = (await createTestProject(db, "slo-other")).id;
    ownerId = (await ensureUserWithRole(db, { email: `${uniqueSlug("owner")}@keel.test`, password: "pw-12345678", projectId, role: "owner" })).user.id;
    adminId = (await ensureUserWithRole(db, { email: `${uniqueSlug("admin")}@keel.test`, password: "pw-12345678", projectId, role: "admin" })).user.id;
    const receivedAt = new Date(NOW + 7 * HOUR);
    const r = await ingestRuns(db, projectId, dataset(), { receivedAt });
    expect(r.rejected).toEqual([]);
    await ingestRuns(db, otherProjectId, [run("m1", NOW - MIN, false), run("m2", NOW - 2 * MIN, false)], { receivedAt });
  }, 120_000);
  afterAll(async () => db?.close());

  it("status equals the hand-computed numbers (success_rate, 7 days, 0.99)", async () => {
    const o = await createObjective(db, projectId, ownerId, { sli: "success_rate", workflow: "checkout", target: 0.99, periodDays: 7 });
    const s = await getObjectiveStatus(db, projectId, o, new Date(NOW));
    expect(s.good).toBe(502);
    expect(s.total).toBe(522);
    expect(s.attainment).toBeCloseTo(502 / 522, 12);
    expect(s.budgetRemaining).toBeCloseTo(1 - 20 / (0.01 * 522), 9);
    expect(s.burnRates["5m"]).toBeCloseTo(100, 9);
    expect(s.burnRates["30m"]).toBeCloseTo(20 / 30 / 0.01, 9);
    expect(s.burnRates["1h"]).toBeCloseTo(20 / 60 / 0.01, 9);
    expect(s.burnRates["6h"]).toBeCloseTo(20 / 360 / 0.01, 9);
    expect(s.burnRates["3d"]).toBeCloseTo(20 / 426 / 0.01, 9);
    expect(s.alert).toBe("page");
    expect(s.health).toBe("breached");
    expect([s.from, s.to]).toEqual([iso(NOW - 168 * HOUR), iso(NOW)]);
  });

  it("tool_latency counts that tool's calls: ok and within the threshold", async () => {
    const o = await createObjective(db, projectId, ownerId, { sli: "tool_latency", tool: "payments.charge", thresholdMs: 1000, target: 0.9, periodDays: 1 });
    const s = await getObjectiveStatus(db, projectId, o, new Date(NOW));
    expect([s.good, s.total]).toEqual([350, 360]);
    expect(s.burnRates["5m"]).toBeCloseTo(10, 9);
    expect(s.burnRates["30m"]).toBeCloseTo(10 / 30 / 0.1, 9);
    expect(s.burnRates["1h"]).toBeCloseTo(10 / 60 / 0.1, 9);
    expect(s.burnRates["6h"]).toBeCloseTo(10 / 360 / 0.1, 9);
    // 1h ≥ 14.4? no (1.67); 6h ≥ 6? no; 3d and 6h ≥ 1? 6h is 0.28: none.
    expect(s.alert).toBe("none");
  });

  it("no traffic: null figures, never an alert", async () => {
    const o = await createObjective(db, projectId, ownerId, { sli: "success_rate", workflow: "no-such-workflow", target: 0.95 });
    const s = await getObjectiveStatus(db, projectId, o, new Date(NOW));
    expect(s).toMatchObject({ good: 0, total: 0, attainment: null, budgetRemaining: null, alert: "none", health: "no_data" });
    expect(Object.values(s.burnRates)).toEqual([null, null, null, null, null]);
  });

  it("the series sums to the period and burns the budget down", async () => {
    const o = await createObjective(db, projectId, ownerId, { sli: "success_rate", workflow: "checkout", target: 0.99, periodDays: 7 });
    const series = await getObjectiveSeries(db, projectId, o, new Date(NOW));
    expect(series.buckets.length).toBe(7);
    expect(series.buckets.reduce((n, b) => n + b.total, 0)).toBe(522);
    expect(series.buckets.reduce((n, b) => n + b.good, 0)).toBe(502);
    const last = series.buckets.at(-1)!;
    expect(last.budgetRemaining).toBeCloseTo(1 - 20 / (0.01 * 522), 9);
    expect(series.buckets[0].budgetRemaining).toBe(1);
  });

  it("draft → approved keeps approver and time; changing the target sends it back to draft; all audited", async () => {
    const o = await createObjective(db, projectId, ownerId, { sli: "non_escalation_rate", target: 0.9 });
    expect(o).toMatchObject({ status: "draft", periodDays: 28, workflow: null, approvedBy: null, approvedAt: null });
    const at = new Date("2026-04-01T09:00:00.000Z");
    const approved = await approveObjective(db, projectId, adminId, o.id, at);
    expect(approved.status).toBe("approved");
    expect(approved.approvedAt).toBe(at.toISOString());
    expect(approved.approvedBy).toMatch(/^admin-/);
    const same = await updateObjective(db, projectId, ownerId, o.id, { target: 0.9 });
    expect(same.status).toBe("approved");
    const edited = await updateObjective(db, projectId, ownerId, o.id, { target: 0.95 });
    expect(edited).toMatchObject({ status: "draft", target: 0.95, approvedBy: null, approvedAt: null });
    const audit = await db.prisma.auditLog.findMany({ where: { projectId, targetId: o.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([
      ["objective.create", ownerId],
      ["objective.approve", adminId],
      ["objective.update", ownerId],
    ]);
    expect(audit[2].before).toEqual({ target: 0.9, status: "approved" });
    expect(audit[2].after).toEqual({ target: 0.95, status: "draft" });
  });

  it("bad input names the field; another project's objective is 404", async () => {
    const o = await createObjective(db, projectId, ownerId, { sli: "success_rate", target: 0.9 });
    await expectHttpError(updateObjective(db, projectId, ownerId, o.id, { sli: "tool_latency" }), 400, "tool,thresholdMs");
    await expectHttpError(updateObjective(db, projectId, ownerId, o.id, { thresholdMs: 500 }), 400, "thresholdMs");
    await expectHttpError(getObjective(db, otherProjectId, o.id), 404);
    await expectHttpError(updateObjective(db, otherProjectId, ownerId, o.id, { target: 0.5 }), 404);
    await expectHttpError(approveObjective(db, otherProjectId, ownerId, o.id), 404);
  });

  describe("alert evaluation", () => {
    let project: string;
    let objectiveId: string;
    beforeAll(async () => {
      // Its own project, same data, so the objectives above are not evaluated.
      project = (await createTestProject(db, "slo-eval")).id;
      await ingestRuns(db, project, dataset(), { receivedAt: new Date(NOW + 7 * HOUR) });
      const o = await createObjective(db, project, ownerId, { sli: "success_rate", workflow: "checkout", target: 0.99, periodDays: 7 });
      objectiveId = o.id;
      // A PagerDuty channel (never sent to here: the delivery rows are what the evaluation writes).
      await createChannel(db, project, { type: "pagerduty", name: "on-call", url: "http://127.0.0.1:9/enqueue", routingKey: "R0UTINGKEY0000000000000000000000" }, { type: "cli" });
    }, 120_000);

    const evaluate = (ms: number) => evaluateAlerts(db, { now: new Date(ms), projectId: project });
    const alerts = async () => db.prisma.alert.findMany({ where: { projectId: project }, orderBy: { firedAt: "asc" } });

    it("a draft objective never alerts", async () => {
      const r = await evaluate(NOW);
      expect(r).toEqual({ evaluated: true, objectives: 0, transitions: [] });
    });

    it("two evaluations at once fire one page alert (one transition)", async () => {
      await approveObjective(db, project, adminId, objectiveId, new Date(NOW - HOUR));
      const [a, b] = await Promise.all([evaluate(NOW), evaluate(NOW)]);
      const transitions = [...a.transitions, ...b.transitions];
      expect(transitions.map((t) => [t.kind, t.level, t.objectiveId])).toEqual([["firing", "page", objectiveId]]);
      expect(transitions[0].summary).toContain("Page:");
      const rows = await alerts();
      expect(rows.map((r) => [r.status, r.level, r.firedAt.toISOString()])).toEqual([["firing", "page", iso(NOW)]]);
    });

    it("stays one firing alert while it burns (ticket at NOW+1h), recovering at NOW+6h30, resolved 5 min later", async () => {
      expect((await evaluate(NOW + MIN)).transitions).toEqual([]);
      expect((await evaluate(NOW + HOUR)).transitions).toEqual([]);
      // NOW+6h30: 6h [NOW+30m, NOW+6h30) holds only good runs → none; the guard starts.
      expect((await evaluate(NOW + 6.5 * HOUR)).transitions).toEqual([]);
      expect((await alerts())[0].clearSince?.toISOString()).toBe(iso(NOW + 6.5 * HOUR));
      expect((await evaluate(NOW + 6.5 * HOUR + 4 * MIN)).transitions).toEqual([]);
      const [a, b] = await Promise.all([evaluate(NOW + 6.5 * HOUR + 5 * MIN), evaluate(NOW + 6.5 * HOUR + 5 * MIN)]);
      expect([...a.transitions, ...b.transitions].map((t) => [t.kind, t.level])).toEqual([["resolved", "page"]]);
      const rows = await alerts();
      expect(rows.map((r) => [r.status, r.firingKey, r.resolvedAt?.toISOString()])).toEqual([["resolved", null, iso(NOW + 6.5 * HOUR + 5 * MIN)]]);
      expect((await evaluate(NOW + 7 * HOUR)).transitions).toEqual([]);
      const [alert] = await listAlerts(db, project, { now: new Date(NOW + 7 * HOUR) });
      expect(alert.events.map((e) => e.kind)).toEqual(["fired", "recovering", "resolved"]);
    });

    it("each transition queued exactly one notification, in the evaluation's transaction: PagerDuty trigger, then resolve, one dedup_key", async () => {
      const [alert] = await alerts();
      const rows = await db.prisma.notificationDelivery.findMany({ where: { projectId: project }, orderBy: { createdAt: "asc" } });
      expect(rows.map((r) => [r.type, r.severity, r.dedupKey, r.alertId, r.createdAt.toISOString()])).toEqual([
        ["alert.firing", "page", `keel:alert:${alert.id}`, alert.id, iso(NOW)],
        ["alert.resolved", "page", `keel:alert:${alert.id}`, alert.id, iso(NOW + 6.5 * HOUR + 5 * MIN)],
      ]);
      const payloads = rows.map((r) => r.payload as { event_action: string; dedup_key: string; payload?: { severity: string; group?: string } });
      expect(payloads.map((p) => [p.event_action, p.dedup_key])).toEqual([
        ["trigger", `keel:alert:${alert.id}`],
        ["resolve", `keel:alert:${alert.id}`],
      ]);
      expect(payloads[0].payload?.severity).toBe("critical");
      expect(payloads[0].payload?.group).toBe("checkout");
    });

    it("fires again (a new alert) when it burns again; back-to-draft resolves it", async () => {
      const first = await evaluate(NOW);
      expect(first.transitions.map((t) => t.kind)).toEqual(["firing"]);
      expect((await alerts()).length).toBe(2);
      await updateObjective(db, project, ownerId, objectiveId, { target: 0.98 });
      const r = await evaluate(NOW + MIN);
      expect(r.transitions.map((t) => [t.kind, t.level])).toEqual([["resolved", "page"]]);
      expect((await alerts()).every((a) => a.status === "resolved")).toBe(true);
    });

    it("acknowledge, silence and open an incident pre-filled from the alert", async () => {
      await approveObjective(db, project, adminId, objectiveId, new Date(NOW));
      const fired = await evaluate(NOW);
      const alertId = fired.transitions[0].alertId;
      const acked = await acknowledgeAlert(db, project, ownerId, alertId, new Date(NOW + MIN));
      expect(acked.acknowledgedAt).toBe(iso(NOW + MIN));
      expect(acked.acknowledgedBy).toMatch(/^owner-/);
      const silenced = await silenceAlert(db, project, ownerId, alertId, 60, new Date(NOW + 2 * MIN));
      expect(silenced.silencedUntil).toBe(iso(NOW + 62 * MIN));
      const { alert, incidentNumber } = await openIncidentFromAlert(db, project, ownerId, alertId, new Date(NOW + 3 * MIN));
      expect(alert.incidentNumber).toBe(incidentNumber);
      const incident = await db.prisma.incident.findFirstOrThrow({ where: { projectId: project, number: incidentNumber } });
      expect(incident.severity).toBe("SEV1");
      expect(incident.title).toBe("Page: Success rate ≥ 98% · checkout · 7 d");
      expect(incident.description).toContain("Burn rates: 5m 50.00, 30m 33.33, 1h 16.67");
      expect(alert.events.map((e) => e.kind)).toEqual(["fired", "acknowledged", "silenced", "incident"]);
      await expectHttpError(acknowledgeAlert(db, otherProjectId, ownerId, alertId), 404);
      const audit = await db.prisma.auditLog.findMany({ where: { projectId: project, targetId: alertId }, orderBy: { id: "asc" } });
      expect(audit.map((a) => a.action)).toEqual(["alert.acknowledge", "alert.silence"]);
    });
  });
});
