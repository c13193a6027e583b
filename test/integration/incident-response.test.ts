// Incident response (issue 18) through its route handlers, on PGlite and PostgreSQL, every JSON
// answer checked against its declared schema (KEEL_CHECK_RESPONSES=1): a scripted incident's
// timeline in order with its actors (people, an alert, a gate; release stage changes inside the
// window merged in, those outside left out), a stakeholder update with the exact impact numbers of
// hand-built runs, a postmortem draft naming the fix items, draft → publish → read-only, the tiers'
// targets at their exact boundaries, bad input (400 naming the field) and another project's incident (404).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { sqlTransaction } from "@/lib/server/db/handle";
import { ingestRuns } from "@/lib/server/ingest";
import { ensureUserWithRole } from "@/lib/server/services/accounts";
import { insertIncidentSql } from "@/lib/server/services/alert-incident";
import { createFixItem } from "@/lib/server/services/fix-items";
import { recordReleaseEvent } from "@/lib/server/services/release-events";
import { DEFAULT_SEVERITY_TIERS, markdownToPlainText, renderTemplate, responseTargets, type TargetEvent } from "@/lib/shared/incident-response";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";
import { harness, route, type SessionUser } from "../helpers/route-harness";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));
vi.mock("@/lib/server/auth/session", () => ({ getSessionUser: async () => session.user }));
const call = harness(session);

const T0 = Date.parse("2026-11-10T12:00:00.000Z");
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe("response targets at their boundaries (SEV1: acknowledge within 15 min, update every 30)", () => {
  const tier = DEFAULT_SEVERITY_TIERS.SEV1;
  const inc = { severity: "SEV1" as const, openedAt: iso(T0), resolvedAt: null };
  const ev = (kind: string, ms: number, byPerson = true, payload: Record<string, unknown> | null = null): TargetEvent => ({ kind, at: iso(T0 + ms), byPerson, payload });

  it("acknowledged exactly at the target is met; a millisecond later is missed", () => {
    expect(responseTargets(inc, tier, [ev("note", 15 * MIN)], new Date(T0 + 60 * MIN)).acknowledge).toMatchObject({ state: "met", acknowledgedAt: iso(T0 + 15 * MIN) });
    expect(responseTargets(inc, tier, [ev("note", 15 * MIN + 1)], new Date(T0 + 60 * MIN)).acknowledge.state).toBe("missed");
  });
  it("not yet acknowledged: pending up to the due time, missed after; Keel's events and removing the commander do not count", () => {
    const keel = [ev("runs_linked", 1 * MIN, false), ev("status", 2 * MIN, false), ev("owner", 3 * MIN, true, { from: { email: "a@b.co" }, to: null })];
    expect(responseTargets(inc, tier, keel, new Date(T0 + 15 * MIN)).acknowledge).toMatchObject({ state: "pending", acknowledgedAt: null, dueAt: iso(T0 + 15 * MIN) });
    expect(responseTargets(inc, tier, keel, new Date(T0 + 15 * MIN + 1)).acknowledge.state).toBe("missed");
    expect(responseTargets(inc, tier, [...keel, ev("owner", 4 * MIN, true, { from: null, to: { email: "a@b.co" } })], new Date(T0 + 20 * MIN)).acknowledge.state).toBe("met");
  });
  it("updates: exactly every 30 min is on time; one a millisecond late is flagged; none past due is overdue", () => {
    const onTime = responseTargets(inc, tier, [ev("update_sent", 30 * MIN), ev("update_sent", 60 * MIN)], new Date(T0 + 90 * MIN)).updates;
    expect(onTime).toMatchObject({ state: "met", overdue: false, nextDueAt: iso(T0 + 90 * MIN) });
    expect(onTime.sent.map((s) => s.late)).toEqual([false, false]);
    const late = responseTargets(inc, tier, [ev("update_sent", 30 * MIN), ev("update_sent", 60 * MIN + 1)], new Date(T0 + 61 * MIN)).updates;
    expect(late.sent.map((s) => [s.dueAt, s.late])).toEqual([
      [iso(T0 + 30 * MIN), false],
      [iso(T0 + 60 * MIN), true],
    ]);
    expect(late.state).toBe("missed");
    expect(responseTargets(inc, tier, [], new Date(T0 + 30 * MIN)).updates).toMatchObject({ overdue: false, state: "met" });
    expect(responseTargets(inc, tier, [], new Date(T0 + 30 * MIN + 1)).updates).toMatchObject({ overdue: true, state: "missed" });
  });
  it("resolved: no next update; a gap over the cadence before resolving is missed; SEV4 has no cadence", () => {
    const resolved = { ...inc, resolvedAt: iso(T0 + 30 * MIN) };
    expect(responseTargets(resolved, tier, [], new Date(T0 + 999 * MIN)).updates).toMatchObject({ nextDueAt: null, overdue: false, state: "met" });
    expect(responseTargets({ ...inc, resolvedAt: iso(T0 + 30 * MIN + 1) }, tier, [], new Date(T0 + 999 * MIN)).updates.state).toBe("missed");
    expect(responseTargets({ ...inc, severity: "SEV4" }, DEFAULT_SEVERITY_TIERS.SEV4, [], new Date(T0 + 9999 * MIN)).updates).toMatchObject({ state: "none", nextDueAt: null });
  });
  it("templates fill placeholders; plain text drops the Markdown", () => {
    expect(renderTemplate("**{{severity}}** {{nope}}", { severity: "SEV1" } as never)).toBe("**SEV1** {{nope}}");
    expect(markdownToPlainText("### Title\n\n- **a** [link](https://x.y) `code`")).toBe("Title\n\n- a link code");
  });
});

describe.each(testDatabases())("incident response API on $name", (target) => {
  let db: Database;
  let slug: string;
  let projectId: string;
  let otherSlug: string;
  const people = {} as Record<"viewer" | "sre" | "sre2" | "owner", SessionUser>;

  const run = (id: string, ms: number, over: Record<string, unknown> = {}) => ({
    id,
    sessionId: `s-${id}`,
    workflow: "refund",
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: iso(ms),
    endedAt: iso(ms + 1000),
    outcome: "success",
    costUsd: 0.01,
    toolCalls: [],
    ...over,
  });
  const failR = { outcome: "failure", failure: { category: "tool_error", reason: "ticketing API timeout" } };

  beforeAll(async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    db = await target.open();
    (globalThis as { __keelDb?: Promise<Database> }).__keelDb = Promise.resolve(db);
    const project = await createTestProject(db, "inc-resp");
    slug = project.slug;
    projectId = project.id;
    const other = await createTestProject(db, "inc-resp-other");
    otherSlug = other.slug;
    for (const role of ["viewer", "sre", "sre2", "owner"] as const) {
      const { user } = await ensureUserWithRole(db, {
        email: `${uniqueSlug(role)}@keel.test`,
        password: "pw-12345678",
        name: `The ${role}`,
        projectId,
        role: role === "sre2" ? "sre" : role,
      });
      people[role] = { id: user.id, email: user.email, name: `The ${role}` };
      await ensureUserWithRole(db, { email: user.email, password: "pw-12345678", projectId: other.id, role: "owner" });
    }
    // Hand-built runs around the impact window [T0, T0 + 2 h) and the week before it.
    await ingestRuns(db, projectId, [
      // window, workflow refund: 4 failures of the incident's reason (sessions a, a, b, c), 1 other failure, 2 escalated, 3 successes
      run("w1", T0 + 1 * MIN, { ...failR, sessionId: "a" }),
      run("w2", T0 + 2 * MIN, { ...failR, sessionId: "a" }),
      run("w3", T0 + 3 * MIN, { ...failR, sessionId: "b" }),
      run("w4", T0 + 4 * MIN, { ...failR, sessionId: "c" }),
      run("w5", T0 + 5 * MIN, { outcome: "failure", failure: { category: "model_failure", reason: "bad JSON" }, sessionId: "d" }),
      run("w6", T0 + 6 * MIN, { outcome: "escalated", escalation: { reason: "high-impact action" }, sessionId: "e" }),
      run("w7", T0 + 7 * MIN, { outcome: "escalated", escalation: { reason: "high-impact action" }, sessionId: "f" }),
      run("w8", T0 + 8 * MIN, { sessionId: "g" }),
      run("w9", T0 + 9 * MIN, { sessionId: "h" }),
      run("w10", T0 + 119 * MIN, { sessionId: "i" }),
      // out of scope: another workflow, and the window's end (exclusive)
      run("x1", T0 + 10 * MIN, { ...failR, workflow: "billing", sessionId: "x" }),
      run("x2", T0 + 120 * MIN, { ...failR, sessionId: "y" }),
      // the week before: 2 failures of the reason (one is the linked run, 10 minutes before opening), 3 successes
      run("b1", T0 - 2 * 86_400_000, { ...failR, sessionId: "p" }),
      run("b2", T0 - 3 * 86_400_000, { sessionId: "q" }),
      run("b3", T0 - 4 * 86_400_000, { sessionId: "r" }),
      run("b4", T0 - 5 * 86_400_000, { sessionId: "s" }),
      run("linked", T0 - 10 * MIN, { ...failR, sessionId: "z" }),
      // before the week: not counted
      run("old", T0 - 8 * 86_400_000, { ...failR, sessionId: "o" }),
    ]);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    (globalThis as { __keelDb?: unknown }).__keelDb = undefined;
    await db?.close();
  });

  /** Pins an incident's clock: openedAt = T0, its events one minute apart in the order written, resolved at the last. */
  async function pinClock(number: number) {
    const inc = await db.prisma.incident.findUniqueOrThrow({ where: { projectId_number: { projectId, number } }, select: { id: true, resolvedAt: true } });
    const events = await db.prisma.incidentEvent.findMany({ where: { incidentId: inc.id }, orderBy: { id: "asc" }, select: { id: true } });
    for (const [i, e] of events.entries()) await db.prisma.incidentEvent.update({ where: { id: e.id }, data: { at: new Date(T0 + i * MIN) } });
    const last = new Date(T0 + (events.length - 1) * MIN);
    await db.prisma.incident.update({ where: { id: inc.id }, data: { openedAt: new Date(T0), ...(inc.resolvedAt ? { resolvedAt: last, mitigatedAt: last } : {}) } });
  }

  const inc = (n: number, rest = "") => `/api/v1/incidents/${n}${rest}`;

  it("the timeline of a scripted incident holds every event in order with its actor; releases outside the window are left out", async () => {
    const create = (await route("v1/incidents")).POST!;
    const patch = (await route("v1/incidents/[number]")).PATCH!;
    const created = await call(create, "/api/v1/incidents", {
      as: people.sre,
      project: slug,
      body: { title: "Ticketing timeouts", severity: "SEV3", failureCategory: "tool_error", failureReason: "ticketing API timeout" },
    });
    expect(created.status).toBe(201);
    const n = created.body.number as number;
    const p = { number: String(n) };
    expect((await call(patch, inc(n), { as: people.sre, project: slug, params: p, method: "PATCH", body: { severity: "SEV2" } })).status).toBe(200);
    expect((await call(patch, inc(n), { as: people.sre, project: slug, params: p, method: "PATCH", body: { ownerEmail: people.sre.email } })).status).toBe(200);
    expect((await call((await route("v1/incidents/[number]/runs")).POST!, inc(n, "/runs"), { as: people.sre, project: slug, params: p, body: { runIds: ["linked", "w1"] } })).status).toBe(200);
    expect((await call((await route("v1/incidents/[number]/notes")).POST!, inc(n, "/notes"), { as: people.sre, project: slug, params: p, body: { body: "Vendor is down" } })).status).toBe(201);
    const sent = await call((await route("v1/incidents/[number]/updates")).POST!, inc(n, "/updates"), { as: people.sre, project: slug, params: p, body: { audience: "executives" } });
    expect(sent.status).toBe(201);
    expect(sent.body.sentBy).toEqual({ email: people.sre.email, name: "The sre" });
    const fix = await call((await route("v1/incidents/[number]/fix-items")).POST!, inc(n, "/fix-items"), {
      as: people.owner,
      project: slug,
      params: p,
      body: { category: "tool_error", reason: "ticketing API timeout", owner: people.sre.email, dueDate: "2026-12-20" },
    });
    expect(fix.status).toBe(201);
    expect((await call(patch, inc(n), { as: people.sre, project: slug, params: p, method: "PATCH", body: { status: "resolved" } })).status).toBe(200);
    await pinClock(n); // opened T0 … resolved T0 + 7 min
    const stage = async (ms: number, stage: "canary" | "full" | "rolled_back") =>
      recordReleaseEvent(db, projectId, "gpt-4.1@v2", { stage, trafficPercent: null, at: new Date(ms), eventId: null, source: "keel" }, { type: "api_key", apiKeyId: "k1" }, "key_k1");
    await stage(T0 - MIN, "canary"); // before the window
    await stage(T0 + 150_000, "rolled_back"); // inside, between the commander and the runs linked
    await stage(T0 + 8 * MIN, "full"); // after it was resolved

    const res = await call((await route("v1/incidents/[number]/timeline")).GET!, inc(n, "/timeline"), { as: people.sre, project: slug, params: p });
    expect(res.status).toBe(200);
    const events = res.body.events as Array<{ at: string; kind: string; actor: { type: string; email?: string; id?: string }; details: Record<string, unknown>; body: string | null }>;
    const sre = { type: "person", email: people.sre.email };
    expect(events.map((e) => [e.kind, e.at, e.actor.type, e.actor.email ?? e.actor.id])).toEqual([
      ["opened", iso(T0), "person", sre.email],
      ["severity", iso(T0 + MIN), "person", sre.email],
      ["owner", iso(T0 + 2 * MIN), "person", sre.email],
      ["release_stage", iso(T0 + 150_000), "system", "key_k1"],
      ["runs_linked", iso(T0 + 3 * MIN), "person", sre.email],
      ["note", iso(T0 + 4 * MIN), "person", sre.email],
      ["update_sent", iso(T0 + 5 * MIN), "person", sre.email],
      ["fix_item_created", iso(T0 + 6 * MIN), "person", people.owner.email],
      ["status", iso(T0 + 7 * MIN), "person", sre.email],
    ]);
    expect(events[1]!.details).toEqual({ from: "SEV3", to: "SEV2" });
    expect(events[3]!.details).toMatchObject({ release: "gpt-4.1@v2", stage: "rolled_back" });
    expect(events[4]!.details).toEqual({ runIds: ["linked", "w1"] });
    expect(events[5]!.body).toBe("Vendor is down");
    expect(events[6]!.details).toEqual({ audience: "executives" });
    expect(events[7]!.details).toMatchObject({ fixItemId: fix.body.id, owner: people.sre.email, dueDate: "2026-12-20" });
    expect(events[8]!.details).toEqual({ from: "open", to: "resolved" });
    // SEV2: acknowledged (commander) at 2 min ≤ 30; the update at 5 min ≤ 60; resolved at 7 min.
    expect(res.body.targets).toMatchObject({
      severity: "SEV2",
      acknowledge: { state: "met", acknowledgedAt: iso(T0 + 2 * MIN), withinMinutes: 30 },
      updates: { state: "met", everyMinutes: 60, overdue: false, nextDueAt: null, sent: [{ at: iso(T0 + 5 * MIN), late: false }] },
    });
    // A viewer reads it, without the run ids.
    const asViewer = await call((await route("v1/incidents/[number]/timeline")).GET!, inc(n, "/timeline"), { as: people.viewer, project: slug, params: p });
    expect(asViewer.status).toBe(200);
    expect((asViewer.body.events as typeof events)[4]!.details).toEqual({ count: 2 });
  });

  it("incidents opened by an alert or a release gate name them as the actor", async () => {
    const numbers = await sqlTransaction(db, async (tx) => [
      (await insertIncidentSql(tx, { projectId, title: "Page: refund success", severity: "SEV1", description: "", userId: null, now: new Date(T0), systemLabel: "alert evaluator", opened: { alertId: "al-1" } })).number,
      (await insertIncidentSql(tx, { projectId, title: "Rollback gpt-4.1@v2", severity: "SEV2", description: "", userId: null, now: new Date(T0), systemLabel: "rollback trigger", opened: { release: "gpt-4.1@v2", stage: "canary" }, runs: [] })).number,
    ]);
    const get = (await route("v1/incidents/[number]/timeline")).GET!;
    const alert = await call(get, inc(numbers[0]!, "/timeline"), { as: people.sre, project: slug, params: { number: String(numbers[0]) } });
    expect((alert.body.events as Array<{ kind: string; actor: unknown }>)[0]).toMatchObject({ kind: "opened", actor: { type: "alert", id: "al-1" } });
    const gate = await call(get, inc(numbers[1]!, "/timeline"), { as: people.sre, project: slug, params: { number: String(numbers[1]) } });
    expect((gate.body.events as Array<{ kind: string; actor: unknown }>)[0]).toMatchObject({ kind: "opened", actor: { type: "gate", id: "gpt-4.1@v2" } });
  });

  it("a stakeholder update holds the exact impact numbers of the window vs the week before; the postmortem draft names the fix items", async () => {
    // Incident #1 of the first test: opened T0, resolved T0 + 7 min; widen its window to two hours.
    await db.prisma.incident.update({ where: { projectId_number: { projectId, number: 1 } }, data: { resolvedAt: new Date(T0 + 120 * MIN), mitigatedAt: new Date(T0 + 60 * MIN) } });
    const p = { number: "1" };
    const preview = await call((await route("v1/incidents/[number]/updates/preview")).GET!, inc(1, "/updates/preview?audience=engineering"), { as: people.sre, project: slug, params: p });
    expect(preview.status).toBe(200);
    expect(preview.body.impact).toEqual({
      window: { from: iso(T0), to: iso(T0 + 120 * MIN) },
      baseline: { from: iso(T0 - 7 * 86_400_000), to: iso(T0) },
      workflows: ["refund"],
      failure: { category: "tool_error", reason: "ticketing API timeout" },
      current: { runs: 10, sessions: 9, affectedRuns: 4, affectedSessions: 3, successRate: 0.3, escalationRate: 0.2 },
      previous: { runs: 5, sessions: 5, affectedRuns: 2, affectedSessions: 2, successRate: 0.6, escalationRate: 0 },
    });
    const md = preview.body.markdown as string;
    expect(md).toContain("- Runs in scope: 10 (week before: 5)");
    expect(md).toContain("- Affected runs: 4 in 3 sessions (week before: 2)");
    expect(md).toContain("- Success rate: 30.0% (week before: 60.0%)");
    expect(md).toContain("- Escalation rate: 20.0% (week before: 0.0%)");
    expect(md).toContain("- Window: 2026-11-10 12:00 UTC → 2026-11-10 14:00 UTC");
    expect(md).toContain(`- Commander: The sre`);
    expect(md).toContain("- Next update: no further updates scheduled");
    expect(preview.body.text).toContain("Runs in scope: 10 (week before: 5)");
    // Marked sent without a body: the rendered template is what is kept.
    const sent = await call((await route("v1/incidents/[number]/updates")).POST!, inc(1, "/updates"), { as: people.sre, project: slug, params: p, body: { audience: "engineering" } });
    expect(sent.body.body).toBe(md);
    const list = await call((await route("v1/incidents/[number]/updates")).GET!, inc(1, "/updates"), { as: people.viewer, project: slug, params: p });
    expect((list.body.updates as Array<{ audience: string }>).map((u) => u.audience)).toEqual(["executives", "engineering"]);

    // A second fix item for the same failure, made on the fix-items page, is an action item too.
    await createFixItem(db, projectId, people.owner.id, { category: "tool_error", reason: "ticketing API timeout", owner: people.owner.email, dueDate: "2026-12-31" });
    const pm = await call((await route("v1/incidents/[number]/postmortem")).GET!, inc(1, "/postmortem"), { as: people.viewer, project: slug, params: p });
    expect(pm.status).toBe(200);
    expect(pm.body).toMatchObject({ status: "draft", saved: false });
    const draft = pm.body.body as string;
    expect(draft).toContain(`- [ ] tool error · ticketing API timeout — owner ${people.sre.email}, due 2026-12-20 (open)`);
    expect(draft).toContain(`- [ ] tool error · ticketing API timeout — owner ${people.owner.email}, due 2026-12-31 (open)`);
    expect(draft).toContain("- Time to detect (first affected run → opened): 10 m 00 s");
    expect(draft).toContain("- Time to mitigate (opened → mitigated): 1 h 00 m");
    expect(draft).toContain("- Time to resolve (opened → resolved): 2 h 00 m");
    expect(draft).toContain("- tool error · ticketing API timeout — 5 runs");
    expect(draft).toContain("- model failure · bad JSON — 1 runs");
    expect(draft).toContain(`- 2026-11-10 12:04 UTC — The sre added a note: “Vendor is down”`);
  });

  it("postmortem: the commander saves the draft, another SRE may not, an owner publishes, then it is read-only and downloads as Markdown", async () => {
    const { GET, PUT } = await route("v1/incidents/[number]/postmortem");
    const publish = (await route("v1/incidents/[number]/postmortem/publish")).POST!;
    const p = { number: "1" };
    const put = (as: SessionUser, body: unknown) => call(PUT!, inc(1, "/postmortem"), { as, project: slug, params: p, method: "PUT", body });
    expect((await put(people.sre2, { body: "# mine" })).status).toBe(403);
    expect((await put(people.viewer, { body: "# mine" })).status).toBe(403);
    const empty = await put(people.sre, { body: "  " });
    expect([empty.status, empty.body.issues]).toEqual([400, [{ path: "body", message: "must not be empty" }]]);
    const saved = await put(people.sre, { body: "# Postmortem\n\nVendor outage." });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ status: "draft", saved: true, body: "# Postmortem\n\nVendor outage.", updatedBy: { email: people.sre.email } });
    expect((await call(publish, inc(1, "/postmortem/publish"), { as: people.sre, project: slug, params: p, method: "POST" })).status).toBe(403);
    const pub = await call(publish, inc(1, "/postmortem/publish"), { as: people.owner, project: slug, params: p, method: "POST" });
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ status: "published", publishedBy: { email: people.owner.email }, body: "# Postmortem\n\nVendor outage." });
    expect((await put(people.owner, { body: "# changed" })).status).toBe(409);
    expect((await call(publish, inc(1, "/postmortem/publish"), { as: people.owner, project: slug, params: p, method: "POST" })).status).toBe(409);
    const file = await call(GET!, inc(1, "/postmortem?format=markdown"), { as: people.viewer, project: slug, params: p });
    expect(file.status).toBe(200);
    expect(file.text).toBe("# Postmortem\n\nVendor outage.\n");
    const audit = await db.prisma.auditLog.findMany({ where: { projectId, action: { startsWith: "postmortem." } }, orderBy: { at: "asc" }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(["postmortem.save", "postmortem.publish"]);
  });

  it("tiers and templates: defaults, owner edits (audited), bad input 400 naming the field, SREs may not", async () => {
    const tiersRoute = await route("v1/settings/severities");
    const got = await call(tiersRoute.GET!, "/api/v1/settings/severities", { as: people.viewer, project: slug });
    expect(got.body).toMatchObject({ isDefault: true, tiers: { SEV1: { acknowledgeWithinMinutes: 15, updateEveryMinutes: 30 }, SEV4: { updateEveryMinutes: null } } });
    const tiers = structuredClone(DEFAULT_SEVERITY_TIERS);
    const put = (as: SessionUser, body: unknown) => call(tiersRoute.PUT!, "/api/v1/settings/severities", { as, project: slug, method: "PUT", body });
    expect((await put(people.sre, { tiers })).status).toBe(403);
    const bad = await put(people.owner, { tiers: { ...tiers, SEV2: { ...tiers.SEV2, acknowledgeWithinMinutes: 0 } } });
    expect([bad.status, bad.body.issues?.map((i) => i.path)]).toEqual([400, ["tiers.SEV2.acknowledgeWithinMinutes"]]);
    const { SEV4: _, ...three } = tiers;
    expect((await put(people.owner, { tiers: three })).body.issues?.map((i) => i.path)).toEqual(["tiers.SEV4"]);
    const ok = await put(people.owner, { tiers: { ...tiers, SEV2: { ...tiers.SEV2, acknowledgeWithinMinutes: 1 } } });
    expect(ok.body).toMatchObject({ isDefault: false, tiers: { SEV2: { acknowledgeWithinMinutes: 1 } } });
    // Incident #1 was acknowledged 2 minutes after opening: with a 1-minute target it is now missed.
    const t = await call((await route("v1/incidents/[number]/timeline")).GET!, inc(1, "/timeline"), { as: people.sre, project: slug, params: { number: "1" } });
    expect(t.body.targets).toMatchObject({ acknowledge: { state: "missed", withinMinutes: 1 } });

    const tpl = await route("v1/settings/update-templates");
    const putTpl = (body: unknown) => call(tpl.PUT!, "/api/v1/settings/update-templates", { as: people.owner, project: slug, method: "PUT", body });
    const templates = { executives: "E {{severity}}", support: "S {{bogus}}", engineering: "Eng" };
    const badTpl = await putTpl({ templates });
    expect([badTpl.status, badTpl.body.issues]).toEqual([400, [{ path: "templates.support", message: "unknown placeholder {{bogus}}" }]]);
    expect((await putTpl({ templates: { ...templates, support: "S" } })).status).toBe(200);
    const preview = await call((await route("v1/incidents/[number]/updates/preview")).GET!, inc(1, "/updates/preview?audience=executives"), { as: people.sre, project: slug, params: { number: "1" } });
    expect(preview.body.markdown).toBe("E SEV2");
    const audit = await db.prisma.auditLog.findMany({ where: { projectId, action: { in: ["severity_tiers.update", "update_templates.update"] } }, select: { action: true } });
    expect(audit.map((a) => a.action).sort()).toEqual(["severity_tiers.update", "update_templates.update"]);
  });

  it("bad input names the field; another project's incident is a 404", async () => {
    const p = { number: "1" };
    const post = (await route("v1/incidents/[number]/updates")).POST!;
    const bad = await call(post, inc(1, "/updates"), { as: people.sre, project: slug, params: p, body: { audience: "board" } });
    expect([bad.status, bad.body.issues?.map((i) => i.path)]).toEqual([400, ["audience"]]);
    expect((await call(post, inc(1, "/updates"), { as: people.viewer, project: slug, params: p, body: { audience: "support" } })).status).toBe(403);
    const prev = await call((await route("v1/incidents/[number]/updates/preview")).GET!, inc(1, "/updates/preview"), { as: people.sre, project: slug, params: p });
    expect([prev.status, prev.body.issues?.map((i) => i.path)]).toEqual([400, ["audience"]]);
    const fix = await call((await route("v1/incidents/[number]/fix-items")).POST!, inc(1, "/fix-items"), {
      as: people.owner,
      project: slug,
      params: p,
      body: { category: "tool_error", reason: "x", owner: people.owner.email, dueDate: "2026-02-30" },
    });
    expect([fix.status, fix.body.issues?.map((i) => i.path)]).toEqual([400, ["dueDate"]]);
    expect((await call((await route("v1/incidents/[number]/fix-items")).POST!, inc(1, "/fix-items"), { as: people.sre, project: slug, params: p, body: {} })).status).toBe(403);
    // The same people are owners of the other project, which has no incident #1.
    for (const [file, url] of [
      ["v1/incidents/[number]/timeline", "/timeline"],
      ["v1/incidents/[number]/updates", "/updates"],
      ["v1/incidents/[number]/postmortem", "/postmortem"],
    ] as const) {
      const res = await call((await route(file)).GET!, inc(1, url), { as: people.owner, project: otherSlug, params: p });
      expect([file, res.status]).toEqual([file, 404]);
    }
    const other = await call(post, inc(1, "/updates"), { as: people.owner, project: otherSlug, params: p, body: { audience: "support" } });
    expect(other.status).toBe(404);
    const pub = await call((await route("v1/incidents/[number]/postmortem/publish")).POST!, inc(1, "/postmortem/publish"), { as: people.owner, project: otherSlug, params: p, method: "POST" });
    expect(pub.status).toBe(404);
  });
});
