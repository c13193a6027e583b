// Governance (issue 18, docs/governance.md) through the route handlers, on PGlite and PostgreSQL,
// every answer checked against its declared schema (KEEL_CHECK_RESPONSES=1): runbooks keep every
// version (who, when, body), the matching rule, the flags (no owner; not reviewed in 90 days at the
// exact UTC boundary), the risk register's validation, 404s across projects and overdue logic at the
// UTC date boundary, the weekly review's risks, the ownership map, and the audit rows of each write.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { listRunbooks } from "@/lib/server/queries/runbooks";
import { listReviewRisks, listRisks } from "@/lib/server/queries/risks";
import { createApiKey, ensureUserWithRole } from "@/lib/server/services/accounts";
import { runbookApplies } from "@/lib/shared/runbooks";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";
import { harness, route, type SessionUser } from "../helpers/route-harness";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));
vi.mock("@/lib/server/auth/session", () => ({ getSessionUser: async () => session.user }));
const call = harness(session);

describe("runbookApplies (the matching rule)", () => {
  const rb = (o: Partial<Record<"workflow" | "tool" | "category" | "reason", string>>) => ({
    workflow: o.workflow ?? null,
    tool: o.tool ?? null,
    category: (o.category ?? null) as "tool_error" | null,
    reason: o.reason ?? null,
  });
  it("applies when every set attachment equals the context's value; a general runbook applies nowhere", () => {
    const ctx = { workflow: "refund-request", tool: "payments.refund", category: "tool_error" as const, reason: "timeout" };
    expect(runbookApplies(rb({ category: "tool_error", reason: "timeout" }), ctx)).toBe(true);
    expect(runbookApplies(rb({ workflow: "refund-request" }), ctx)).toBe(true);
    expect(runbookApplies(rb({ workflow: "refund-request", reason: "other" }), ctx)).toBe(false);
    expect(runbookApplies(rb({ tool: "payments.refund" }), { category: "tool_error", reason: "timeout" })).toBe(false);
    expect(runbookApplies(rb({}), ctx)).toBe(false);
  });
});

describe.each(testDatabases())("governance on $name", (target) => {
  let db: Database;
  let slug: string;
  let projectId: string;
  let other: { slug: string; id: string };
  let readKey: string;
  let ingestKey: string;
  const people = {} as Record<"viewer" | "sre" | "owner" | "leaver" | "stranger", SessionUser>;
  const as = (p: SessionUser, extra: Record<string, unknown> = {}) => ({ as: p, project: slug, ...extra });
  const audit = (action: string) => db.prisma.auditLog.count({ where: { projectId, action } });

  beforeAll(async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    db = await target.open();
    (globalThis as { __keelDb?: Promise<Database> }).__keelDb = Promise.resolve(db);
    const project = await createTestProject(db, "gov");
    slug = project.slug;
    projectId = project.id;
    const o = await createTestProject(db, "gov-other");
    other = { slug: o.slug, id: o.id };
    readKey = (await createApiKey(db, { projectId, scopes: ["read"] })).key;
    ingestKey = (await createApiKey(db, { projectId, scopes: ["ingest"] })).key;
    for (const role of ["viewer", "sre", "owner", "leaver"] as const) {
      const { user } = await ensureUserWithRole(db, { email: `${uniqueSlug(role)}@keel.test`, password: "pw-12345678", projectId, role: role === "leaver" ? "sre" : role });
      people[role] = { id: user.id, email: user.email, name: null };
    }
    const { user } = await ensureUserWithRole(db, { email: `${uniqueSlug("stranger")}@keel.test`, password: "pw-12345678", projectId: other.id, role: "owner" });
    people.stranger = { id: user.id, email: user.email, name: null };
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    (globalThis as { __keelDb?: unknown }).__keelDb = undefined;
    await db?.close();
  });

  it("runbooks: SRE writes, each edit is a version with who/when/body; viewers list without bodies", async () => {
    const list = await route("v1/runbooks");
    const one = await route("v1/runbooks/[id]");
    const versions = await route("v1/runbooks/[id]/versions");
    const body = { title: "Ticketing timeouts", body: "# Steps\n1. Check the ticketing status page", owner: people.sre.email, category: "tool_error", reason: "ticketing API timeout" };
    expect((await call(list.POST!, "/api/v1/runbooks", as(people.viewer, { body }))).status).toBe(403);
    expect((await call(list.POST!, "/api/v1/runbooks", { as: { key: readKey }, body })).status).toBe(403);
    const created = await call(list.POST!, "/api/v1/runbooks", as(people.sre, { body }));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ title: "Ticketing timeouts", version: 1, owner: people.sre.email, category: "tool_error", reason: "ticketing API timeout", workflow: null, tool: null, flags: { noOwner: false, notReviewed: false }, body: body.body });
    const id = created.body.id as string;

    const edited = await call(one.PATCH!, `/api/v1/runbooks/${id}`, as(people.leaver, { method: "PATCH", params: { id }, body: { body: "# Steps\n1. Check the status page\n2. Page the vendor" } }));
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, title: "Ticketing timeouts" });
    // An owner change alone is no new version.
    const reowned = await call(one.PATCH!, `/api/v1/runbooks/${id}`, as(people.sre, { method: "PATCH", params: { id }, body: { owner: people.leaver.email } }));
    expect(reowned.body).toMatchObject({ version: 2, owner: people.leaver.email });

    const history = await call(versions.GET!, `/api/v1/runbooks/${id}/versions`, as(people.sre, { params: { id } }));
    expect(history.status).toBe(200);
    const vs = history.body.versions as { version: number; author: string; body: string; title: string; createdAt: string }[];
    expect(vs.map((v) => [v.version, v.author, v.body])).toEqual([
      [2, people.leaver.email, "# Steps\n1. Check the status page\n2. Page the vendor"],
      [1, people.sre.email, body.body],
    ]);
    expect(Date.parse(vs[0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(vs[1]!.createdAt));

    // Viewers: the list (no body), not the body nor the versions. A read key reads bodies.
    const viewerList = await call(list.GET!, "/api/v1/runbooks", as(people.viewer));
    expect(viewerList.status).toBe(200);
    expect(viewerList.body.runbooks).toEqual([expect.objectContaining({ id, title: "Ticketing timeouts", version: 2 })]);
    expect(viewerList.body.runbooks).toEqual([expect.not.objectContaining({ body: expect.anything() })]);
    expect((await call(one.GET!, `/api/v1/runbooks/${id}`, as(people.viewer, { params: { id } }))).status).toBe(403);
    expect((await call(versions.GET!, `/api/v1/runbooks/${id}/versions`, as(people.viewer, { params: { id } }))).status).toBe(403);
    expect((await call(one.GET!, `/api/v1/runbooks/${id}`, { as: { key: readKey }, params: { id } })).body).toMatchObject({ version: 2 });
    // Another project's runbook is absent.
    expect((await call(one.GET!, `/api/v1/runbooks/${id}`, { as: people.stranger, project: other.slug, params: { id } })).status).toBe(404);
    expect((await call(one.PATCH!, `/api/v1/runbooks/${id}`, { as: people.stranger, project: other.slug, method: "PATCH", params: { id }, body: { title: "x" } })).status).toBe(404);
    // Bad input names the field.
    const bad = await call(list.POST!, "/api/v1/runbooks", as(people.sre, { body: { ...body, owner: people.stranger.email } }));
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: "owner" })]);
    const badCat = await call(list.POST!, "/api/v1/runbooks", as(people.sre, { body: { ...body, category: "nope" } }));
    expect(badCat.body.issues?.[0]?.path).toBe("category");

    expect(await audit("runbook.create")).toBe(1);
    expect(await audit("runbook.update")).toBe(2);
  });

  it("runbooks: matching filters and flags (owner unset or gone; 90 days at the UTC boundary)", async () => {
    const list = await route("v1/runbooks");
    const review = await route("v1/runbooks/[id]/review");
    const mk = async (title: string, extra: Record<string, unknown>) =>
      (await call(list.POST!, "/api/v1/runbooks", as(people.sre, { body: { title, body: "text", ...extra } }))).body.id as string;
    const wf = await mk("Refund workflow", { workflow: "refund-request", owner: people.sre.email });
    const wfReason = await mk("Refund + timeout", { workflow: "refund-request", category: "tool_error", reason: "ticketing API timeout", owner: people.sre.email });
    const tool = await mk("Payments tool", { tool: "payments.refund", owner: people.sre.email });
    const general = await mk("General on-call", {});
    const names = async (q: string) => ((await call(list.GET!, `/api/v1/runbooks${q}`, as(people.viewer))).body.runbooks as { title: string }[]).map((r) => r.title);
    expect(await names("?category=tool_error&reason=ticketing%20API%20timeout")).toEqual(["Ticketing timeouts"]);
    expect(await names("?workflow=refund-request&category=tool_error&reason=ticketing%20API%20timeout")).toEqual(["Refund + timeout", "Refund workflow", "Ticketing timeouts"]);
    expect(await names("?workflow=refund-request&tool=payments.refund")).toEqual(["Payments tool", "Refund workflow"]);
    expect(await names("")).toEqual(["General on-call", "Payments tool", "Refund + timeout", "Refund workflow", "Ticketing timeouts"]);
    expect((await call(list.GET!, "/api/v1/runbooks?category=bogus", as(people.viewer))).body.issues?.[0]?.path).toBe("category");

    // No owner: unset, or the owner left the project.
    await db.prisma.membership.delete({ where: { projectId_userId: { projectId, userId: people.leaver.id } } });
    const byTitle = async (now?: Date) => new Map((await listRunbooks(db, projectId, {}, now)).map((r) => [r.title, r]));
    let all = await byTitle();
    expect(all.get("General on-call")!.flags).toEqual({ noOwner: true, notReviewed: false });
    expect(all.get("Ticketing timeouts")!.flags).toEqual({ noOwner: true, notReviewed: false });
    expect(all.get("Refund workflow")!.flags).toEqual({ noOwner: false, notReviewed: false });

    // Reviewed 2026-09-02 (any time that UTC day): fine through 2026-12-01, flagged from 2026-12-02 00:00 UTC.
    await db.prisma.runbook.update({ where: { projectId_id: { projectId, id: tool } }, data: { lastReviewedAt: new Date("2026-09-02T23:59:59.000Z") } });
    all = await byTitle(new Date("2026-12-01T23:59:59.999Z"));
    expect(all.get("Payments tool")).toMatchObject({ reviewDueDate: "2026-12-01", flags: { noOwner: false, notReviewed: false } });
    all = await byTitle(new Date("2026-12-02T00:00:00.000Z"));
    expect(all.get("Payments tool")!.flags.notReviewed).toBe(true);
    // Mark reviewed: viewers may not; an SRE may, audited.
    expect((await call(review.POST!, `/api/v1/runbooks/${tool}/review`, as(people.viewer, { params: { id: tool } }))).status).toBe(403);
    const reviewed = await call(review.POST!, `/api/v1/runbooks/${tool}/review`, as(people.sre, { params: { id: tool } }));
    expect(reviewed.status).toBe(200);
    expect((reviewed.body as { flags: unknown }).flags).toEqual({ noOwner: false, notReviewed: false });
    expect(await audit("runbook.review")).toBe(1);
    void wf;
    void wfReason;
    void general;
  });

  it("risks: validation names the field, another project's risk is a 404, owner+ write, audited", async () => {
    const list = await route("v1/risks");
    const one = await route("v1/risks/[id]");
    const base = { title: "Refund quality drifts", category: "quality_drift", likelihood: 3, impact: 4, owner: people.owner.email, mitigation: "Weekly gold set", reviewDate: "2099-01-31" };
    const issue = async (body: Record<string, unknown>) => {
      const res = await call(list.POST!, "/api/v1/risks", as(people.owner, { body }));
      expect(res.status).toBe(400);
      return res.body.issues?.map((i) => i.path);
    };
    expect(await issue({ ...base, likelihood: 6 })).toEqual(["likelihood"]);
    expect(await issue({ ...base, impact: 0 })).toEqual(["impact"]);
    expect(await issue({ ...base, owner: people.stranger.email })).toEqual(["owner"]);
    expect(await issue({ ...base, reviewDate: "2026-02-30" })).toEqual(["reviewDate"]);
    expect(await issue({ ...base, reviewDate: "next week" })).toEqual(["reviewDate"]);
    expect(await issue({ ...base, category: "weather" })).toEqual(["category"]);
    expect(await issue({ ...base, runbookIds: ["nope"] })).toEqual(["runbookIds.0"]);
    expect((await call(list.POST!, "/api/v1/risks", as(people.sre, { body: base }))).status).toBe(403);

    const runbookId = (await listRunbooks(db, projectId))[0]!.id;
    const created = await call(list.POST!, "/api/v1/risks", as(people.owner, { body: { ...base, runbookIds: [runbookId] } }));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ score: 12, status: "open", overdue: false, links: [{ kind: "runbook", id: runbookId, label: expect.any(String) }] });
    const id = created.body.id as string;
    expect((await call(one.GET!, `/api/v1/risks/${id}`, as(people.viewer, { params: { id } }))).status).toBe(200);
    for (const method of ["GET", "PATCH", "DELETE"] as const) {
      const res = await call(one[method]!, `/api/v1/risks/${id}`, { as: people.stranger, project: other.slug, method, params: { id }, ...(method === "PATCH" ? { body: { impact: 1 } } : {}) });
      expect(res.status, method).toBe(404);
    }
    const patched = await call(one.PATCH!, `/api/v1/risks/${id}`, as(people.owner, { method: "PATCH", params: { id }, body: { likelihood: 5, reviewDate: "2020-01-01" } }));
    expect(patched.body).toMatchObject({ score: 20, reviewDate: "2020-01-01", overdue: true });
    const bad = await call(one.PATCH!, `/api/v1/risks/${id}`, as(people.owner, { method: "PATCH", params: { id }, body: { likelihood: 6 } }));
    expect(bad.body.issues?.map((i) => i.path)).toEqual(["likelihood"]);
    const overdue = await call(list.GET!, "/api/v1/risks?overdue=true", as(people.viewer));
    expect((overdue.body.risks as { id: string }[]).map((r) => r.id)).toEqual([id]);
    expect((await call(list.GET!, "/api/v1/risks?overdue=false", as(people.viewer))).body.risks).toEqual([]);
    expect((await call(list.GET!, `/api/v1/risks?owner=${encodeURIComponent(people.sre.email)}`, as(people.viewer))).body.risks).toEqual([]);
    const closed = await call(one.PATCH!, `/api/v1/risks/${id}`, as(people.owner, { method: "PATCH", params: { id }, body: { status: "closed" } }));
    expect(closed.body).toMatchObject({ overdue: false });
    const deleted = await call(one.DELETE!, `/api/v1/risks/${id}`, as(people.owner, { method: "DELETE", params: { id } }));
    expect(deleted).toEqual({ status: 200, body: { deleted: true } });
    expect((await call(one.GET!, `/api/v1/risks/${id}`, as(people.viewer, { params: { id } }))).status).toBe(404);
    expect([await audit("risk.create"), await audit("risk.update"), await audit("risk.delete")]).toEqual([1, 2, 1]);
  });

  it("risks: overdue at the UTC date boundary, and the weekly review's risks", async () => {
    const list = await route("v1/risks");
    const mk = async (title: string, reviewDate: string, extra: Record<string, unknown> = {}) =>
      (await call(list.POST!, "/api/v1/risks", as(people.owner, { body: { title, category: "cost_spike", likelihood: 2, impact: 2, owner: people.owner.email, reviewDate, ...extra } }))).body.id as string;
    await mk("Due Dec 1", "2026-12-01");
    await mk("Due Dec 2", "2026-12-02");
    await mk("Closed long ago", "2026-01-01", { status: "closed" });
    const overdueAt = async (now: string) => (await listRisks(db, projectId, { overdue: true }, new Date(now))).map((r) => r.title).sort();
    expect(await overdueAt("2026-12-01T23:59:59.999Z")).toEqual([]);
    expect(await overdueAt("2026-12-02T00:00:00.000Z")).toEqual(["Due Dec 1"]);
    expect(await overdueAt("2026-12-03T00:00:00.000Z")).toEqual(["Due Dec 1", "Due Dec 2"]);

    // An objective breached (every run fails) and a risk linked to it, reviewed far in the future.
    const runs = Array.from({ length: 4 }, (_, i) => ({
      id: `gov-run-${i}`, sessionId: `s-${i}`, workflow: "gov-flow", model: "m", promptVersion: "v1",
      startedAt: `2026-11-20T10:00:0${i}Z`, endedAt: `2026-11-20T10:00:0${i + 1}Z`, outcome: "failure",
      failure: { category: "tool_error", reason: "ticketing API timeout" }, costUsd: 0.1,
    }));
    const ingest = await route("v1/runs");
    expect((await call(ingest.POST!, "/api/v1/runs", { as: { key: ingestKey }, body: { runs } })).body).toMatchObject({ accepted: 4 });
    const objectives = await route("v1/objectives");
    const objective = await call(objectives.POST!, "/api/v1/objectives", as(people.owner, { body: { workflow: "gov-flow", sli: "success_rate", target: 0.9 } }));
    const linked = await mk("Linked to a breached objective", "2099-06-01", { objectiveIds: [objective.body.id] });
    await mk("Later", "2099-06-02");

    // Week 2026-W48 is Nov 23–29: due by Sunday Nov 29 is listed, Nov 30 is not.
    await mk("Due Nov 29", "2026-11-29", { likelihood: 5, impact: 5 });
    await mk("Due Nov 30", "2026-11-30");
    const now = new Date("2026-11-21T00:00:00.000Z");
    const rows = await listReviewRisks(db, projectId, new Date("2026-11-30T00:00:00.000Z"), now);
    expect(rows.map((r) => [r.title, r.reasons])).toEqual([
      ["Due Nov 29", ["review_due"]],
      ["Linked to a breached objective", ["objective_at_risk"]],
    ]);
    expect(rows[1]!.id).toBe(linked);
    // The review API carries them. Its "now" is the real one, so whether the objective's runs still
    // fall in its 28-day period depends on the day: only the date rule is asserted through it.
    const review = await route("v1/review");
    const res = await call(review.GET!, "/api/v1/review?week=2026-W48", as(people.viewer));
    expect(res.status).toBe(200);
    const titles = (res.body.risks as { title: string }[]).map((r) => r.title);
    expect(titles[0]).toBe("Due Nov 29");
    expect(titles.filter((t) => !["Due Nov 29", "Linked to a breached objective"].includes(t))).toEqual([]);
  });

  it("ownership: four built-in areas plus custom ones, owner+ write, 400 naming the field, audited", async () => {
    const own = await route("v1/ownership");
    const empty = await call(own.GET!, "/api/v1/ownership", as(people.viewer));
    expect((empty.body.areas as { key: string; owner: string | null }[]).map((a) => [a.key, a.owner])).toEqual([
      ["release_gates", null],
      ["policy_audit", null],
      ["acceptance_criteria", null],
      ["reliability", null],
    ]);
    const body = { areas: [{ key: "release_gates", owner: people.owner.email }, { key: "reliability", owner: people.sre.email }, { key: "data-privacy", label: "Data privacy", owner: people.viewer.email }] };
    expect((await call(own.PUT!, "/api/v1/ownership", as(people.sre, { method: "PUT", body }))).status).toBe(403);
    const bad = await call(own.PUT!, "/api/v1/ownership", as(people.owner, { method: "PUT", body: { areas: [body.areas[0], { key: "policy_audit", owner: people.stranger.email }] } }));
    expect(bad.status).toBe(400);
    expect(bad.body.issues?.map((i) => i.path)).toEqual(["areas.1.owner"]);
    const noLabel = await call(own.PUT!, "/api/v1/ownership", as(people.owner, { method: "PUT", body: { areas: [{ key: "custom", owner: null }] } }));
    expect(noLabel.body.issues?.map((i) => i.path)).toEqual(["areas.0.label"]);
    const saved = await call(own.PUT!, "/api/v1/ownership", as(people.owner, { method: "PUT", body }));
    expect(saved.status).toBe(200);
    expect((saved.body.areas as { key: string; owner: string | null; builtin: boolean }[]).map((a) => [a.key, a.owner, a.builtin])).toEqual([
      ["release_gates", people.owner.email, true],
      ["policy_audit", null, true],
      ["acceptance_criteria", null, true],
      ["reliability", people.sre.email, true],
      ["data-privacy", people.viewer.email, false],
    ]);
    expect((await call(own.GET!, "/api/v1/ownership", { as: { key: readKey } })).body.areas).toHaveLength(5);
    expect((await call(own.GET!, "/api/v1/ownership", { as: people.stranger, project: other.slug })).body.areas).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: "release_gates", owner: null })]),
    );
    const row = await db.prisma.auditLog.findFirst({ where: { projectId, action: "ownership.update" } });
    expect(row?.actorUserId).toBe(people.owner.id);
    expect(row?.after).toMatchObject({ release_gates: people.owner.email, reliability: people.sre.email, "data-privacy": people.viewer.email, policy_audit: null });
  });
});
