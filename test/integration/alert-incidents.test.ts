// Issue 15 on a real database: an objective with `autoIncident` opens its incident by itself when
// an alert pages (fired at page, or a ticket escalated to page), in the evaluation, once per alert,
// with Keel as the actor; a ticket opens none. And an alert answers its delivery log: each
// notification to each routed channel with its status, attempts and last answer.
//
// NOW = 2026-05-04T12:00Z, each project on its own (the evaluation is scoped to it).
// Paging data: runs at NOW - m min, m = 1..60, failures for m = 1..20. success_rate 0.99 (budget
//   0.01), 1 day: 5m 5/5 bad → burn 100; 1h 20/60 → 33.3: page (≥ 14.4 over both).
// Ticket data: runs at NOW - 10·i min, i = 1..432 (3 days), failures for i mod 20 ∈ {10, 11, 12}.
//   success_rate 0.99, 7 days: 5m no runs (null); 30m and 1h no failures (0); 6h i = 1..36, 6 bad
//   → 16.7; 3d 66 bad of 432 → 15.3: ticket (≥ 1 over 3d and 6h), not page (30m and 1h are 0).
//   Then 5 failures at NOW + 5..9 min; at NOW + 10 min: 30m [NOW - 20m, NOW + 10m) 5 bad of 7 → 71;
//   6h 11 bad of 41 → 26.8: page (≥ 6 over 6h and 30m): the ticket escalates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { getAlert, listAlerts } from "@/lib/server/queries/objectives";
import { ensureUserWithRole } from "@/lib/server/services/accounts";
import { evaluateAlerts, openIncidentFromAlert } from "@/lib/server/services/alerts";
import { createChannel } from "@/lib/server/services/channels";
import { runDeliveries } from "@/lib/server/services/deliveries";
import { approveObjective, createObjective, updateObjective } from "@/lib/server/services/objectives";
import { HttpError } from "@/lib/server/http/errors";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";
import { startReceiver, type Receiver } from "../helpers/receiver";

const NOW = Date.parse("2026-05-04T12:00:00.000Z");
const MIN = 60_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function run(id: string, startMs: number, ok: boolean) {
  return {
    id,
    sessionId: `s-${id}`,
    workflow: "checkout",
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: iso(startMs),
    endedAt: iso(startMs + 4000),
    outcome: ok ? "success" : "failure",
    ...(ok ? {} : { failure: { category: "tool_error", reason: "payments API down" } }),
    costUsd: 0.01,
    toolCalls: [],
  };
}
const pagingRuns = () => Array.from({ length: 60 }, (_, k) => run(`m${k + 1}`, NOW - (k + 1) * MIN, k + 1 > 20));
const ticketRuns = () => Array.from({ length: 432 }, (_, k) => run(`t${k + 1}`, NOW - (k + 1) * 10 * MIN, ![10, 11, 12].includes((k + 1) % 20)));
const burstRuns = () => [5, 6, 7, 8, 9].map((j) => run(`b${j}`, NOW + j * MIN, false));

describe.each(testDatabases())("alert incidents and delivery logs on $name", (target) => {
  let db: Database;
  let ownerId: string;
  let adminId: string;
  let receiver: Receiver;

  beforeAll(async () => {
    db = await target.open();
    const home = (await createTestProject(db, "autoinc-home")).id;
    ownerId = (await ensureUserWithRole(db, { email: `${uniqueSlug("owner")}@keel.test`, password: "pw-12345678", projectId: home, role: "owner" })).user.id;
    adminId = (await ensureUserWithRole(db, { email: `${uniqueSlug("admin")}@keel.test`, password: "pw-12345678", projectId: home, role: "admin" })).user.id;
    receiver = await startReceiver();
  }, 120_000);
  afterAll(async () => {
    await receiver?.close();
    await db?.close();
  });

  /** A project of its own with these runs and one approved objective (success_rate 0.99). */
  async function setup(name: string, runs: ReturnType<typeof run>[], opts: { periodDays: number; autoIncident?: boolean }) {
    const projectId = (await createTestProject(db, name)).id;
    const r = await ingestRuns(db, projectId, runs, { receivedAt: new Date(NOW + HOUR) });
    expect(r.rejected).toEqual([]);
    const o = await createObjective(db, projectId, ownerId, {
      sli: "success_rate",
      workflow: "checkout",
      target: 0.99,
      periodDays: opts.periodDays,
      ...(opts.autoIncident !== undefined ? { autoIncident: opts.autoIncident } : {}),
    });
    await approveObjective(db, projectId, adminId, o.id, new Date(NOW - HOUR));
    return { projectId, objectiveId: o.id };
  }
  const evaluate = (projectId: string, ms: number) => evaluateAlerts(db, { now: new Date(ms), projectId });
  const incidents = (projectId: string) => db.prisma.incident.findMany({ where: { projectId }, orderBy: { number: "asc" } });

  it("a paging alert of an autoIncident objective opens one incident in the evaluation, by Keel; a second evaluation opens none", async () => {
    const { projectId, objectiveId } = await setup("autoinc-page", pagingRuns(), { periodDays: 1, autoIncident: true });
    const first = await evaluate(projectId, NOW);
    expect(first.transitions.map((t) => [t.kind, t.level, t.objectiveId])).toEqual([["firing", "page", objectiveId]]);
    const alertId = first.transitions[0]!.alertId;

    const [incident, ...more] = await incidents(projectId);
    expect(more).toEqual([]);
    expect(incident).toMatchObject({
      number: 1,
      title: "Page: Success rate ≥ 99% · checkout · 1 d",
      severity: "SEV1",
      status: "open",
      createdById: null,
      ownerId: null,
      openedAt: new Date(NOW),
    });
    expect(incident!.description).toBe(
      [`Opened from alert ${alertId} (fired ${iso(NOW)}).`, "Burn rates: 5m 100.00, 30m 66.67, 1h 33.33, 6h 33.33, 3d 33.33.", "Error budget remaining: -3233.3%."].join("\n"),
    );
    const events = await db.prisma.incidentEvent.findMany({ where: { incidentId: incident!.id } });
    expect(events.map((e) => [e.kind, e.actorUserId, e.payload, e.at.toISOString()])).toEqual([
      ["opened", null, { title: incident!.title, severity: "SEV1", failureCategory: null, failureReason: null, alertId, by: "keel" }, iso(NOW)],
    ]);
    const audit = await db.prisma.auditLog.findMany({ where: { projectId, action: "incident.open" } });
    expect(audit.map((a) => [a.actorType, a.actorLabel, a.actorUserId, a.targetType, a.targetId, a.at.toISOString()])).toEqual([
      ["system", "alert evaluator", null, "incident", incident!.id, iso(NOW)],
    ]);
    expect(audit[0]!.after).toEqual({ number: 1, title: incident!.title, severity: "SEV1", ownerEmail: null, runIds: [], alertId });

    const alert = await getAlert(db, projectId, alertId);
    expect(alert.incidentNumber).toBe(1);
    expect(alert.events.map((e) => [e.kind, e.actor, e.at])).toEqual([
      ["fired", null, iso(NOW)],
      ["incident", null, iso(NOW)],
    ]);
    expect(alert.events[1]!.payload).toEqual({ number: 1, by: "keel" });

    // Still paging a minute later: the same alert, no second incident.
    expect((await evaluate(projectId, NOW + MIN)).transitions).toEqual([]);
    expect((await incidents(projectId)).length).toBe(1);
    // Nor from the button.
    const err = await openIncidentFromAlert(db, projectId, ownerId, alertId).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect([(err as HttpError).status, (err as HttpError).message]).toEqual([400, "alert already has incident #1"]);
    expect((await incidents(projectId)).length).toBe(1);
  });

  it("a ticket opens no incident; its escalation to page opens one", async () => {
    const { projectId, objectiveId } = await setup("autoinc-ticket", ticketRuns(), { periodDays: 7, autoIncident: true });
    const fired = await evaluate(projectId, NOW);
    expect(fired.transitions.map((t) => [t.kind, t.level, t.escalated])).toEqual([["firing", "ticket", false]]);
    const alertId = fired.transitions[0]!.alertId;
    expect(await incidents(projectId)).toEqual([]);
    expect((await getAlert(db, projectId, alertId)).incidentNumber).toBeNull();

    await ingestRuns(db, projectId, burstRuns(), { receivedAt: new Date(NOW + HOUR) });
    const escalated = await evaluate(projectId, NOW + 10 * MIN);
    expect(escalated.transitions.map((t) => [t.kind, t.level, t.escalated, t.alertId, t.objectiveId])).toEqual([["firing", "page", true, alertId, objectiveId]]);
    const all = await incidents(projectId);
    expect(all.map((i) => [i.number, i.title, i.severity, i.createdById])).toEqual([[1, "Page: Success rate ≥ 99% · checkout · 7 d", "SEV1", null]]);
    const alert = await getAlert(db, projectId, alertId);
    expect(alert.incidentNumber).toBe(1);
    expect(alert.events.map((e) => e.kind)).toEqual(["fired", "escalated", "incident"]);
  });

  it("without autoIncident a page opens none; switching it on keeps the objective approved and is audited", async () => {
    const { projectId, objectiveId } = await setup("autoinc-off", pagingRuns(), { periodDays: 1 });
    const fired = await evaluate(projectId, NOW);
    expect(fired.transitions.map((t) => [t.kind, t.level])).toEqual([["firing", "page"]]);
    expect(await incidents(projectId)).toEqual([]);

    const updated = await updateObjective(db, projectId, ownerId, objectiveId, { autoIncident: true });
    expect(updated).toMatchObject({ autoIncident: true, status: "approved", approvedAt: iso(NOW - HOUR) });
    const audit = await db.prisma.auditLog.findMany({ where: { projectId, targetId: objectiveId }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([
      ["objective.create", null, { workflow: "checkout", sli: "success_rate", tool: null, thresholdMs: null, target: 0.99, periodDays: 1, autoIncident: false, status: "draft" }],
      ["objective.approve", { status: "draft" }, { status: "approved", approvedAt: iso(NOW - HOUR) }],
      ["objective.update", { autoIncident: false }, { autoIncident: true }],
    ]);
    // The switch applies from the next page: the alert already paging is no new transition.
    expect((await evaluate(projectId, NOW + MIN)).transitions).toEqual([]);
    expect(await incidents(projectId)).toEqual([]);
  });

  it("an alert answers its delivery log: each routed channel by name and type, status, attempts, last answer; never a secret", async () => {
    const { projectId } = await setup("alert-log", pagingRuns(), { periodDays: 1 });
    const hook = await createChannel(db, projectId, { type: "webhook", name: "Ops hook", url: `${receiver.url}/hooks/ops-secret-path`, severities: ["page"] }, { type: "cli" });
    // Routed for tickets only: a page never goes there.
    await createChannel(db, projectId, { type: "slack", name: "Tickets", url: "https://hooks.slack.com/services/T000/B000/XXXXSECRET", severities: ["ticket"] }, { type: "cli" });
    const [none] = await listAlerts(db, projectId, { now: new Date(NOW) });
    expect(none).toBeUndefined();

    const fired = await evaluate(projectId, NOW);
    const alertId = fired.transitions[0]!.alertId;
    const [listed] = await listAlerts(db, projectId, { now: new Date(NOW) });
    expect(listed!.id).toBe(alertId);
    const deliveryId = listed!.deliveries[0]?.id ?? "";
    expect(deliveryId).toMatch(/^dlv_[A-Za-z0-9_-]{20}$/);
    expect(listed!.deliveries).toEqual([
      {
        id: deliveryId,
        channelId: hook.id,
        channelName: "Ops hook",
        channelType: "webhook",
        type: "alert.firing",
        status: "pending",
        attempts: 0,
        lastStatusCode: null,
        lastError: null,
        lastAttemptAt: null,
        deliveredAt: null,
        createdAt: iso(NOW),
      },
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/ops-secret-path|XXXXSECRET|whsec_/);

    // The receiver answers 500, then 200: the log follows each attempt.
    receiver.script({ status: 500, body: "upstream down" });
    const only = { only: { projectId }, random: () => 0 };
    expect(await runDeliveries(db, new Date(NOW + 1000), only)).toEqual({ attempted: 1, delivered: 0, retrying: 1, failed: 0 });
    expect((await getAlert(db, projectId, alertId)).deliveries).toEqual([
      { ...listed!.deliveries[0], attempts: 1, lastStatusCode: 500, lastError: "HTTP 500: upstream down", lastAttemptAt: iso(NOW + 1000) },
    ]);
    const row = await db.prisma.notificationDelivery.findUniqueOrThrow({ where: { projectId_id: { projectId, id: deliveryId } } });
    const retryAt = row.nextAttemptAt.getTime();
    expect(await runDeliveries(db, new Date(retryAt), only)).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });
    const [after] = await listAlerts(db, projectId, { now: new Date(NOW) });
    expect(after!.deliveries).toEqual([
      { ...listed!.deliveries[0], status: "delivered", attempts: 2, lastStatusCode: 200, lastError: null, lastAttemptAt: iso(retryAt), deliveredAt: iso(retryAt) },
    ]);
    expect(receiver.received.filter((r) => r.path === "/hooks/ops-secret-path").map((r) => r.headers["x-keel-delivery"])).toEqual([deliveryId, deliveryId]);
  });
});
