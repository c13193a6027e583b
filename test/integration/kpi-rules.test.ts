// KPI threshold rules on a real database (issue 15): each rule's value over [now - window, now) is
// the KPI exactly as CONTRACT §3 defines it; the evaluator (evaluateAlerts, with the objectives)
// fires a rule's alert at an injected time, keeps one alert while it breaches, resolves it after the
// flapping guard once the value is back under the threshold; no traffic (null) never fires.
//
// NOW = 2026-05-01T12:00Z. Workflow `refund`, window 60 min = [NOW - 60m, NOW):
//   m = 1..4    successes, $0.30 each                                   → $1.20
//   m = 60      a success at exactly NOW - 60m (inside: the start is in) → $0.30
//   m = 5..8    failures (tool_error), $0.20 each                         → $0.80
//   m = 9, 10   failures (policy_violation, critical), $0.10 each         → $0.20
//   cost per success = $2.50 / 5 = $0.50; critical violations = 2; 11 runs, 11 sessions
//   outside: a critical failure at NOW - 61m ($10) and a failure at exactly NOW ($100: the end is out)
//   after NOW: successes at NOW + j min, j = 1..120, $0.01 each
// Workflow `search`: one success at NOW - 2m, $5 (sessions: 12 over all workflows).
// Incidents: one opened at NOW - 30m (in), one at NOW - 90m (out): 1 per 12 sessions → 83.33 per 1k.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { getKpiRuleValue, listKpiRulesWithValue } from "@/lib/server/queries/kpi-rules";
import { listAlerts } from "@/lib/server/queries/objectives";
import { ensureUserWithRole } from "@/lib/server/services/accounts";
import { evaluateAlerts, openIncidentFromAlert } from "@/lib/server/services/alerts";
import { createChannel } from "@/lib/server/services/channels";
import { approveKpiRule, createKpiRule, updateKpiRule } from "@/lib/server/services/kpi-rules";
import { HttpError } from "@/lib/server/http/errors";
import type { KpiRuleSpec } from "@/lib/shared/kpi-rules";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";

const NOW = Date.parse("2026-05-01T12:00:00.000Z");
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** Sums of float costs depend on the order the database adds them in (0.5 or 0.4999999999999999). */
const r9 = (v: number | null | undefined) => (v === null || v === undefined ? v : Math.round(v * 1e9) / 1e9);

type Kind = "success" | "failure" | "critical";
function run(id: string, startMs: number, kind: Kind, costUsd: number, workflow = "refund") {
  return {
    id,
    sessionId: `s-${id}`,
    workflow,
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: iso(startMs),
    endedAt: iso(startMs + 2000),
    outcome: kind === "success" ? "success" : "failure",
    ...(kind === "failure" ? { failure: { category: "tool_error", reason: "refund API down" } } : {}),
    ...(kind === "critical" ? { failure: { category: "policy_violation", reason: "refund above the limit", critical: true } } : {}),
    costUsd,
    toolCalls: [],
  };
}

function dataset() {
  const runs = [];
  for (let m = 1; m <= 4; m++) runs.push(run(`ok${m}`, NOW - m * MIN, "success", 0.3));
  runs.push(run("ok60", NOW - 60 * MIN, "success", 0.3));
  for (let m = 5; m <= 8; m++) runs.push(run(`fail${m}`, NOW - m * MIN, "failure", 0.2));
  for (let m = 9; m <= 10; m++) runs.push(run(`crit${m}`, NOW - m * MIN, "critical", 0.1));
  runs.push(run("crit61", NOW - 61 * MIN, "critical", 10));
  runs.push(run("at-now", NOW, "failure", 100));
  for (let j = 1; j <= 120; j++) runs.push(run(`after${j}`, NOW + j * MIN, "success", 0.01));
  runs.push(run("search", NOW - 2 * MIN, "success", 5, "search"));
  return runs;
}

const spec = (s: Partial<KpiRuleSpec> & Pick<KpiRuleSpec, "metric">): KpiRuleSpec => ({ workflow: "refund", threshold: 0, windowMinutes: 60, ...s });

describe.each(testDatabases())("KPI threshold rules on $name", (target) => {
  let db: Database;
  let projectId: string;
  let ownerId: string;
  let adminId: string;

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "kpi")).id;
    ownerId = (await ensureUserWithRole(db, { email: `${uniqueSlug("owner")}@keel.test`, password: "pw-12345678", projectId, role: "owner" })).user.id;
    adminId = (await ensureUserWithRole(db, { email: `${uniqueSlug("admin")}@keel.test`, password: "pw-12345678", projectId, role: "admin" })).user.id;
    const r = await ingestRuns(db, projectId, dataset(), { receivedAt: new Date(NOW + 3 * 3_600_000) });
    expect(r.rejected).toEqual([]);
    for (const [n, at] of [[1, NOW - 30 * MIN], [2, NOW - 90 * MIN]] as const)
      await db.prisma.incident.create({ data: { projectId, number: n, title: `incident ${n}`, severity: "SEV2", openedAt: new Date(at) } });
    await createChannel(db, projectId, { type: "pagerduty", name: "on-call", url: "http://127.0.0.1:9/enqueue", routingKey: "R0UTINGKEY0000000000000000000000" }, { type: "cli" });
  }, 120_000);
  afterAll(async () => db?.close());

  it("values over [now - window, now) equal the hand-computed KPIs", async () => {
    const at = new Date(NOW);
    expect((await getKpiRuleValue(db, projectId, spec({ metric: "cost_per_success_usd" }), at)).value).toBeCloseTo(0.5, 12);
    // Over all workflows the search run counts: ($2.50 + $5) / 6.
    expect((await getKpiRuleValue(db, projectId, spec({ metric: "cost_per_success_usd", workflow: null }), at)).value).toBeCloseTo(7.5 / 6, 12);
    expect((await getKpiRuleValue(db, projectId, spec({ metric: "critical_policy_violations" }), at)).value).toBe(2);
    // 61 minutes also reach the critical failure at NOW - 61m.
    expect((await getKpiRuleValue(db, projectId, spec({ metric: "critical_policy_violations", windowMinutes: 61 }), at)).value).toBe(3);
    expect((await getKpiRuleValue(db, projectId, spec({ metric: "incident_rate_per_1k_sessions", workflow: null }), at)).value).toBeCloseTo(1000 / 12, 9);
    const v = await getKpiRuleValue(db, projectId, spec({ metric: "cost_per_success_usd", windowMinutes: 5 }), at);
    // [NOW - 5m, NOW): m = 1..5 → 4 × $0.30 + $0.20 over 4 successes.
    expect(v.value).toBeCloseTo(1.4 / 4, 12);
    expect([v.from.toISOString(), v.to.toISOString()]).toEqual([iso(NOW - 5 * MIN), iso(NOW)]);
  });

  it("no traffic is null (not 0): a workflow without runs, and critical violations of an empty window", async () => {
    const at = new Date(NOW);
    for (const metric of ["cost_per_success_usd", "critical_policy_violations", "incident_rate_per_1k_sessions"] as const)
      expect((await getKpiRuleValue(db, projectId, spec({ metric, workflow: "nothing-here" }), at)).value, metric).toBeNull();
    // [NOW - 10m, NOW - 4m) holds m = 5..10: failures only, so cost per success has no value; 2 critical violations.
    const failuresOnly = { windowMinutes: 6 };
    expect((await getKpiRuleValue(db, projectId, spec({ metric: "cost_per_success_usd", ...failuresOnly }), new Date(NOW - 4 * MIN))).value).toBeNull();
    expect((await getKpiRuleValue(db, projectId, spec({ metric: "critical_policy_violations", ...failuresOnly }), new Date(NOW - 4 * MIN))).value).toBe(2);
  });

  describe("evaluation at injected times", () => {
    let costRule: string;
    let critRule: string;
    let emptyRule: string;
    const evaluate = (ms: number) => evaluateAlerts(db, { now: new Date(ms), projectId });
    const alerts = () => db.prisma.alert.findMany({ where: { projectId }, orderBy: [{ firedAt: "asc" }, { level: "asc" }] });

    beforeAll(async () => {
      costRule = (await createKpiRule(db, projectId, ownerId, { workflow: "refund", metric: "cost_per_success_usd", threshold: 0.45 })).id;
      critRule = (await createKpiRule(db, projectId, ownerId, { name: "Critical refunds", workflow: "refund", metric: "critical_policy_violations", level: "page" })).id;
      emptyRule = (await createKpiRule(db, projectId, ownerId, { workflow: "nothing-here", metric: "critical_policy_violations", windowMinutes: 5 })).id;
    });

    it("draft rules never alert", async () => {
      expect(await evaluate(NOW)).toEqual({ evaluated: true, objectives: 0, transitions: [] });
    });

    it("approved: both breaching rules fire once (two evaluations at once), the one without traffic never", async () => {
      for (const id of [costRule, critRule, emptyRule]) await approveKpiRule(db, projectId, adminId, id, new Date(NOW - MIN));
      const [a, b] = await Promise.all([evaluate(NOW), evaluate(NOW)]);
      const transitions = [...a.transitions, ...b.transitions].sort((x, y) => x.level.localeCompare(y.level));
      expect(transitions.map((t) => [t.kind, t.level, t.kpiRuleId, t.objectiveId])).toEqual([
        ["firing", "page", critRule, null],
        ["firing", "ticket", costRule, null],
      ]);
      expect(transitions.map((t) => t.summary)).toEqual([
        "Page: Critical refunds — 2 over the last 1 h (threshold 0)",
        "Ticket: Cost per success > $0.45 · refund · 1 h — $0.50 over the last 1 h (threshold $0.45)",
      ]);
      const rows = await alerts();
      expect(rows.map((r) => [r.kpiRuleId, r.objectiveId, r.status, r.level, r.firingKey, r9(r.kpiValue), r.firedAt.toISOString()])).toEqual([
        [critRule, null, "firing", "page", `kpi:${critRule}`, 2, iso(NOW)],
        [costRule, null, "firing", "ticket", `kpi:${costRule}`, 0.5, iso(NOW)],
      ]);
      const listed = await listAlerts(db, projectId, { now: new Date(NOW) });
      expect(listed.map((l) => [l.title, r9(l.kpi?.value), l.kpi?.threshold]).sort()).toEqual([
        ["Cost per success > $0.45 · refund · 1 h", 0.5, 0.45],
        ["Critical refunds", 2, 0],
      ]);
      const withValue = await listKpiRulesWithValue(db, projectId, new Date(NOW));
      expect(withValue.map((r) => [r.id, r9(r.current.value), r.current.breached])).toEqual([
        [costRule, 0.5, true],
        [critRule, 2, true],
        [emptyRule, null, false],
      ]);
    });

    it("stays one alert while it breaches; recovering once under the threshold, resolved after the flapping guard", async () => {
      // NOW + 30m: [NOW - 30m, NOW + 30m) holds the $100 failure at NOW: far above $0.45.
      expect((await evaluate(NOW + 30 * MIN)).transitions).toEqual([]);
      // NOW + 61m: [NOW + 1m, NOW + 61m): 60 successes at $0.01 → $0.01; no critical violation (0, not > 0).
      expect((await evaluate(NOW + 61 * MIN)).transitions).toEqual([]);
      expect((await alerts()).map((r) => r.clearSince?.toISOString())).toEqual([iso(NOW + 61 * MIN), iso(NOW + 61 * MIN)]);
      expect((await evaluate(NOW + 65 * MIN)).transitions).toEqual([]);
      const r = await evaluate(NOW + 66 * MIN);
      expect(r.transitions.map((t) => [t.kind, t.kpiRuleId]).sort()).toEqual([["resolved", costRule], ["resolved", critRule]].sort());
      expect((await alerts()).map((a) => [a.status, a.firingKey, a.resolvedAt?.toISOString()])).toEqual([
        ["resolved", null, iso(NOW + 66 * MIN)],
        ["resolved", null, iso(NOW + 66 * MIN)],
      ]);
      const [cost] = (await listAlerts(db, projectId, { now: new Date(NOW + 70 * MIN) })).filter((a) => a.kpiRuleId === costRule);
      expect(cost.events.map((e) => e.kind)).toEqual(["fired", "recovering", "resolved"]);
      // 2 hours later: no traffic at all → null → nothing fires.
      expect((await evaluate(NOW + 300 * MIN)).transitions).toEqual([]);
    });

    it("each transition queued one notification with one dedup_key; the critical rule carries the failure class", async () => {
      const rows = await db.prisma.notificationDelivery.findMany({ where: { projectId }, orderBy: [{ createdAt: "asc" }, { severity: "asc" }] });
      const crit = (await alerts()).find((a) => a.kpiRuleId === critRule)!;
      const critRows = rows.filter((r) => r.alertId === crit.id);
      expect(critRows.map((r) => [r.type, r.severity, r.dedupKey, r.createdAt.toISOString()])).toEqual([
        ["alert.firing", "page", `keel:alert:${crit.id}`, iso(NOW)],
        ["alert.resolved", "page", `keel:alert:${crit.id}`, iso(NOW + 66 * MIN)],
      ]);
      const p = critRows[0].payload as { event_action: string; payload: { severity: string; class?: string; group?: string } };
      expect([p.event_action, p.payload.severity, p.payload.class, p.payload.group]).toEqual(["trigger", "critical", "policy_violation", "refund"]);
      expect(rows.length).toBe(4);
    });

    it("back to draft resolves a firing alert; an incident opened from a rule's alert names the value", async () => {
      const fired = await evaluate(NOW);
      expect(fired.transitions.map((t) => t.kind)).toEqual(["firing", "firing"]);
      const critAlert = fired.transitions.find((t) => t.kpiRuleId === critRule)!.alertId;
      const { incidentNumber } = await openIncidentFromAlert(db, projectId, ownerId, critAlert, new Date(NOW + MIN));
      const incident = await db.prisma.incident.findFirstOrThrow({ where: { projectId, number: incidentNumber } });
      expect([incident.title, incident.severity]).toEqual(["Page: Critical refunds", "SEV1"]);
      expect(incident.description).toContain("Critical policy violations over the last 1 h: 2 (threshold > 0).");
      // A name or level change keeps it approved; a threshold change sends it back to draft.
      expect((await updateKpiRule(db, projectId, ownerId, costRule, { name: "Refunds too dear" })).status).toBe("approved");
      expect((await updateKpiRule(db, projectId, ownerId, costRule, { threshold: 0.6 })).status).toBe("draft");
      const r = await evaluate(NOW + MIN);
      expect(r.transitions.map((t) => [t.kind, t.kpiRuleId])).toEqual([["resolved", costRule]]);
      const [resolved] = (await listAlerts(db, projectId, { now: new Date(NOW + MIN) })).filter((a) => a.id === r.transitions[0].alertId);
      expect(resolved.events.at(-1)?.payload).toEqual({ reason: "rule back to draft", value: null });
    });

    it("writes are audited; another project's rule is 404", async () => {
      const audit = await db.prisma.auditLog.findMany({ where: { projectId, targetId: costRule }, orderBy: { id: "asc" } });
      expect(audit.map((a) => a.action)).toEqual(["kpi_rule.create", "kpi_rule.approve", "kpi_rule.update", "kpi_rule.update"]);
      expect([audit[3].before, audit[3].after]).toEqual([
        { threshold: 0.45, status: "approved" },
        { threshold: 0.6, status: "draft" },
      ]);
      const other = await createTestProject(db, "kpi-other");
      const err = await updateKpiRule(db, other.id, ownerId, costRule, { threshold: 1 }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).status).toBe(404);
    });
  });
});
