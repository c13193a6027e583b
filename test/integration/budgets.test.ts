// Workflow budgets (issue 17), on PGlite and PostgreSQL, through the route handlers with every
// answer checked against its schema (KEEL_CHECK_RESPONSES=1): budgets set through the API, a dataset
// with known breaches (and runs exactly at each limit) stored with exact breach rows, the runs-list
// filter budgetBreached= combined with the others, GET /api/v1/runs/{id} budgetBreaches, a duplicate
// re-send changing nothing, a changed budget applying to new runs only until re-evaluation (exact
// new counts, chunked), an OTLP rebuild re-evaluated, 400s naming fields, 403s, and the audit rows.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { ingestOtelSpans } from "@/lib/server/otel";
import { decode } from "@/lib/server/otel/body";
import { getRunAsSent } from "@/lib/server/queries/runs-read";
import { listKnownWorkflows } from "@/lib/server/queries/budgets";
import { reevaluateBudgets } from "@/lib/server/services/budgets";
import { createApiKey, ensureUserWithRole } from "@/lib/server/services/accounts";
import { toOtlpJson, type FixtureSpan } from "@/test/helpers/otlp";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";
import { harness, route, type SessionUser } from "../helpers/route-harness";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));
vi.mock("@/lib/server/auth/session", () => ({ getSessionUser: async () => session.user }));
const call = harness(session);

const T0 = Date.parse("2026-11-02T09:00:00.000Z");
const DAY = 86_400_000;

interface Spec {
  workflow: string;
  minute: number;
  calls: number;
  durationMs: number;
  costUsd: number;
  usage?: [number, number];
}
function run(id: string, s: Spec) {
  const start = T0 + s.minute * 60_000;
  return {
    id,
    sessionId: `s-${id}`,
    workflow: s.workflow,
    model: "gpt-4.1",
    promptVersion: "v12",
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + s.durationMs).toISOString(),
    outcome: "success",
    costUsd: s.costUsd,
    ...(s.usage ? { usage: { inputTokens: s.usage[0], outputTokens: s.usage[1] } } : {}),
    toolCalls: Array.from({ length: s.calls }, (_, i) => ({
      name: `tool.${i}`,
      startedAt: new Date(start + i * 10).toISOString(),
      endedAt: new Date(start + i * 10 + 5).toISOString(),
      status: "ok",
    })),
  };
}

// refund-request: ≤ 3 calls, ≤ 60 s, ≤ 2,000 tokens, ≤ $0.50; triage: ≤ $1; other: no budget.
const RUNS = [
  run("at-limits", { workflow: "refund-request", minute: 0, calls: 3, durationMs: 60_000, costUsd: 0.5, usage: [1500, 500] }),
  run("calls-over", { workflow: "refund-request", minute: 1, calls: 4, durationMs: 10_000, costUsd: 0.25, usage: [10, 10] }),
  run("all-over", { workflow: "refund-request", minute: 2, calls: 5, durationMs: 90_000, costUsd: 0.75, usage: [1500, 600] }),
  run("no-usage", { workflow: "refund-request", minute: 3, calls: 1, durationMs: 30_000, costUsd: 0.5 }),
  run("triage-over", { workflow: "triage", minute: 4, calls: 10, durationMs: 1000, costUsd: 1.5 }),
  // Same start as triage-over: the re-evaluation's chunks must neither skip nor repeat either.
  run("triage-ok", { workflow: "triage", minute: 4, calls: 10, durationMs: 1000, costUsd: 1 }),
  run("other", { workflow: "other", minute: 5, calls: 50, durationMs: 500_000, costUsd: 100 }),
];

describe.each(testDatabases())("workflow budgets on $name", (target) => {
  let db: Database;
  let slug: string;
  let projectId: string;
  let keys: { ingest: string; read: string };
  const people = {} as Record<"viewer" | "sre" | "owner" | "admin", SessionUser>;
  let routes: Record<"list" | "one" | "reevaluate" | "runs" | "run", Awaited<ReturnType<typeof route>>>;

  beforeAll(async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    db = await target.open();
    (globalThis as { __keelDb?: Promise<Database> }).__keelDb = Promise.resolve(db);
    const project = await createTestProject(db, "budgets");
    slug = project.slug;
    projectId = project.id;
    keys = {
      ingest: (await createApiKey(db, { projectId, scopes: ["ingest"] })).key,
      read: (await createApiKey(db, { projectId, scopes: ["read"] })).key,
    };
    for (const role of ["viewer", "sre", "owner", "admin"] as const) {
      const { user } = await ensureUserWithRole(db, { email: `${uniqueSlug(role)}@keel.test`, password: "pw-12345678", projectId, role });
      people[role] = { id: user.id, email: user.email, name: null };
    }
    routes = {
      list: await route("v1/settings/budgets"),
      one: await route("v1/settings/budgets/[workflow]"),
      reevaluate: await route("v1/settings/budgets/reevaluate"),
      runs: await route("v1/runs"),
      run: await route("v1/runs/[id]"),
    };
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    (globalThis as { __keelDb?: unknown }).__keelDb = undefined;
    await db?.close();
  });

  const put = (workflow: string, body: unknown, as: SessionUser | { key: string } = people.owner) =>
    call(routes.one.PUT!, `/api/v1/settings/budgets/${encodeURIComponent(workflow)}`, { as, project: slug, method: "PUT", body, params: { workflow } });
  const del = (workflow: string, as: SessionUser | { key: string } = people.owner) =>
    call(routes.one.DELETE!, `/api/v1/settings/budgets/${encodeURIComponent(workflow)}`, { as, project: slug, method: "DELETE", params: { workflow } });
  const reevaluate = (body: unknown, as: SessionUser | { key: string } = people.admin) =>
    call(routes.reevaluate.POST!, "/api/v1/settings/budgets/reevaluate", { as, project: slug, body });
  const list = async (q: string) => {
    const res = await call(routes.runs.GET!, `/api/v1/runs?${q}&limit=200`, { as: { key: keys.read } });
    expect(res.status, q).toBe(200);
    return (res.body.runs as { id: string }[]).map((r) => r.id).sort();
  };
  const breachRows = () =>
    db.sql.query<{ id: string; limit: string; actual: number; maximum: number; sameStart: boolean }>(
      `SELECT r."id", b."limit"::text AS "limit", b."actual", b."maximum", b."runStartedAt" = r."startedAt" AS "sameStart"
       FROM "run_budget_breaches" b JOIN "runs" r ON r."pk" = b."runPk" AND r."projectId" = b."projectId"
       WHERE b."projectId" = $1 ORDER BY r."id", b."limit"`,
      [projectId],
    );

  it("readers list no budgets; owners and admins set them (audited); others may not", async () => {
    expect(await call(routes.list.GET!, "/api/v1/settings/budgets", { as: people.viewer, project: slug })).toEqual({ status: 200, body: { budgets: [] } });
    const limits = { maxToolCalls: 3, maxDurationMs: 60_000, maxTokens: 2000, maxCostUsd: 0.5 };
    for (const as of [people.viewer, people.sre, { key: keys.read }, { key: keys.ingest }]) {
      expect((await put("refund-request", limits, as)).status).toBe(403);
      expect((await del("refund-request", as)).status).toBe(403);
      expect((await reevaluate({ from: new Date(T0).toISOString(), to: new Date(T0 + DAY).toISOString() }, as)).status).toBe(403);
    }
    expect(await put("refund-request", limits)).toEqual({ status: 200, body: { workflow: "refund-request", ...limits, updatedAt: expect.any(String) } });
    expect((await put("triage", { maxCostUsd: 1, maxTokens: null }, people.admin)).body).toMatchObject({ workflow: "triage", maxToolCalls: null, maxCostUsd: 1 });
    // A workflow with no runs yet may have a budget (its runs may arrive later).
    expect((await put("not-yet", { maxToolCalls: 7 })).status).toBe(200);
    const listed = await call(routes.list.GET!, "/api/v1/settings/budgets", { as: { key: keys.read } });
    expect((listed.body.budgets as { workflow: string }[]).map((b) => b.workflow)).toEqual(["not-yet", "refund-request", "triage"]);
    expect((await del("not-yet")).status).toBe(204);
    expect((await del("not-yet")).status).toBe(404);
    const audit = await db.prisma.auditLog.findMany({ where: { projectId, targetType: "workflow_budget" }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.action, a.targetId, a.before, a.after])).toEqual([
      ["workflow_budget.update", "refund-request", null, { workflow: "refund-request", ...limits }],
      ["workflow_budget.update", "triage", null, { workflow: "triage", maxToolCalls: null, maxDurationMs: null, maxTokens: null, maxCostUsd: 1 }],
      ["workflow_budget.update", "not-yet", null, { workflow: "not-yet", maxToolCalls: 7, maxDurationMs: null, maxTokens: null, maxCostUsd: null }],
      ["workflow_budget.delete", "not-yet", { workflow: "not-yet", maxToolCalls: 7, maxDurationMs: null, maxTokens: null, maxCostUsd: null }, null],
    ]);
  });

  it("bad input is a 400 naming the field and changes nothing", async () => {
    const cases: [string, unknown, string][] = [
      ["refund-request", { maxToolCalls: 0 }, "maxToolCalls"],
      ["refund-request", { maxCostUsd: -1 }, "maxCostUsd"],
      ["refund-request", { maxCostUsd: 0 }, "maxCostUsd"],
      ["refund-request", { maxDurationMs: 1.5 }, "maxDurationMs"],
      ["refund-request", { maxTokens: "10" }, "maxTokens"],
      ["refund-request", {}, ""],
      ["refund-request", { maxToolCalls: null, maxCostUsd: null }, ""],
      ["refund-request", { maxToolCalls: 3, budget: 1 }, ""],
      ["", { maxToolCalls: 3 }, "workflow"],
      ["   ", { maxToolCalls: 3 }, "workflow"],
      ["x".repeat(101), { maxToolCalls: 3 }, "workflow"],
      ["line\nbreak", { maxToolCalls: 3 }, "workflow"],
    ];
    for (const [workflow, body, path] of cases) {
      const res = await put(workflow, body);
      expect(res.status, JSON.stringify([workflow, body])).toBe(400);
      expect(res.body.issues?.map((i) => i.path), JSON.stringify([workflow, body])).toContain(path);
    }
    expect((await del("a\u0001b")).status).toBe(400);
    for (const [body, path] of [
      [{ from: new Date(T0).toISOString(), to: new Date(T0 + 91 * DAY).toISOString() }, "from"],
      [{ from: new Date(T0).toISOString() }, "to"],
      [{ from: new Date(T0).toISOString(), to: new Date(T0).toISOString() }, "to"],
      [{ from: "monday", to: new Date(T0).toISOString() }, "from"],
    ] as const) {
      const res = await reevaluate(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues?.map((i) => i.path), JSON.stringify(body)).toContain(path);
    }
    const listed = await call(routes.list.GET!, "/api/v1/settings/budgets", { as: people.viewer, project: slug });
    expect((listed.body.budgets as { workflow: string; maxToolCalls: number }[]).map((b) => [b.workflow, b.maxToolCalls])).toEqual([
      ["refund-request", 3],
      ["triage", null],
    ]);
  });

  it("ingest stores exactly the breaches of each run (strictly over; at the limit is within it)", async () => {
    expect(await ingestRuns(db, projectId, RUNS)).toEqual({ accepted: RUNS.length, duplicates: 0, rejected: [] });
    const rows = await breachRows();
    expect(rows.every((r) => r.sameStart)).toBe(true);
    expect(rows.map(({ id, limit, actual, maximum }) => [id, limit, actual, maximum])).toEqual([
      ["all-over", "tool_calls", 5, 3],
      ["all-over", "duration", 90_000, 60_000],
      ["all-over", "tokens", 2100, 2000],
      ["all-over", "cost", 0.75, 0.5],
      ["calls-over", "tool_calls", 4, 3],
      ["triage-over", "cost", 1.5, 1],
    ]);
  });

  it("the budget form's picker offers the workflows seen in the last 90 days", async () => {
    expect(await listKnownWorkflows(db, projectId, new Date(T0 + DAY))).toEqual(["other", "refund-request", "triage"]);
    expect(await listKnownWorkflows(db, projectId, new Date(T0 + 91 * DAY))).toEqual([]);
  });

  it("the runs list filters budgetBreached= with every other filter; a bad value is a 400", async () => {
    expect(await list("budgetBreached=true")).toEqual(["all-over", "calls-over", "triage-over"]);
    expect(await list("budgetBreached=false")).toEqual(["at-limits", "no-usage", "other", "triage-ok"]);
    expect(await list("budgetBreached=true&workflow=triage")).toEqual(["triage-over"]);
    expect(await list("budgetBreached=true&minCostUsd=0.5")).toEqual(["all-over", "triage-over"]);
    expect(await list("budgetBreached=false&workflow=refund-request&outcome=success")).toEqual(["at-limits", "no-usage"]);
    const res = await call(routes.runs.GET!, "/api/v1/runs?budgetBreached=true", { as: { key: keys.read } });
    expect(res.body.total).toBe(3);
    for (const bad of ["yes", "1", "TRUE"]) {
      const r = await call(routes.runs.GET!, `/api/v1/runs?budgetBreached=${bad}`, { as: { key: keys.read } });
      expect(r.status, bad).toBe(400);
      expect(r.body.issues?.map((i) => i.path)).toEqual(["budgetBreached"]);
    }
  });

  it("GET /api/v1/runs/{id} lists the run's breaches in limit order, empty when none", async () => {
    const get = (id: string) => call(routes.run.GET!, `/api/v1/runs/${id}`, { as: { key: keys.read }, params: { id } });
    expect((await get("all-over")).body.budgetBreaches).toEqual([
      { limit: "tool_calls", actual: 5, maximum: 3 },
      { limit: "duration", actual: 90_000, maximum: 60_000 },
      { limit: "tokens", actual: 2100, maximum: 2000 },
      { limit: "cost", actual: 0.75, maximum: 0.5 },
    ]);
    expect((await get("at-limits")).body.budgetBreaches).toEqual([]);
  });

  it("a duplicate re-send changes nothing; a changed budget applies to new runs only", async () => {
    const before = await breachRows();
    expect(await ingestRuns(db, projectId, RUNS)).toEqual({ accepted: 0, duplicates: RUNS.length, rejected: [] });
    expect(await breachRows()).toEqual(before);
    // Looser refund budget (calls only), no triage budget, a cost cap on `other`.
    expect((await put("refund-request", { maxToolCalls: 4 })).status).toBe(200);
    expect((await del("triage")).status).toBe(204);
    expect((await put("other", { maxCostUsd: 50 }, people.admin)).status).toBe(200);
    expect(await breachRows()).toEqual(before);
    await ingestRuns(db, projectId, [run("after-change", { workflow: "refund-request", minute: 6, calls: 4, durationMs: 90_000, costUsd: 0.75 })]);
    expect((await getRunAsSent(db, projectId, "after-change"))?.budgetBreaches).toEqual([]);
  });

  it("re-evaluating a window recomputes its runs against the current budgets (exact counts, any chunk size)", async () => {
    const window = { from: new Date(T0).toISOString(), to: new Date(T0 + 5 * 60_000).toISOString() };
    // The window leaves out `other` and `after-change` (minutes 5 and 6).
    expect(await reevaluate(window)).toEqual({ status: 200, body: { runs: 6, breachingRuns: 1 } });
    const expected = [["all-over", "tool_calls", 5, 4]];
    expect((await breachRows()).map(({ id, limit, actual, maximum }) => [id, limit, actual, maximum])).toEqual(expected);
    expect(await list("budgetBreached=true")).toEqual(["all-over"]);
    // The whole day, two runs per transaction (triage-over and triage-ok share a start).
    const all = { from: new Date(T0), to: new Date(T0 + DAY) };
    expect(await reevaluateBudgets(db, projectId, all, { type: "cli" }, 2)).toEqual({ runs: 8, breachingRuns: 2 });
    expect((await breachRows()).map(({ id, limit, actual, maximum }) => [id, limit, actual, maximum])).toEqual([
      ["all-over", "tool_calls", 5, 4],
      ["other", "cost", 100, 50],
    ]);
    expect(await reevaluateBudgets(db, projectId, all, { type: "cli" }, 3)).toEqual({ runs: 8, breachingRuns: 2 });
    const audit = await db.prisma.auditLog.findMany({ where: { projectId, action: "workflow_budget.reevaluate" }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.actorType, a.after])).toEqual([
      ["user", { ...window, from: "2026-11-02T09:00:00.000Z", to: "2026-11-02T09:05:00.000Z", runs: 6, breachingRuns: 1 }],
      ["cli", { from: "2026-11-02T09:00:00.000Z", to: "2026-11-03T09:00:00.000Z", runs: 8, breachingRuns: 2 }],
      ["cli", { from: "2026-11-02T09:00:00.000Z", to: "2026-11-03T09:00:00.000Z", runs: 8, breachingRuns: 2 }],
    ]);
  });

  it("an OTLP trace rebuilt by a late span is evaluated again (its breach replaced, not added)", async () => {
    const traceId = randomBytes(16).toString("hex");
    const rootId = randomBytes(8).toString("hex");
    const root: FixtureSpan = { traceId, spanId: rootId, name: "invoke_agent refunds", startMs: T0, endMs: T0 + 9000 };
    const tool = (s: number): FixtureSpan => ({
      traceId,
      spanId: randomBytes(8).toString("hex"),
      parentSpanId: rootId,
      name: "execute_tool kb.search",
      startMs: T0 + s * 1000,
      endMs: T0 + s * 1000 + 250,
      attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "kb.search", "gen_ai.tool.call.arguments": `{"q":${s}}` },
    });
    const send = (spans: FixtureSpan[]) => ingestOtelSpans(db, projectId, decode(Buffer.from(JSON.stringify(toOtlpJson({ spans }))), "json"));
    await send([root, tool(1), tool(2)]);
    const first = await getRunAsSent(db, projectId, traceId);
    expect(first?.budgetBreaches).toEqual([]);
    expect((await put(first!.workflow, { maxToolCalls: 2 })).status).toBe(200);
    await send([tool(3)]);
    expect((await getRunAsSent(db, projectId, traceId))?.budgetBreaches).toEqual([{ limit: "tool_calls", actual: 3, maximum: 2 }]);
    await send([tool(4)]);
    expect((await getRunAsSent(db, projectId, traceId))?.budgetBreaches).toEqual([{ limit: "tool_calls", actual: 4, maximum: 2 }]);
  });
});
