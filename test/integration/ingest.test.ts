// Ingest on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): every field
// rule of CONTRACT §2, mixed batches, duplicates, concurrency, truncation, literal strings, and
// the run read back as sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import type { SqlRunner } from "@/lib/server/db/sql-runner";
import { ingestRuns } from "@/lib/server/ingest";
import { getRunAsSent } from "@/lib/server/queries/runs-read";
import { createTestProject, testDatabases } from "@/test/helpers/db";
import { FIELD_CASES, validRun, type RunJson } from "./ingest-cases";

describe.each(testDatabases())("ingestRuns on $name", (target) => {
  let db: Database;
  let projectId: string;
  let otherProjectId: string;

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "ingest")).id;
    otherProjectId = (await createTestProject(db, "ingest-other")).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  async function countStored(ids: string[]) {
    const [row] = await db.sql.query<{ runs: number; toolCalls: number }>(
      `SELECT count(DISTINCT r."pk")::int AS runs, count(t."seq")::int AS "toolCalls"
       FROM "runs" r LEFT JOIN "tool_calls" t ON t."runPk" = r."pk"
       WHERE r."projectId" = $1 AND r."id" = ANY($2::text[])`,
      [projectId, ids],
    );
    return row;
  }

  it("applies every field rule of §2, run by run, in one mixed batch", async () => {
    const runs = FIELD_CASES.map((c, i) => c.run(`rules-${i}`));
    const result = await ingestRuns(db, projectId, runs);

    const expectedRejected = FIELD_CASES.flatMap((c, i) => (c.errorPath === null ? [] : [{ i, path: c.errorPath, name: c.name }]));
    expect(result.rejected.map((r) => r.index)).toEqual(expectedRejected.map((e) => e.i));
    for (const [k, r] of result.rejected.entries()) {
      const expected = expectedRejected[k];
      expect(r.errors.map((e) => e.path), expected.name).toContain(expected.path);
      for (const e of r.errors) expect(e.message.length, expected.name).toBeGreaterThan(3);
    }
    const validCount = FIELD_CASES.filter((c) => c.errorPath === null).length;
    expect(result).toMatchObject({ accepted: validCount, duplicates: 0 });

    const validIds = runs.flatMap((r, i) => (FIELD_CASES[i].errorPath === null ? [(r as RunJson).id as string] : []));
    expect((await countStored(validIds)).runs).toBe(validCount);
    const rejectedIds = result.rejected.map((r) => r.id).filter((id): id is string => typeof id === "string");
    expect((await countStored(rejectedIds)).runs).toBe(0);
  });

  it("stores the defaults and reads the run back as sent", async () => {
    const sent = validRun("as-sent-1", {
      startedAt: "2026-10-14T11:30:00.000+02:00",
      usage: { inputTokens: 1200, outputTokens: 340 },
      qualityScore: 0.875,
      metadata: { customer: { tier: "pro" }, tags: ["a", "b"], n: 1.5 },
    });
    // CONTRACT §2's optional idempotencyKey and sideEffect: kept as sent, null when absent.
    const calls0 = sent.toolCalls as RunJson[];
    calls0[1] = { ...calls0[1], idempotencyKey: "req-7f3a", sideEffect: true };
    expect(await ingestRuns(db, projectId, [sent])).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const run = await getRunAsSent(db, projectId, "as-sent-1");
    expect(run).toEqual({
      id: "as-sent-1",
      traceId: "as-sent-1",
      sessionId: "session-1",
      workflow: "refund-request",
      environment: "production",
      model: "gpt-4.1",
      promptVersion: "v12",
      release: "gpt-4.1@v12",
      startedAt: "2026-10-14T09:30:00.000Z",
      endedAt: "2026-10-14T09:30:02.500Z",
      durationMs: 2500,
      outcome: "success",
      failure: null,
      escalation: null,
      usage: { inputTokens: 1200, outputTokens: 340 },
      costUsd: 0.0123,
      qualityScore: 0.875,
      toolCalls: [
        {
          name: "ticketing.lookup",
          startedAt: "2026-10-14T09:30:00.100Z",
          endedAt: "2026-10-14T09:30:00.350Z",
          latencyMs: 250,
          status: "ok",
          errorType: null,
          retry: false,
          costUsd: 0,
          input: { ticket: "T-1" },
          inputTruncated: false,
          output: { found: true },
          outputTruncated: false,
          idempotencyKey: null,
          sideEffect: null,
        },
        {
          name: "ticketing.create",
          startedAt: "2026-10-14T09:30:01.000Z",
          endedAt: "2026-10-14T09:30:02.000Z",
          latencyMs: 1000,
          status: "error",
          errorType: "invalid_parameters",
          retry: true,
          costUsd: 0.001,
          input: null,
          inputTruncated: false,
          output: null,
          outputTruncated: false,
          idempotencyKey: "req-7f3a",
          sideEffect: true,
        },
      ],
      metadata: { customer: { tier: "pro" }, tags: ["a", "b"], n: 1.5 },
      receivedAt: expect.any(String),
      detections: [],
      budgetBreaches: [],
    });
    // tool calls carry the run's start (for window queries without a join) and their order.
    const calls = await db.sql.query<{ seq: number; runStartedAt: Date | string; projectId: string }>(
      `SELECT t."seq", t."runStartedAt", t."projectId" FROM "tool_calls" t JOIN "runs" r ON r."pk" = t."runPk"
       WHERE r."projectId" = $1 AND r."id" = 'as-sent-1' ORDER BY t."seq"`,
      [projectId],
    );
    expect(calls.map((c) => [c.seq, new Date(c.runStartedAt).toISOString(), c.projectId])).toEqual([
      [0, "2026-10-14T09:30:00.000Z", projectId],
      [1, "2026-10-14T09:30:00.000Z", projectId],
    ]);
  });

  it("keeps the failure and escalation objects and explicit trace, release and environment", async () => {
    const failed = validRun("failed-1", {
      outcome: "failure",
      failure: { category: "policy_violation", reason: "refund over policy limit", critical: true },
      traceId: "trace-9",
      release: "2026.10.1",
      environment: "canary",
    });
    const escalated = validRun("escalated-1", { outcome: "escalated", escalation: { reason: "budget cap exceeded" } });
    expect(await ingestRuns(db, projectId, [failed, escalated])).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(await getRunAsSent(db, projectId, "failed-1")).toMatchObject({
      traceId: "trace-9",
      release: "2026.10.1",
      environment: "canary",
      outcome: "failure",
      failure: { category: "policy_violation", reason: "refund over policy limit", critical: true },
      escalation: null,
    });
    expect(await getRunAsSent(db, projectId, "escalated-1")).toMatchObject({
      failure: null,
      escalation: { reason: "budget cap exceeded", reviewCostUsd: null },
    });
  });

  it("stores the valid runs of a mixed batch and reports the others by index", async () => {
    const runs = [validRun("mixed-0"), validRun("mixed-1", { costUsd: -1 }), validRun("mixed-2"), { id: "mixed-3" }, validRun("mixed-4")];
    const result = await ingestRuns(db, projectId, runs);
    expect(result.accepted).toBe(3);
    expect(result.duplicates).toBe(0);
    expect(result.rejected.map((r) => [r.index, r.id])).toEqual([
      [1, "mixed-1"],
      [3, "mixed-3"],
    ]);
    expect(result.rejected[0].errors).toEqual([{ path: "costUsd", message: "must be >= 0" }]);
    expect(await countStored(["mixed-0", "mixed-1", "mixed-2", "mixed-3", "mixed-4"])).toEqual({ runs: 3, toolCalls: 6 });
  });

  it("counts a second copy in the same batch as a duplicate; the first wins", async () => {
    const first = validRun("dup-in-batch", { workflow: "first" });
    const second = validRun("dup-in-batch", { workflow: "second", toolCalls: [] });
    expect(await ingestRuns(db, projectId, [first, second, validRun("dup-in-batch-other")])).toEqual({
      accepted: 2,
      duplicates: 1,
      rejected: [],
    });
    expect((await getRunAsSent(db, projectId, "dup-in-batch"))?.workflow).toBe("first");
    expect(await countStored(["dup-in-batch"])).toEqual({ runs: 1, toolCalls: 2 });
  });

  it("counts an id stored by an earlier batch as a duplicate", async () => {
    expect(await ingestRuns(db, projectId, [validRun("across-a"), validRun("across-b")])).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await ingestRuns(db, projectId, [validRun("across-b", { workflow: "changed" }), validRun("across-c")])).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: [],
    });
    expect((await getRunAsSent(db, projectId, "across-b"))?.workflow).toBe("refund-request");
    expect(await countStored(["across-a", "across-b", "across-c"])).toEqual({ runs: 3, toolCalls: 6 });
  });

  it("lands four concurrent copies of one batch exactly once", async () => {
    const runs = Array.from({ length: 300 }, (_, i) => validRun(`conc-${String(i).padStart(3, "0")}`));
    // Different orders per copy: the store's single lock order must keep them from deadlocking.
    const orders = [runs, [...runs].reverse(), [...runs.slice(150), ...runs.slice(0, 150)], runs.filter((_, i) => i % 2).concat(runs.filter((_, i) => !(i % 2)))];
    const results = await Promise.all(orders.map((batch) => ingestRuns(db, projectId, batch)));
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(300);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(900);
    for (const r of results) expect(r.rejected).toEqual([]);
    expect(await countStored(runs.map((r) => r.id as string))).toEqual({ runs: 300, toolCalls: 600 });
  });

  it("keeps the same id in another project apart", async () => {
    expect(await ingestRuns(db, otherProjectId, [validRun("across-a", { workflow: "other-project" })])).toMatchObject({ accepted: 1 });
    expect((await getRunAsSent(db, projectId, "across-a"))?.workflow).toBe("refund-request");
    expect((await getRunAsSent(db, otherProjectId, "across-a"))?.workflow).toBe("other-project");
    expect(await getRunAsSent(db, otherProjectId, "across-b")).toBeNull();
    expect(await getRunAsSent(db, projectId, "never-sent")).toBeNull();
  });

  it("cuts tool-call input and output at 8 KB of UTF-8 and says so", async () => {
    const big = "é".repeat(5000); // JSON text: 2 quotes + 10,000 bytes
    const fits = "a".repeat(8190); // JSON text: exactly 8,192 bytes
    const run = validRun("trunc-1", {
      toolCalls: [
        { name: "kb.search", startedAt: "2026-10-14T09:30:00Z", endedAt: "2026-10-14T09:30:01Z", status: "ok", input: big, output: fits },
      ],
    });
    expect(await ingestRuns(db, projectId, [run])).toMatchObject({ accepted: 1 });
    const [call] = (await getRunAsSent(db, projectId, "trunc-1"))!.toolCalls;
    expect(call.inputTruncated).toBe(true);
    expect(call.input).toBe(`"${"é".repeat(4095)}`);
    expect(Buffer.byteLength(call.input as string)).toBe(8191);
    expect(call.outputTruncated).toBe(false);
    expect(call.output).toBe(fits);
  });

  it("stores hostile strings literally and leaves the tables alone", async () => {
    const hostile = [
      "'; DROP TABLE runs; --",
      '<script>alert("x")</script>',
      "NULL",
      "\\N",
      'a"b\\c{d},e',
      "tab\there\nnew line",
      "emoji 😀 and ümlaut",
      "$1 $$ %s ${x}",
    ];
    const runs = hostile.map((s, i) =>
      validRun(`${s}#${i}`, {
        workflow: s,
        sessionId: s,
        outcome: "failure",
        failure: { category: "tool_error", reason: s },
        metadata: { [s]: s },
        toolCalls: [{ name: s, startedAt: "2026-10-14T09:30:00Z", endedAt: "2026-10-14T09:30:01Z", status: "error", errorType: s, input: s, output: { s } }],
      }),
    );
    expect(await ingestRuns(db, projectId, runs)).toEqual({ accepted: hostile.length, duplicates: 0, rejected: [] });
    for (const [i, s] of hostile.entries()) {
      const run = await getRunAsSent(db, projectId, `${s}#${i}`);
      expect(run).toMatchObject({ id: `${s}#${i}`, workflow: s, sessionId: s, failure: { reason: s }, metadata: { [s]: s } });
      expect(run!.toolCalls[0]).toMatchObject({ name: s, errorType: s, input: s, output: { s } });
    }
    const [{ n }] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "runs" WHERE "projectId" = $1`, [projectId]);
    expect(n).toBeGreaterThan(hostile.length);
  });

  it("isolates a run the database refuses, storing the rest of the batch", async () => {
    // Validation leaves the database nothing to refuse; simulate a refusal of one run (SQLSTATE 22xxx).
    const poisoned = (sql: SqlRunner): SqlRunner => ({
      ...sql,
      transaction: (fn) =>
        sql.transaction((tx) =>
          fn({
            ...tx,
            query: <T,>(text: string, params?: unknown[]) =>
              text.startsWith('INSERT INTO "runs"') && (params?.[1] as string[]).includes("poison-1")
                ? Promise.reject(Object.assign(new Error("value too long"), { code: "22001" }))
                : tx.query<T>(text, params),
          }),
        ),
    });
    const runs = [validRun("poison-0"), validRun("poison-1"), validRun("poison-2")];
    expect(await ingestRuns({ ...db, sql: poisoned(db.sql) }, projectId, runs)).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [{ index: 1, id: "poison-1", errors: [{ path: "", message: "refused by the database: value too long" }] }],
    });
    expect(await countStored(["poison-0", "poison-1", "poison-2"])).toEqual({ runs: 2, toolCalls: 4 });
  });

  it("stores a load bigger than one transaction's slice, counting duplicates across slices", async () => {
    const runs = Array.from({ length: 2500 }, (_, i) => validRun(`big-${i}`, { toolCalls: [] }));
    expect(await ingestRuns(db, projectId, [...runs, runs[0], runs[2400]])).toEqual({ accepted: 2500, duplicates: 2, rejected: [] });
    expect((await countStored(runs.map((r) => r.id as string))).runs).toBe(2500);
  });
});
