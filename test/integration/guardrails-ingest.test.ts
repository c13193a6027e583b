// Guardrail detections at ingest (issue 17), on PGlite and PostgreSQL: a dataset with known retry
// storms, loops, failure streaks and duplicate side effects (and a near miss of each) gives exact
// detections and wasted cost; the runs-list filters return exactly those runs; re-sending the same
// runs changes nothing; a changed threshold applies to new runs only; an OTLP trace rebuilt by a
// late span has its detections replaced.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { ingestOtelSpans } from "@/lib/server/otel";
import { decode } from "@/lib/server/otel/body";
import { listRuns } from "@/lib/server/queries/runs-list";
import { getRunAsSent } from "@/lib/server/queries/runs-read";
import { updateGuardrailSettings } from "@/lib/server/services/guardrail-settings";
import type { RunsFilter } from "@/lib/shared/runs-query";
import { toOtlpJson, type FixtureSpan } from "@/test/helpers/otlp";
import { createTestProject, testDatabases } from "../helpers/db";

const T0 = Date.parse("2026-11-02T09:00:00.000Z");
type Call = { name: string; input?: unknown; status?: string; costUsd?: number; idempotencyKey?: string; sideEffect?: boolean };

/** A run whose calls follow one another 100 ms apart; costs are binary fractions, so sums are exact. */
function run(id: string, minute: number, calls: Call[]) {
  const start = T0 + minute * 60_000;
  return {
    id,
    sessionId: `s-${id}`,
    workflow: "refund-request",
    model: "gpt-4.1",
    promptVersion: "v12",
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + 60_000).toISOString(),
    outcome: "success",
    costUsd: 1,
    toolCalls: calls.map((c, i) => ({
      startedAt: new Date(start + i * 100).toISOString(),
      endedAt: new Date(start + i * 100 + 50).toISOString(),
      status: "ok",
      costUsd: 0.25,
      ...c,
    })),
  };
}
const times = (n: number, c: Call): Call[] => Array.from({ length: n }, () => ({ ...c }));
const refund = (order: string, over: Partial<Call> = {}): Call => ({ name: "payments.refund", input: { order, amountUsd: 40 }, sideEffect: true, ...over });

const RUNS = [
  // A retry storm: kb.search with the same input 4 times (keys in another order count as the same input).
  run("storm", 0, [{ name: "kb.search", input: { q: "refund", page: 1 } }, { name: "crm.customer", input: { id: 7 } }, ...times(3, { name: "kb.search", input: { page: 1, q: "refund" } })]),
  run("storm-near", 1, [...times(2, { name: "kb.search", input: { q: "a" } }), { name: "kb.search", input: { q: "b" } }]),
  run("loop", 2, [{ name: "auth" }, ...[1, 2].flatMap(() => [{ name: "kb.search", input: { q: "x" } }, { name: "crm.customer", input: { id: 7 }, costUsd: 0.5 }])]),
  run("loop-near", 3, [{ name: "kb.search", input: { page: 1 } }, { name: "kb.fetch", input: 1 }, { name: "kb.search", input: { page: 2 } }, { name: "kb.fetch", input: 2 }]),
  run("streak", 4, [{ name: "ticketing.create", input: 1, status: "error" }, { name: "kb.search", input: 9, costUsd: 0.125 }, { name: "ticketing.create", input: 2, status: "timeout" }, { name: "ticketing.create", input: 3, status: "blocked", costUsd: 0 }]),
  run("streak-near", 5, [{ name: "ticketing.create", input: 1, status: "error" }, { name: "ticketing.create", input: 2, status: "error" }, { name: "ticketing.create", input: 3 }, { name: "ticketing.create", input: 4, status: "error" }]),
  run("dup-nokey", 6, [refund("A-1"), { name: "email.send", input: { to: "c@x" } }, refund("A-1", { costUsd: 0.5 })]),
  // ticketing.create is side-effecting by the project's list; two keys for one input.
  run("dup-keys", 7, [{ name: "ticketing.create", input: { title: "refund" }, idempotencyKey: "k-1" }, { name: "ticketing.create", input: { title: "refund" }, idempotencyKey: "k-2" }]),
  run("dup-same-key", 8, [refund("A-2", { idempotencyKey: "k-9", status: "timeout" }), refund("A-2", { idempotencyKey: "k-9" })]),
  run("storm-dup", 9, times(3, refund("A-3"))),
  run("plain", 10, [{ name: "kb.search", input: { q: "x" } }, { name: "crm.customer", input: { id: 1 } }]),
];

const EXPECTED: Record<string, { kind: string; tool: string; count: number; wastedCostUsd: number; calls: number[] }[]> = {
  storm: [{ kind: "repeated_call", tool: "kb.search", count: 4, wastedCostUsd: 0.75, calls: [0, 2, 3, 4] }],
  loop: [{ kind: "cycle", tool: "kb.search → crm.customer", count: 2, wastedCostUsd: 0.75, calls: [1, 2, 3, 4] }],
  streak: [{ kind: "failure_streak", tool: "ticketing.create", count: 3, wastedCostUsd: 0.25, calls: [0, 2, 3] }],
  "dup-nokey": [{ kind: "duplicate_side_effect", tool: "payments.refund", count: 2, wastedCostUsd: 0.5, calls: [0, 2] }],
  "dup-keys": [{ kind: "duplicate_side_effect", tool: "ticketing.create", count: 2, wastedCostUsd: 0.25, calls: [0, 1] }],
  "storm-dup": [
    { kind: "repeated_call", tool: "payments.refund", count: 3, wastedCostUsd: 0.5, calls: [0, 1, 2] },
    { kind: "duplicate_side_effect", tool: "payments.refund", count: 3, wastedCostUsd: 0.5, calls: [0, 1, 2] },
  ],
};

describe.each(testDatabases())("guardrail detections at ingest on $name", (target) => {
  let db: Database;
  let projectId: string;
  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "guard")).id;
    await updateGuardrailSettings(db, projectId, { sideEffectTools: ["ticketing.create"] }, { type: "cli" });
  });
  afterAll(async () => {
    await db?.close();
  });

  const ids = async (filter: RunsFilter) => (await listRuns(db, projectId, filter, { limit: 200 })).runs.map((r) => r.id).sort();
  const table = () =>
    db.sql.query(
      `SELECT r."id", d."seq", d."kind"::text AS "kind", d."tool", d."count", d."wastedCostUsd", d."calls", d."runStartedAt" = r."startedAt" AS "sameStart"
       FROM "run_detections" d JOIN "runs" r ON r."pk" = d."runPk" AND r."projectId" = d."projectId"
       WHERE d."projectId" = $1 ORDER BY r."id", d."seq"`,
      [projectId],
    );

  it("stores exactly the expected detections with each run, none for the near misses", async () => {
    expect(await ingestRuns(db, projectId, RUNS)).toEqual({ accepted: RUNS.length, duplicates: 0, rejected: [] });
    for (const r of RUNS) expect((await getRunAsSent(db, projectId, r.id))?.detections, r.id).toEqual(EXPECTED[r.id] ?? []);
    const totals = await db.sql.query<{ kind: string; n: number; wasted: number }>(
      `SELECT "kind"::text AS "kind", count(*)::int AS "n", sum("wastedCostUsd")::float8 AS "wasted" FROM "run_detections"
       WHERE "projectId" = $1 GROUP BY 1 ORDER BY 1`,
      [projectId],
    );
    expect(totals).toEqual([
      { kind: "cycle", n: 1, wasted: 0.75 },
      { kind: "duplicate_side_effect", n: 3, wasted: 1.25 },
      { kind: "failure_streak", n: 1, wasted: 0.25 },
      { kind: "repeated_call", n: 2, wasted: 1.25 },
    ]);
    const rows = await table();
    expect(rows.every((r) => r.sameStart)).toBe(true);
    expect(rows.find((r) => r.id === "loop")?.calls).toEqual([1, 2, 3, 4]);
  });

  it("the runs list filters detection= and duplicateSideEffect= return exactly those runs", async () => {
    expect(await ids({ detection: "repeated_call" })).toEqual(["storm", "storm-dup"]);
    expect(await ids({ detection: "cycle" })).toEqual(["loop"]);
    expect(await ids({ detection: "failure_streak" })).toEqual(["streak"]);
    expect(await ids({ duplicateSideEffect: true })).toEqual(["dup-keys", "dup-nokey", "storm-dup"]);
    expect(await ids({ duplicateSideEffect: false })).toEqual(["dup-same-key", "loop", "loop-near", "plain", "storm", "storm-near", "streak", "streak-near"]);
    expect(await ids({ detection: "repeated_call", duplicateSideEffect: true })).toEqual(["storm-dup"]);
    expect((await listRuns(db, projectId, { detection: "repeated_call" })).total).toBe(2);
  });

  it("re-sending the same runs stores nothing twice and changes no detection", async () => {
    const before = await table();
    expect(await ingestRuns(db, projectId, RUNS)).toEqual({ accepted: 0, duplicates: RUNS.length, rejected: [] });
    expect(await table()).toEqual(before);
  });

  it("a changed threshold applies to runs stored after it; stored detections stay", async () => {
    await updateGuardrailSettings(db, projectId, { repeatedCallThreshold: 5 }, { type: "cli" });
    await ingestRuns(db, projectId, [run("storm-after", 20, times(4, { name: "kb.search", input: { q: "refund" } }))]);
    expect((await getRunAsSent(db, projectId, "storm-after"))?.detections).toEqual([]);
    expect((await getRunAsSent(db, projectId, "storm"))?.detections).toEqual(EXPECTED.storm);
    await updateGuardrailSettings(db, projectId, { repeatedCallThreshold: 3 }, { type: "cli" });
  });

  it("an OTLP trace rebuilt by a late span has its detections replaced, not added", async () => {
    const traceId = randomBytes(16).toString("hex");
    const rootId = randomBytes(8).toString("hex");
    const root: FixtureSpan = { traceId, spanId: rootId, name: "invoke_agent refunds", startMs: T0, endMs: T0 + 9000 };
    const tool = (s: number, attributes: Record<string, string | number | boolean> = {}): FixtureSpan => ({
      traceId,
      spanId: randomBytes(8).toString("hex"),
      parentSpanId: rootId,
      name: "execute_tool payments.refund",
      startMs: T0 + s * 1000,
      endMs: T0 + s * 1000 + 250,
      attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "payments.refund", "gen_ai.tool.call.arguments": '{"order":"B-1"}', "keel.cost_usd": 0.25, ...attributes },
    });
    const send = (spans: FixtureSpan[]) => ingestOtelSpans(db, projectId, decode(Buffer.from(JSON.stringify(toOtlpJson({ spans }))), "json"));
    await send([root, tool(1, { "keel.tool.side_effect": true, "keel.tool.idempotency_key": "r-1" }), tool(2, { "keel.tool.side_effect": true, "keel.tool.idempotency_key": "r-1" }), tool(3)]);
    const first = await getRunAsSent(db, projectId, traceId);
    expect(first?.toolCalls.map((c) => [c.idempotencyKey, c.sideEffect])).toEqual([["r-1", true], ["r-1", true], [null, null]]);
    expect(first?.detections).toEqual([{ kind: "repeated_call", tool: "payments.refund", count: 3, wastedCostUsd: 0.5, calls: [0, 1, 2] }]);
    await send([tool(4, { "keel.tool.side_effect": true })]);
    expect((await getRunAsSent(db, projectId, traceId))?.detections).toEqual([
      { kind: "repeated_call", tool: "payments.refund", count: 4, wastedCostUsd: 0.75, calls: [0, 1, 2, 3] },
      { kind: "duplicate_side_effect", tool: "payments.refund", count: 2, wastedCostUsd: 0.25, calls: [0, 1, 3] },
    ]);
    const [{ n }] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "run_detections" d JOIN "runs" r ON r."pk" = d."runPk" WHERE r."projectId" = $1 AND r."id" = $2`,
      [projectId, traceId],
    );
    expect(n).toBe(2);
  });
});
