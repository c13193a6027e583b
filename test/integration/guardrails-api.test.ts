// The guardrail API through its route handlers (issue 17), on PGlite and PostgreSQL, every answer
// checked against its declared schema (KEEL_CHECK_RESPONSES=1): GET/PATCH /api/v1/settings/guardrails
// (readers read, owner/admin people write, audited, 400 naming the field), a run whose idempotency
// key is too long rejected naming `toolCalls.N.idempotencyKey`, GET /api/v1/runs/{id} with the two
// tool-call fields as sent and the run's detections, and the runs-list filters' bad values.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { createApiKey, ensureUserWithRole } from "@/lib/server/services/accounts";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";
import { harness, route, type SessionUser } from "../helpers/route-harness";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));
vi.mock("@/lib/server/auth/session", () => ({ getSessionUser: async () => session.user }));
const call = harness(session);

const at = (s: number) => new Date(Date.UTC(2026, 10, 2, 9, 0, s)).toISOString();
const refund = (s: number, over: Record<string, unknown> = {}) => ({
  name: "payments.refund",
  startedAt: at(s),
  endedAt: at(s + 1),
  status: "ok",
  costUsd: 0.5,
  input: { order: "A-1" },
  ...over,
});
const runWith = (id: string, toolCalls: unknown[]) => ({
  id,
  sessionId: "s-1",
  workflow: "refund-request",
  model: "gpt-4.1",
  promptVersion: "v12",
  startedAt: at(0),
  endedAt: at(30),
  outcome: "success",
  costUsd: 2,
  toolCalls,
});

describe.each(testDatabases())("guardrail API on $name", (target) => {
  let db: Database;
  let slug: string;
  let projectId: string;
  let keys: { ingest: string; read: string };
  const people = {} as Record<"viewer" | "sre" | "owner", SessionUser>;

  beforeAll(async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    db = await target.open();
    (globalThis as { __keelDb?: Promise<Database> }).__keelDb = Promise.resolve(db);
    const project = await createTestProject(db, "guard-api");
    slug = project.slug;
    projectId = project.id;
    keys = {
      ingest: (await createApiKey(db, { projectId, scopes: ["ingest"] })).key,
      read: (await createApiKey(db, { projectId, scopes: ["read"] })).key,
    };
    for (const role of ["viewer", "sre", "owner"] as const) {
      const { user } = await ensureUserWithRole(db, { email: `${uniqueSlug(role)}@keel.test`, password: "pw-12345678", projectId, role });
      people[role] = { id: user.id, email: user.email, name: null };
    }
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    (globalThis as { __keelDb?: unknown }).__keelDb = undefined;
    await db?.close();
  });

  it("settings: readers get the defaults; viewers and keys may not change them; owners may, audited", async () => {
    const { GET, PATCH } = await route("v1/settings/guardrails");
    const url = "/api/v1/settings/guardrails";
    const defaults = { repeatedCallThreshold: 3, cycleRoundsThreshold: 2, failureStreakThreshold: 3, sideEffectTools: [] };
    expect(await call(GET!, url, { as: people.viewer, project: slug })).toEqual({ status: 200, body: { ...defaults, updatedAt: expect.any(String) } });
    expect((await call(GET!, url, { as: { key: keys.read } })).status).toBe(200);
    const body = { failureStreakThreshold: 4, sideEffectTools: ["payments.refund", "ticketing.create", "payments.refund"] };
    expect((await call(PATCH!, url, { as: people.viewer, project: slug, method: "PATCH", body })).status).toBe(403);
    expect((await call(PATCH!, url, { as: people.sre, project: slug, method: "PATCH", body })).status).toBe(403);
    expect((await call(PATCH!, url, { as: { key: keys.read }, method: "PATCH", body })).status).toBe(403);
    const saved = await call(PATCH!, url, { as: people.owner, project: slug, method: "PATCH", body });
    expect(saved).toEqual({
      status: 200,
      body: { ...defaults, failureStreakThreshold: 4, sideEffectTools: ["payments.refund", "ticketing.create"], updatedAt: expect.any(String) },
    });
    const audit = await db.prisma.auditLog.findMany({ where: { projectId, action: "guardrail_settings.update" } });
    expect(audit.map((a) => [a.before, a.after])).toEqual([
      [defaults, { ...defaults, failureStreakThreshold: 4, sideEffectTools: ["payments.refund", "ticketing.create"] }],
    ]);
  });

  it("settings: bad input is a 400 naming the field, and changes nothing", async () => {
    const { GET, PATCH } = await route("v1/settings/guardrails");
    const url = "/api/v1/settings/guardrails";
    const patch = (body: unknown) => call(PATCH!, url, { as: people.owner, project: slug, method: "PATCH", body });
    const cases: [unknown, string][] = [
      [{ repeatedCallThreshold: 1 }, "repeatedCallThreshold"],
      [{ cycleRoundsThreshold: 0 }, "cycleRoundsThreshold"],
      [{ failureStreakThreshold: 2.5 }, "failureStreakThreshold"],
      [{ failureStreakThreshold: "3" }, "failureStreakThreshold"],
      [{ repeatedCallThreshold: 501 }, "repeatedCallThreshold"],
      [{ sideEffectTools: ["ok", " "] }, "sideEffectTools.1"],
      [{ sideEffectTools: "payments.refund" }, "sideEffectTools"],
      [{ budget: 3 }, ""],
      [{}, ""],
    ];
    for (const [body, path] of cases) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues?.map((i) => i.path), JSON.stringify(body)).toContain(path);
    }
    expect((await call(GET!, url, { as: people.viewer, project: slug })).body).toMatchObject({ repeatedCallThreshold: 3, failureStreakThreshold: 4 });
  });

  it("ingest: an idempotency key over 256 chars rejects the run naming toolCalls.N.idempotencyKey; the rest is stored", async () => {
    const { POST } = await route("v1/runs");
    const res = await call(POST!, "/api/v1/runs", {
      as: { key: keys.ingest },
      body: {
        runs: [
          runWith("long-key", [refund(1), refund(2, { idempotencyKey: "k".repeat(257) })]),
          runWith("dup", [refund(1, { idempotencyKey: "req-1" }), refund(3, { idempotencyKey: "req-2", sideEffect: false })]),
          runWith("bad-flag", [refund(1, { sideEffect: "yes" })]),
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((res.body.rejected as { index: number; errors: { path: string }[] }[]).map((r) => [r.index, r.errors.map((e) => e.path)])).toEqual([
      [0, ["toolCalls.1.idempotencyKey"]],
      [2, ["toolCalls.0.sideEffect"]],
    ]);
  });

  it("GET /api/v1/runs/{id}: the two fields as sent and the run's detections", async () => {
    const { GET } = await route("v1/runs/[id]");
    const res = await call(GET!, "/api/v1/runs/dup", { as: { key: keys.read }, params: { id: "dup" } });
    expect(res.status).toBe(200);
    expect((res.body.toolCalls as Record<string, unknown>[]).map((c) => [c.idempotencyKey, c.sideEffect])).toEqual([
      ["req-1", null],
      ["req-2", false],
    ]);
    // payments.refund is in the project's list: two keys for one input is a duplicate side effect.
    expect(res.body.detections).toEqual([{ kind: "duplicate_side_effect", tool: "payments.refund", count: 2, wastedCostUsd: 0.5, calls: [0, 1] }]);
  });

  it("GET /api/v1/runs: the filters find the run; a bad value is a 400 naming the parameter", async () => {
    const { GET } = await route("v1/runs");
    const list = (q: string) => call(GET!, `/api/v1/runs?${q}`, { as: { key: keys.read } });
    expect(((await list("duplicateSideEffect=true")).body.runs as { id: string }[]).map((r) => r.id)).toEqual(["dup"]);
    expect(((await list("detection=repeated_call")).body.runs as unknown[]).length).toBe(0);
    for (const [q, path] of [
      ["detection=duplicate_side_effect", "detection"],
      ["detection=storm", "detection"],
      ["duplicateSideEffect=yes", "duplicateSideEffect"],
    ]) {
      const res = await list(q);
      expect(res.status, q).toBe(400);
      expect(res.body.issues?.map((i) => i.path), q).toEqual([path]);
    }
  });
});
