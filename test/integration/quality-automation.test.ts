// GET /api/v1/metrics/quality and /automation-value through their route handlers (issue 17,
// docs/quality.md), on PGlite and PostgreSQL, every answer checked against its declared schema
// (KEEL_CHECK_RESPONSES=1). A hand-built dataset (below) gives exact means, p10s, drift flags,
// gold-set picks and every automation-value field; the drift margin moves a flag just over / just
// under it; filters narrow exactly; a re-sent batch changes nothing; bad input is a 400 naming the field.
//
//   run  workflow  release env         startedAt (UTC)  outcome    cost  review score
//   A1   refund    r1      production  11-10 10:00      success    0.25  —      0.875
//   A2   refund    r1      production  11-10 11:00      success    0.25  —      0.875
//   A3   refund    r1      production  11-11 10:00      success    0.25  —      0.875
//   C1   triage    r1      production  11-20 10:00      success    0.25  —      0.25
//   A4   refund    r2      production  11-28 09:00      escalated  0.5   4      0.5
//   A5   refund    r1      production  11-28 10:00      success    0.25  —      0.75
//   C2   triage    r1      production  11-28 12:00      escalated  0.75  —      —
//   A6   refund    r2      production  11-29 09:00      success    0.25  —      0.625
//   A7   refund    r2      production  11-29 10:00      failure    1     —      —
//   D1   billing   r3      canary      11-29 11:00      success    3     —      —
//   D2   billing   r3      production  11-29 12:00      escalated  0.5   1      —
// Window W = [11-28, 11-30); drift spans [11-23, 11-30) (7 d) and [11-02, 11-30) (28 d).
// Evals: r1 11-01 17/20, r1 11-29 18/20, r2 11-27 9/10, r2 12-01 1/10 (after `to`: not read).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { createApiKey, ensureUserWithRole } from "@/lib/server/services/accounts";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";
import { harness, route, type SessionUser } from "../helpers/route-harness";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));
vi.mock("@/lib/server/auth/session", () => ({ getSessionUser: async () => session.user }));
const call = harness(session);

const FROM = "2026-11-28T00:00:00.000Z";
const TO = "2026-11-30T00:00:00.000Z";
type Row = [id: string, workflow: string, release: string, env: string, startedAt: string, outcome: string, cost: number, review: number | null, score: number | null];
const ROWS: Row[] = [
  ["A1", "refund", "r1", "production", "11-10T10:00", "success", 0.25, null, 0.875],
  ["A2", "refund", "r1", "production", "11-10T11:00", "success", 0.25, null, 0.875],
  ["A3", "refund", "r1", "production", "11-11T10:00", "success", 0.25, null, 0.875],
  ["C1", "triage", "r1", "production", "11-20T10:00", "success", 0.25, null, 0.25],
  ["A4", "refund", "r2", "production", "11-28T09:00", "escalated", 0.5, 4, 0.5],
  ["A5", "refund", "r1", "production", "11-28T10:00", "success", 0.25, null, 0.75],
  ["C2", "triage", "r1", "production", "11-28T12:00", "escalated", 0.75, null, null],
  ["A6", "refund", "r2", "production", "11-29T09:00", "success", 0.25, null, 0.625],
  ["A7", "refund", "r2", "production", "11-29T10:00", "failure", 1, null, null],
  ["D1", "billing", "r3", "canary", "11-29T11:00", "success", 3, null, null],
  ["D2", "billing", "r3", "production", "11-29T12:00", "escalated", 0.5, 1, null],
];
const runOf = ([id, workflow, release, environment, start, outcome, costUsd, review, score]: Row) => ({
  id,
  sessionId: `s-${id}`,
  workflow,
  release,
  environment,
  model: "gpt-4.1",
  promptVersion: "v1",
  startedAt: `2026-${start}:00Z`,
  endedAt: `2026-${start}:30Z`,
  outcome,
  costUsd,
  ...(score === null ? {} : { qualityScore: score }),
  ...(outcome === "failure" ? { failure: { category: "tool_error", reason: "timeout" } } : {}),
  ...(outcome === "escalated" ? { escalation: { reason: "high-impact action", ...(review === null ? {} : { reviewCostUsd: review }) } } : {}),
  toolCalls: [],
});

const NO_DRIFT = { recentScoredRuns: 0, recentMeanQualityScore: null, baselineScoredRuns: 0, baselineMeanQualityScore: null, drop: null, drifting: false };
const r1Gold = { release: "r1", goldSet: "core", passed: 18, total: 20, passRate: 0.9, ranAt: "2026-11-29T00:00:00.000Z" };
const r2Gold = { release: "r2", goldSet: "core", passed: 9, total: 10, passRate: 0.9, ranAt: "2026-11-27T00:00:00.000Z" };

describe.each(testDatabases())("quality and automation value on $name", (target) => {
  let db: Database;
  let slug: string;
  let keys: { ingest: string; read: string };
  const people = {} as Record<"viewer" | "owner", SessionUser>;
  const get = async (path: "quality" | "automation-value", q: Record<string, string> = {}) => {
    const { GET } = await route(`v1/metrics/${path}`);
    return call(GET!, `/api/v1/metrics/${path}?${new URLSearchParams({ from: FROM, to: TO, ...q })}`, { as: { key: keys.read } });
  };
  const patchMargin = async (body: unknown, as: SessionUser = people.owner) =>
    call((await route("v1/settings/gates")).PATCH!, "/api/v1/settings/gates", { as, project: slug, method: "PATCH", body });

  beforeAll(async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    db = await target.open();
    (globalThis as { __keelDb?: Promise<Database> }).__keelDb = Promise.resolve(db);
    const project = await createTestProject(db, "quality");
    slug = project.slug;
    keys = {
      ingest: (await createApiKey(db, { projectId: project.id, scopes: ["ingest"] })).key,
      read: (await createApiKey(db, { projectId: project.id, scopes: ["read"] })).key,
    };
    for (const role of ["viewer", "owner"] as const) {
      const { user } = await ensureUserWithRole(db, { email: `${uniqueSlug(role)}@keel.test`, password: "pw-12345678", projectId: project.id, role });
      people[role] = { id: user.id, email: user.email, name: null };
    }
    const { POST } = await route("v1/runs");
    const res = await call(POST!, "/api/v1/runs", { as: { key: keys.ingest }, body: { runs: ROWS.map(runOf) } });
    expect(res.body).toMatchObject({ accepted: ROWS.length, rejected: [] });
    const evals = await route("v1/evals");
    for (const [release, passed, total, ranAt] of [["r1", 17, 20, "2026-11-01"], ["r1", 18, 20, "2026-11-29"], ["r2", 9, 10, "2026-11-27"], ["r2", 1, 10, "2026-12-01"]] as const)
      expect((await call(evals.POST!, "/api/v1/evals", { as: { key: keys.ingest }, body: { release, goldSet: "core", passed, total, ranAt: `${ranAt}T00:00:00Z` } })).status).toBe(201);

    // Another project with scored refund runs in the window: must never show here.
    const other = await createTestProject(db, "quality-other");
    const otherKey = (await createApiKey(db, { projectId: other.id, scopes: ["ingest"] })).key;
    await call(POST!, "/api/v1/runs", { as: { key: otherKey }, body: { runs: ROWS.map((r) => runOf([r[0], r[1], r[2], r[3], r[4], "success", 9, null, 0.0625])) } });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    (globalThis as { __keelDb?: unknown }).__keelDb = undefined;
    await db?.close();
  });

  const expectedQuality = (margin = 0.05, refundDrifting = true) => ({
    window: { from: FROM, to: TO },
    driftMargin: margin,
    driftWindows: {
      recent: { from: "2026-11-23T00:00:00.000Z", to: TO },
      baseline: { from: "2026-11-02T00:00:00.000Z", to: TO },
    },
    workflows: [
      {
        // W: 0.5 0.75 0.625 → mean 0.625; p10 at 0.1 × 2 = 0.2 between 0.5 and 0.625 → 0.525.
        workflow: "refund",
        scoredRuns: 3,
        meanQualityScore: 0.625,
        p10QualityScore: 0.525,
        days: [
          { day: "2026-11-28", scoredRuns: 2, meanQualityScore: 0.625, p10QualityScore: 0.525 },
          { day: "2026-11-29", scoredRuns: 1, meanQualityScore: 0.625, p10QualityScore: 0.625 },
        ],
        // Releases that ran refund in W: r1 (A5), r2 → r1's 11-29 result is the latest.
        goldSet: r1Gold,
        // 28 d: 0.875 × 3 + 0.5 + 0.75 + 0.625 = 4.5 / 6 = 0.75; 7 d: 0.625; drop 0.125.
        drift: { recentScoredRuns: 3, recentMeanQualityScore: 0.625, baselineScoredRuns: 6, baselineMeanQualityScore: 0.75, drop: 0.125, drifting: refundDrifting },
      },
      // No score in W: null mean and p10, no flag (billing has none in 28 d either).
      { workflow: "billing", scoredRuns: 0, meanQualityScore: null, p10QualityScore: null, days: [], goldSet: null, drift: NO_DRIFT },
      {
        workflow: "triage",
        scoredRuns: 0,
        meanQualityScore: null,
        p10QualityScore: null,
        days: [],
        goldSet: r1Gold,
        // C1 in the 28 days only: no 7-day mean, no flag.
        drift: { recentScoredRuns: 0, recentMeanQualityScore: null, baselineScoredRuns: 1, baselineMeanQualityScore: 0.25, drop: null, drifting: false },
      },
    ],
    releases: [
      {
        release: "r2",
        scoredRuns: 2,
        meanQualityScore: 0.5625,
        p10QualityScore: 0.5125,
        days: [
          { day: "2026-11-28", scoredRuns: 1, meanQualityScore: 0.5, p10QualityScore: 0.5 },
          { day: "2026-11-29", scoredRuns: 1, meanQualityScore: 0.625, p10QualityScore: 0.625 },
        ],
        // The 12-01 result ran after `to`.
        goldSet: r2Gold,
        drift: { recentScoredRuns: 2, recentMeanQualityScore: 0.5625, baselineScoredRuns: 2, baselineMeanQualityScore: 0.5625, drop: 0, drifting: false },
      },
      {
        release: "r1",
        scoredRuns: 1,
        meanQualityScore: 0.75,
        p10QualityScore: 0.75,
        days: [{ day: "2026-11-28", scoredRuns: 1, meanQualityScore: 0.75, p10QualityScore: 0.75 }],
        goldSet: r1Gold,
        // 28 d: 0.875 × 3 + 0.25 + 0.75 = 3.625 / 5 = 0.725; 7 d: 0.75 — a rise.
        drift: { recentScoredRuns: 1, recentMeanQualityScore: 0.75, baselineScoredRuns: 5, baselineMeanQualityScore: 0.725, drop: 0.725 - 0.75, drifting: false },
      },
      { release: "r3", scoredRuns: 0, meanQualityScore: null, p10QualityScore: null, days: [], goldSet: null, drift: NO_DRIFT },
    ],
  });

  const refund = { runs: 4, successes: 2, escalations: 1, failures: 1, totalCostUsd: 2, reviewCostUsd: 4, reviewedEscalations: 1, costPerSuccessUsd: 1, escalationCostUsd: 4.5, humanShare: 4 / 6, costPerResolvedTaskUsd: 2, humanCostPerResolutionUsd: 4, netValueUsd: 6, verdict: "pays" };
  const expectedValue = {
    workflows: [
      { workflow: "refund", ...refund },
      // 1 × 1 − 3.5 = −2.5: the agent's 3.50 per success costs more than a person's 1.00.
      { workflow: "billing", runs: 2, successes: 1, escalations: 1, failures: 0, totalCostUsd: 3.5, reviewCostUsd: 1, reviewedEscalations: 1, costPerSuccessUsd: 3.5, escalationCostUsd: 1.5, humanShare: 1 / 4.5, costPerResolvedTaskUsd: 2.25, humanCostPerResolutionUsd: 1, netValueUsd: -2.5, verdict: "does_not_pay" },
      // An escalation without a review cost: what a person costs is unknown.
      { workflow: "triage", runs: 1, successes: 0, escalations: 1, failures: 0, totalCostUsd: 0.75, reviewCostUsd: 0, reviewedEscalations: 0, costPerSuccessUsd: null, escalationCostUsd: 0.75, humanShare: 0, costPerResolvedTaskUsd: 0.75, humanCostPerResolutionUsd: null, netValueUsd: null, verdict: "unknown" },
    ],
    // 6.25 agent + 5 human = 11.25 over 3 + 3 resolved; person 5 / 2 = 2.5; 3 × 2.5 − 6.25 = 1.25.
    total: { runs: 7, successes: 3, escalations: 3, failures: 1, totalCostUsd: 6.25, reviewCostUsd: 5, reviewedEscalations: 2, costPerSuccessUsd: 6.25 / 3, escalationCostUsd: 6.75, humanShare: 5 / 11.25, costPerResolvedTaskUsd: 1.875, humanCostPerResolutionUsd: 2.5, netValueUsd: 1.25, verdict: "pays" },
  };

  it("quality: exact means, p10s, days, gold-set picks and drift flags", async () => {
    expect(await get("quality")).toEqual({ status: 200, body: expectedQuality() });
  });

  it("automation value: every field of every workflow and the total", async () => {
    expect(await get("automation-value")).toEqual({ status: 200, body: expectedValue });
  });

  it("filters narrow exactly: workflow, environment", async () => {
    const q = (await get("quality", { workflow: "refund" })).body as ReturnType<typeof expectedQuality>;
    expect(q.workflows).toEqual([expectedQuality().workflows[0]]);
    // r1 narrowed to refund: W holds A5 (0.75); 28 d: 0.875 × 3 + 0.75 = 3.375 / 4 = 0.84375 → drop 0.09375: drifting.
    expect(q.releases.map((r) => [r.release, r.scoredRuns, r.meanQualityScore, r.drift.baselineMeanQualityScore, r.drift.drifting])).toEqual([
      ["r2", 2, 0.5625, 0.5625, false],
      ["r1", 1, 0.75, 0.84375, true],
    ]);
    expect((await get("automation-value", { workflow: "refund" })).body).toEqual({ workflows: [{ workflow: "refund", ...refund }], total: refund });

    const canary = await get("automation-value", { environment: "canary" });
    const d1 = { runs: 1, successes: 1, escalations: 0, failures: 0, totalCostUsd: 3, reviewCostUsd: 0, reviewedEscalations: 0, costPerSuccessUsd: 3, escalationCostUsd: 0, humanShare: 0, costPerResolvedTaskUsd: 3, humanCostPerResolutionUsd: null, netValueUsd: null, verdict: "unknown" };
    expect(canary.body).toEqual({ workflows: [{ workflow: "billing", ...d1 }], total: d1 });
    const cq = (await get("quality", { environment: "canary" })).body as ReturnType<typeof expectedQuality>;
    expect(cq.workflows.map((w) => [w.workflow, w.scoredRuns, w.drift.drifting])).toEqual([["billing", 0, false]]);

    // Nothing in the window: empty lists and a zero total, every ratio null.
    const empty = await get("automation-value", { from: "2026-10-01T00:00:00Z", to: "2026-10-02T00:00:00Z" });
    expect(empty.body).toMatchObject({ workflows: [], total: { runs: 0, costPerSuccessUsd: null, humanShare: null, costPerResolvedTaskUsd: null, netValueUsd: null, verdict: "unknown" } });
    expect((await get("quality", { from: "2026-10-01T00:00:00Z", to: "2026-10-02T00:00:00Z" })).body).toMatchObject({ workflows: [], releases: [] });
  });

  it("the runs behind a quality number: scored=true lists exactly them", async () => {
    const { GET } = await route("v1/runs");
    const list = await call(GET!, `/api/v1/runs?${new URLSearchParams({ workflow: "refund", scored: "true", from: FROM, to: TO })}`, { as: { key: keys.read } });
    expect((list.body.runs as { id: string }[]).map((r) => r.id)).toEqual(["A6", "A5", "A4"]);
    const day = await call(GET!, `/api/v1/runs?${new URLSearchParams({ release: "r2", scored: "true", from: "2026-11-29T00:00:00Z", to: TO })}`, { as: { key: keys.read } });
    expect((day.body.runs as { id: string }[]).map((r) => r.id)).toEqual(["A6"]);
    const unscored = await call(GET!, `/api/v1/runs?${new URLSearchParams({ workflow: "refund", scored: "false", from: FROM, to: TO })}`, { as: { key: keys.read } });
    expect((unscored.body.runs as { id: string }[]).map((r) => r.id)).toEqual(["A7"]);
    expect((await call(GET!, "/api/v1/runs?scored=yes", { as: { key: keys.read } })).body.issues?.map((i) => i.path)).toEqual(["scored"]);
  });

  it("a re-sent batch changes nothing", async () => {
    const { POST } = await route("v1/runs");
    const res = await call(POST!, "/api/v1/runs", { as: { key: keys.ingest }, body: { runs: ROWS.map(runOf) } });
    expect(res.body).toMatchObject({ accepted: 0, duplicates: ROWS.length });
    expect((await get("quality")).body).toEqual(expectedQuality());
    expect((await get("automation-value")).body).toEqual(expectedValue);
  });

  it("the drift margin: a project setting, owners change it (audited), a flag just over / just under it", async () => {
    const { GET } = await route("v1/settings/gates");
    expect((await call(GET!, "/api/v1/settings/gates", { as: people.viewer, project: slug })).body).toMatchObject({ qualityDriftMargin: 0.05 });
    expect((await patchMargin({ qualityDriftMargin: 0.12 }, people.viewer)).status).toBe(403);
    // refund drops 0.125: a margin of 0.12 flags it, 0.13 does not.
    expect(await patchMargin({ qualityDriftMargin: 0.12 })).toMatchObject({ status: 200, body: { qualityDriftMargin: 0.12 } });
    expect((await get("quality")).body).toEqual(expectedQuality(0.12, true));
    expect((await patchMargin({ qualityDriftMargin: 0.13 })).status).toBe(200);
    expect((await get("quality")).body).toEqual(expectedQuality(0.13, false));
    // Exactly the margin is not "more than" it.
    expect((await patchMargin({ qualityDriftMargin: 0.125 })).status).toBe(200);
    expect(((await get("quality")).body as ReturnType<typeof expectedQuality>).workflows[0].drift.drifting).toBe(false);
    const audit = await db.prisma.auditLog.findMany({ where: { project: { slug }, action: "gate_settings.update" }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [(a.before as { qualityDriftMargin: number }).qualityDriftMargin, (a.after as { qualityDriftMargin: number }).qualityDriftMargin])).toEqual([
      [0.05, 0.12],
      [0.12, 0.13],
      [0.13, 0.125],
    ]);
    expect(audit.every((a) => a.actorUserId === people.owner.id)).toBe(true);
  });

  it("bad input: a 400 naming the field", async () => {
    for (const bad of [0, 1, 1.5, -0.1, "0.1", null]) {
      const res = await patchMargin({ qualityDriftMargin: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.issues?.map((i) => i.path)).toEqual(["qualityDriftMargin"]);
    }
    for (const path of ["quality", "automation-value"] as const) {
      const cases: [Record<string, string>, string][] = [
        [{ from: TO, to: FROM }, "to"],
        [{ from: "2024-01-01T00:00:00Z" }, "from"],
        [{ to: "yesterday" }, "to"],
        [{ environment: "prod" }, "environment"],
      ];
      for (const [q, field] of cases) {
        const res = await get(path, q);
        expect(res.status, `${path} ${JSON.stringify(q)}`).toBe(400);
        expect(res.body.issues?.map((i) => i.path)).toContain(field);
      }
    }
  });
});
