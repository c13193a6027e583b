// GET /api/v1/metrics/guardrails and the weekly review's guardrails section (issue 17), on PGlite and
// PostgreSQL: a hand-built dataset with known retry storms, a loop, a failure streak, blocked calls,
// budget breaches (rows inserted as the budget writer would) and a duplicate side effect gives exact
// counts and wasted cost in every part of the answer; a duplicate re-send changes nothing; workflow
// and environment narrow exactly; a bad window is a 400 naming the field.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { getGuardrailMetrics } from "@/lib/server/queries/metrics";
import { getWeeklyReview } from "@/lib/server/queries/review";
import { listRuns } from "@/lib/server/queries/runs-list";
import { createApiKey } from "@/lib/server/services/accounts";
import { putBudget } from "@/lib/server/services/budgets";
import type { GuardrailsMetrics } from "@/lib/shared/api/guardrails";
import { createTestProject, testDatabases } from "../helpers/db";
import { harness, route } from "../helpers/route-harness";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));
vi.mock("@/lib/server/auth/session", () => ({ getSessionUser: async () => session.user }));
const call = harness(session);

type Call = { name: string; input?: unknown; status?: string; errorType?: string; costUsd?: number; sideEffect?: boolean };
type Over = { workflow?: string; environment?: string; release?: string; outcome?: "success" | "failure" | "escalated"; costUsd?: number };

/** A run at `start` whose calls follow one another 100 ms apart; costs are binary fractions, so sums are exact. */
function run(id: string, start: string, over: Over, calls: Call[]) {
  const t = Date.parse(start);
  const outcome = over.outcome ?? "success";
  return {
    id,
    sessionId: `s-${id}`,
    workflow: over.workflow ?? "refund-request",
    environment: over.environment ?? "production",
    model: "gpt-4.1",
    promptVersion: "v12",
    release: over.release ?? "r1",
    startedAt: new Date(t).toISOString(),
    endedAt: new Date(t + 60_000).toISOString(),
    outcome,
    ...(outcome === "failure" ? { failure: { category: "policy_violation", reason: "PII in response blocked" } } : {}),
    ...(outcome === "escalated" ? { escalation: { reason: "high-impact action" } } : {}),
    costUsd: over.costUsd ?? 1,
    toolCalls: calls.map((c, i) => ({
      startedAt: new Date(t + i * 100).toISOString(),
      endedAt: new Date(t + i * 100 + 50).toISOString(),
      status: "ok",
      costUsd: 0.25,
      ...c,
    })),
  };
}
const times = (n: number, c: Call): Call[] => Array.from({ length: n }, () => ({ ...c }));
const search = { name: "kb.search", input: { q: "refund policy" } };
const refund = { name: "payments.refund", input: { order: "A-1" }, sideEffect: true, costUsd: 0.5 };
const blocked = (name: string, errorType: string, input: unknown): Call => ({ name, status: "blocked", errorType, input, costUsd: 0 });

// The window: Monday 2 November to Thursday 5 November 2026 (UTC), three days; nothing on the 3rd.
const FROM = new Date("2026-11-02T00:00:00.000Z");
const TO = new Date("2026-11-05T00:00:00.000Z");
const RUNS = [
  run("storm-a", "2026-11-02T09:00:00Z", {}, times(4, search)),
  run("storm-b", "2026-11-04T10:00:00Z", { outcome: "escalated", costUsd: 2 }, [...times(3, search), blocked("payments.refund", "requires_approval", { order: "B" })]),
  run("loop", "2026-11-02T11:00:00Z", { workflow: "order-status", environment: "staging", release: "r2", outcome: "failure", costUsd: 1.5 }, [
    { name: "auth" },
    ...[1, 2].flatMap(() => [{ name: "kb.search", input: { q: "x" } }, { name: "crm.customer", input: { id: 7 }, costUsd: 0.5 }]),
  ]),
  run("streak", "2026-11-04T08:00:00Z", { workflow: "order-status", release: "r2" }, [
    { name: "ticketing.create", input: 1, status: "error" },
    { name: "ticketing.create", input: 2, status: "error" },
    { name: "ticketing.create", input: 3, status: "timeout" },
  ]),
  run("dup", "2026-11-02T12:00:00Z", { costUsd: 3 }, [refund, blocked("email.send", "pii_detected", { to: "a" }), refund]),
  run("blocked-fail", "2026-11-04T23:59:59Z", { environment: "canary", outcome: "failure", costUsd: 0.5 }, [
    blocked("email.send", "pii_detected", { to: "b" }),
    blocked("email.send", "pii_detected", { to: "c" }),
  ]),
  run("plain", "2026-11-02T13:00:00Z", { workflow: "order-status", release: "r2" }, [{ name: "kb.search", input: 1 }]),
  // The week before (Friday 30 October): outside the window, inside the review's previous week.
  run("last-week", "2026-10-30T10:00:00Z", {}, times(3, search)),
];
/** Budget breaches as the budget writer stores them: one row per limit a run went over. */
const BREACHES: [string, string][] = [
  ["storm-a", "tool_calls"],
  ["storm-a", "cost"],
  ["loop", "duration"],
  ["plain", "tokens"],
  ["last-week", "cost"],
];

const DAYS = ["2026-11-02", "2026-11-03", "2026-11-04"];

const EXPECTED: GuardrailsMetrics = {
  from: FROM.toISOString(),
  to: TO.toISOString(),
  runs: 7,
  budgets: {
    breachingRuns: 3,
    breachRate: 3 / 7,
    breachingCostUsd: 3.5,
    byLimit: [
      { limit: "tool_calls", runs: 1 },
      { limit: "duration", runs: 1 },
      { limit: "tokens", runs: 1 },
      { limit: "cost", runs: 1 },
    ],
    byWorkflow: [
      { workflow: "order-status", runs: 3, breachingRuns: 2, breachRate: 2 / 3, breachingCostUsd: 2.5 },
      { workflow: "refund-request", runs: 4, breachingRuns: 1, breachRate: 0.25, breachingCostUsd: 1 },
    ],
    byRelease: [
      { release: "r2", runs: 3, breachingRuns: 2, breachRate: 2 / 3, breachingCostUsd: 2.5 },
      { release: "r1", runs: 4, breachingRuns: 1, breachRate: 0.25, breachingCostUsd: 1 },
    ],
    byDay: [
      { day: DAYS[0], runs: 4, breachingRuns: 3, breachRate: 0.75, breachingCostUsd: 3.5 },
      { day: DAYS[1], runs: 0, breachingRuns: 0, breachRate: null, breachingCostUsd: 0 },
      { day: DAYS[2], runs: 3, breachingRuns: 0, breachRate: 0, breachingCostUsd: 0 },
    ],
  },
  blocked: {
    calls: 4,
    runs: 3,
    runShare: 3 / 7,
    outcomes: { success: 1, escalated: 1, failure: 1 },
    byTool: [
      { tool: "email.send", errorType: "pii_detected", workflow: "refund-request", calls: 3, runs: 2 },
      { tool: "payments.refund", errorType: "requires_approval", workflow: "refund-request", calls: 1, runs: 1 },
    ],
    byDay: [
      { day: DAYS[0], calls: 1, runs: 1 },
      { day: DAYS[1], calls: 0, runs: 0 },
      { day: DAYS[2], calls: 3, runs: 2 },
    ],
  },
  detections: {
    byKind: [
      { kind: "repeated_call", runs: 2, detections: 2, wastedCostUsd: 1.25 },
      { kind: "cycle", runs: 1, detections: 1, wastedCostUsd: 0.75 },
      { kind: "failure_streak", runs: 1, detections: 1, wastedCostUsd: 0.5 },
    ],
    byWorkflow: [
      { workflow: "refund-request", kind: "repeated_call", runs: 2, detections: 2, wastedCostUsd: 1.25 },
      { workflow: "order-status", kind: "cycle", runs: 1, detections: 1, wastedCostUsd: 0.75 },
      { workflow: "order-status", kind: "failure_streak", runs: 1, detections: 1, wastedCostUsd: 0.5 },
    ],
    byTool: [
      { tool: "kb.search", kind: "repeated_call", runs: 2, detections: 2, wastedCostUsd: 1.25 },
      { tool: "kb.search → crm.customer", kind: "cycle", runs: 1, detections: 1, wastedCostUsd: 0.75 },
      { tool: "ticketing.create", kind: "failure_streak", runs: 1, detections: 1, wastedCostUsd: 0.5 },
    ],
    byDay: [
      { day: DAYS[0], kind: "repeated_call", runs: 1 },
      { day: DAYS[0], kind: "cycle", runs: 1 },
      { day: DAYS[0], kind: "failure_streak", runs: 0 },
      { day: DAYS[1], kind: "repeated_call", runs: 0 },
      { day: DAYS[1], kind: "cycle", runs: 0 },
      { day: DAYS[1], kind: "failure_streak", runs: 0 },
      { day: DAYS[2], kind: "repeated_call", runs: 1 },
      { day: DAYS[2], kind: "cycle", runs: 0 },
      { day: DAYS[2], kind: "failure_streak", runs: 1 },
    ],
  },
  duplicateSideEffects: {
    runs: 1,
    extraEffects: 1,
    wastedCostUsd: 0.5,
    byTool: [{ tool: "payments.refund", runs: 1, extraEffects: 1, wastedCostUsd: 0.5 }],
    byWorkflow: [{ workflow: "refund-request", runs: 1, extraEffects: 1, wastedCostUsd: 0.5 }],
  },
};

describe.each(testDatabases())("guardrails metrics on $name", (target) => {
  let db: Database;
  let projectId: string;
  let readKey: string;
  const metrics = (over: { workflow?: string; environment?: "production" | "staging" | "canary" } = {}) =>
    getGuardrailMetrics(db, { projectId, from: FROM, to: TO, ...over });

  beforeAll(async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    db = await target.open();
    (globalThis as { __keelDb?: Promise<Database> }).__keelDb = Promise.resolve(db);
    projectId = (await createTestProject(db, "guard-metrics")).id;
    readKey = (await createApiKey(db, { projectId, scopes: ["read"] })).key;
    expect(await ingestRuns(db, projectId, RUNS)).toEqual({ accepted: RUNS.length, duplicates: 0, rejected: [] });
    for (const [id, limit] of BREACHES)
      await db.sql.query(
        `INSERT INTO "run_budget_breaches" ("runPk", "limit", "projectId", "runStartedAt", "actual", "maximum")
         SELECT r."pk", $3::"BudgetLimit", r."projectId", r."startedAt", 2, 1 FROM "runs" r WHERE r."projectId" = $1 AND r."id" = $2`,
        [projectId, id, limit],
      );
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    (globalThis as { __keelDb?: unknown }).__keelDb = undefined;
    await db?.close();
  });

  it("every part of the answer is exact", async () => {
    expect(await metrics()).toEqual(EXPECTED);
  });

  it("the route answers the same, checked against its schema", async () => {
    const { GET } = await route("v1/metrics/guardrails");
    const res = await call(GET!, `/api/v1/metrics/guardrails?from=${FROM.toISOString()}&to=${TO.toISOString()}`, { as: { key: readKey } });
    expect(res).toEqual({ status: 200, body: EXPECTED });
  });

  it("each linked number is the count of the runs list with the link's filters", async () => {
    const total = async (f: Parameters<typeof listRuns>[2]) => (await listRuns(db, projectId, { from: FROM, to: TO, ...f })).total;
    expect(await total({ detection: "repeated_call" })).toBe(2);
    expect(await total({ detection: "cycle", workflow: "order-status" })).toBe(1);
    expect(await total({ duplicateSideEffect: true, workflow: "refund-request" })).toBe(1);
    expect(await total({ detection: "repeated_call", detectionTool: "kb.search" })).toBe(2);
    expect(await total({ detection: "cycle", detectionTool: "kb.search → crm.customer" })).toBe(1);
    expect(await total({ detection: "repeated_call", detectionTool: "crm.customer" })).toBe(0);
    expect(await total({ duplicateSideEffect: true, detectionTool: "payments.refund" })).toBe(1);
    expect(await total({ detectionTool: "ticketing.create" })).toBe(1);
    expect(await total({ tool: "email.send", toolStatus: "blocked", errorType: "pii_detected", workflow: "refund-request" })).toBe(2);
    expect(await total({ tool: "email.send", toolStatus: "blocked", errorType: "over_limit" })).toBe(0);
    expect(await total({ toolStatus: "blocked", outcome: "escalated" })).toBe(1);
    expect(await total({ detection: "failure_streak", from: new Date("2026-11-04T00:00:00Z"), to: TO })).toBe(1);
  });

  it("breaches stored by the budget writer at ingest count the same way, once", async () => {
    // Its own project: a budget set before the runs arrive, so the shared writer stores the breaches.
    const other = (await createTestProject(db, "guard-metrics-budget")).id;
    await putBudget(db, other, "refund-request", { maxToolCalls: 3, maxDurationMs: null, maxTokens: null, maxCostUsd: 1.5 }, { type: "system" });
    const runs = [
      run("b-calls", "2026-11-02T09:00:00Z", {}, times(4, search)), // 4 calls > 3
      run("b-both", "2026-11-02T10:00:00Z", { costUsd: 2 }, times(5, search)), // 5 calls and $2 > $1.50
      run("b-edge", "2026-11-04T10:00:00Z", { costUsd: 1.5 }, times(3, search)), // exactly at both limits: no breach
      run("b-other", "2026-11-04T11:00:00Z", { workflow: "order-status", costUsd: 9 }, times(9, search)), // no budget
    ];
    const once = async () => {
      const m = await getGuardrailMetrics(db, { projectId: other, from: FROM, to: TO });
      expect(m.runs).toBe(4);
      expect(m.budgets).toMatchObject({ breachingRuns: 2, breachRate: 0.5, breachingCostUsd: 3 });
      expect(m.budgets.byLimit).toEqual([
        { limit: "tool_calls", runs: 2 },
        { limit: "duration", runs: 0 },
        { limit: "tokens", runs: 0 },
        { limit: "cost", runs: 1 },
      ]);
      expect(m.budgets.byWorkflow.map((w) => [w.workflow, w.runs, w.breachingRuns])).toEqual([
        ["refund-request", 3, 2],
        ["order-status", 1, 0],
      ]);
      expect((await listRuns(db, other, { from: FROM, to: TO, budgetBreached: true })).total).toBe(2);
    };
    expect(await ingestRuns(db, other, runs)).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
    await once();
    expect(await ingestRuns(db, other, runs)).toEqual({ accepted: 0, duplicates: 4, rejected: [] });
    await once();
  });

  it("a duplicate re-send of the runs changes nothing", async () => {
    expect(await ingestRuns(db, projectId, RUNS)).toEqual({ accepted: 0, duplicates: RUNS.length, rejected: [] });
    expect(await metrics()).toEqual(EXPECTED);
  });

  it("workflow and environment narrow exactly", async () => {
    const orders = await metrics({ workflow: "order-status" });
    expect(orders.runs).toBe(3);
    expect(orders.budgets).toMatchObject({ breachingRuns: 2, breachRate: 2 / 3, breachingCostUsd: 2.5, byWorkflow: [EXPECTED.budgets.byWorkflow[0]] });
    expect(orders.budgets.byLimit).toEqual([
      { limit: "tool_calls", runs: 0 },
      { limit: "duration", runs: 1 },
      { limit: "tokens", runs: 1 },
      { limit: "cost", runs: 0 },
    ]);
    expect(orders.blocked).toMatchObject({ calls: 0, runs: 0, runShare: 0, outcomes: { success: 0, escalated: 0, failure: 0 }, byTool: [] });
    expect(orders.detections.byKind.map((k) => [k.kind, k.runs, k.wastedCostUsd])).toEqual([
      ["repeated_call", 0, 0],
      ["cycle", 1, 0.75],
      ["failure_streak", 1, 0.5],
    ]);
    expect(orders.duplicateSideEffects).toEqual({ runs: 0, extraEffects: 0, wastedCostUsd: 0, byTool: [], byWorkflow: [] });

    const staging = await metrics({ environment: "staging" });
    expect([staging.runs, staging.budgets.breachingRuns, staging.blocked.calls]).toEqual([1, 1, 0]);
    expect(staging.detections.byTool).toEqual([EXPECTED.detections.byTool[1]]);
    const canary = await metrics({ environment: "canary" });
    expect([canary.runs, canary.blocked.calls, canary.blocked.runs, canary.blocked.outcomes.failure]).toEqual([1, 2, 1, 1]);
    expect(canary.blocked.byDay.map((d) => d.calls)).toEqual([0, 0, 2]);
  });

  it("an empty window: zeros for counts, null for rates, every day present", async () => {
    const empty = await getGuardrailMetrics(db, { projectId, from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-02T12:00:00Z") });
    expect(empty.runs).toBe(0);
    expect(empty.budgets.breachRate).toBeNull();
    expect(empty.blocked.runShare).toBeNull();
    expect(empty.budgets.byDay.map((d) => [d.day, d.runs, d.breachRate])).toEqual([
      ["2026-12-01", 0, null],
      ["2026-12-02", 0, null],
    ]);
    expect(empty.detections.byKind.every((k) => k.runs === 0 && k.wastedCostUsd === 0)).toBe(true);
  });

  it("a bad window is a 400 naming the field", async () => {
    const { GET } = await route("v1/metrics/guardrails");
    const ask = async (q: string) => {
      const res = await call(GET!, `/api/v1/metrics/guardrails?${q}`, { as: { key: readKey } });
      return [res.status, res.body.issues?.map((i) => i.path)];
    };
    expect(await ask("from=yesterday")).toEqual([400, ["from"]]);
    expect(await ask(`from=${TO.toISOString()}&to=${FROM.toISOString()}`)).toEqual([400, ["to"]]);
    expect(await ask("from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")).toEqual([400, ["from"]]);
    expect(await ask("environment=moon")).toEqual([400, ["environment"]]);
  });

  it("the weekly review's guardrails section: this week against last week", async () => {
    const review = await getWeeklyReview(db, projectId, { year: 2026, week: 45 });
    expect(review.guardrails).toEqual({
      current: {
        runs: 7,
        breachingRuns: 3,
        blockedCalls: 4,
        blockedRuns: 3,
        detections: [
          { kind: "repeated_call", runs: 2, wastedCostUsd: 1.25 },
          { kind: "cycle", runs: 1, wastedCostUsd: 0.75 },
          { kind: "failure_streak", runs: 1, wastedCostUsd: 0.5 },
        ],
        duplicateSideEffectRuns: 1,
        duplicateSideEffectCostUsd: 0.5,
      },
      previous: {
        runs: 1,
        breachingRuns: 1,
        blockedCalls: 0,
        blockedRuns: 0,
        detections: [
          { kind: "repeated_call", runs: 1, wastedCostUsd: 0.5 },
          { kind: "cycle", runs: 0, wastedCostUsd: 0 },
          { kind: "failure_streak", runs: 0, wastedCostUsd: 0 },
        ],
        duplicateSideEffectRuns: 0,
        duplicateSideEffectCostUsd: 0,
      },
    });
  });
});
