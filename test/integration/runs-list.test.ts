// GET /api/v1/runs's query: every filter alone and combined, and keyset pagination that never
// repeats or skips a run, also while runs are ingested between pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { listRuns } from "@/lib/server/queries/runs-list";
import { getRunDetail } from "@/lib/server/queries/run-detail";
import { runsQuerySchema, type RunsFilter } from "@/lib/shared/runs-query";
import { createTestProject, testDatabases } from "../helpers/db";

const T0 = Date.parse("2026-10-01T00:00:00.000Z");
type Spec = {
  id: string;
  minute: number;
  outcome: "success" | "failure" | "escalated";
  workflow: string;
  environment: "production" | "canary";
  release: string;
  failure?: { category: "tool_error" | "policy_violation"; reason: string; critical?: boolean };
  calls: { name: string; status: "ok" | "error" | "timeout" | "blocked" }[];
  durationMs: number;
  costUsd: number;
  sessionId: string;
  traceId?: string;
};

// 12 runs with every filter value appearing in more than one run but never in all.
const SPECS: Spec[] = Array.from({ length: 12 }, (_, i) => {
  const outcome = (["success", "failure", "escalated"] as const)[i % 3];
  return {
    id: `run-${String(i).padStart(2, "0")}`,
    // Two runs share each minute so ties on startedAt are ordered by id.
    minute: Math.floor(i / 2),
    outcome,
    workflow: i % 4 === 0 ? "refund" : "triage",
    environment: i % 5 === 0 ? "canary" : "production",
    release: i < 6 ? "gpt-4.1@v1" : "gpt-4.1@v2",
    failure:
      outcome === "failure"
        ? i % 2 === 0
          ? { category: "policy_violation", reason: "pii leaked", critical: true }
          : { category: "tool_error", reason: "ticketing API timeout" }
        : undefined,
    calls: [
      { name: "search", status: "ok" },
      ...(i % 3 === 1 ? [{ name: "ticketing.create", status: i % 2 === 0 ? ("timeout" as const) : ("error" as const) }] : []),
      ...(i % 4 === 3 ? [{ name: "ticketing.create", status: "blocked" as const }] : []),
    ],
    durationMs: 1000 * (i + 1),
    costUsd: 0.01 * (i + 1),
    sessionId: `sess-${i % 4}`,
    traceId: i === 7 ? "trace-special" : undefined,
  };
});

function toRun(s: Spec) {
  const start = T0 + s.minute * 60_000;
  return {
    id: s.id,
    ...(s.traceId ? { traceId: s.traceId } : {}),
    sessionId: s.sessionId,
    workflow: s.workflow,
    environment: s.environment,
    model: "gpt-4.1",
    promptVersion: s.release.split("@")[1],
    release: s.release,
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + s.durationMs).toISOString(),
    outcome: s.outcome,
    ...(s.failure ? { failure: s.failure } : {}),
    ...(s.outcome === "escalated" ? { escalation: { reason: "high-impact action" } } : {}),
    costUsd: s.costUsd,
    toolCalls: s.calls.map((c, k) => ({
      name: c.name,
      startedAt: new Date(start + k * 10).toISOString(),
      endedAt: new Date(start + k * 10 + 5).toISOString(),
      status: c.status,
      input: { q: s.id },
      output: c.status === "ok" ? { hits: 1 } : null,
    })),
  };
}

/** Expected order: startedAt desc, then id asc. */
const expectedIds = (pred: (s: Spec) => boolean) =>
  SPECS.filter(pred)
    .sort((a, b) => b.minute - a.minute || (a.id < b.id ? -1 : 1))
    .map((s) => s.id);

const parse = (q: Record<string, string>): RunsFilter => {
  const { cursor: _c, limit: _l, ...f } = runsQuerySchema.parse(q);
  return f;
};

const CASES: [string, Record<string, string>, (s: Spec) => boolean][] = [
  ["outcome", { outcome: "failure" }, (s) => s.outcome === "failure"],
  ["workflow", { workflow: "refund" }, (s) => s.workflow === "refund"],
  ["environment", { environment: "canary" }, (s) => s.environment === "canary"],
  ["release", { release: "gpt-4.1@v2" }, (s) => s.release === "gpt-4.1@v2"],
  ["failureCategory", { failureCategory: "policy_violation" }, (s) => s.failure?.category === "policy_violation"],
  ["failureReason", { failureReason: "ticketing API timeout" }, (s) => s.failure?.reason === "ticketing API timeout"],
  ["tool", { tool: "ticketing.create" }, (s) => s.calls.some((c) => c.name === "ticketing.create")],
  ["toolStatus", { toolStatus: "blocked" }, (s) => s.calls.some((c) => c.status === "blocked")],
  ["minLatencyMs", { minLatencyMs: "9000" }, (s) => s.durationMs >= 9000],
  ["minCostUsd", { minCostUsd: "0.1" }, (s) => s.costUsd >= 0.1 - 1e-9],
  ["sessionId", { sessionId: "sess-2" }, (s) => s.sessionId === "sess-2"],
  ["from/to", { from: "2026-10-01T00:02:00Z", to: "2026-10-01T00:04:00Z" }, (s) => s.minute >= 2 && s.minute < 4],
  ["q = run id", { q: "run-03" }, (s) => s.id === "run-03"],
  ["q = trace id", { q: "trace-special" }, (s) => s.traceId === "trace-special"],
  ["q = session id", { q: "sess-1" }, (s) => s.sessionId === "sess-1"],
  [
    "tool + toolStatus mean one call",
    { tool: "search", toolStatus: "error" },
    () => false,
  ],
  [
    "outcome + workflow + environment",
    { outcome: "failure", workflow: "triage", environment: "production" },
    (s) => s.outcome === "failure" && s.workflow === "triage" && s.environment === "production",
  ],
  [
    "category + reason + release + tool status",
    { failureCategory: "tool_error", failureReason: "ticketing API timeout", release: "gpt-4.1@v2", toolStatus: "error" },
    (s) =>
      s.failure?.reason === "ticketing API timeout" && s.release === "gpt-4.1@v2" && s.calls.some((c) => c.status === "error"),
  ],
  [
    "latency + cost + session + time",
    { minLatencyMs: "3000", minCostUsd: "0.05", sessionId: "sess-3", from: "2026-10-01T00:00:00Z", to: "2026-10-01T01:00:00Z" },
    (s) => s.durationMs >= 3000 && s.costUsd >= 0.05 - 1e-9 && s.sessionId === "sess-3",
  ],
];

describe.each(testDatabases())("runs list on $name", (target) => {
  let db: Database;
  let projectId: string;
  let otherProjectId: string;

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "runs-list")).id;
    otherProjectId = (await createTestProject(db, "runs-list-other")).id;
    const res = await ingestRuns(db, projectId, SPECS.map(toRun));
    expect(res).toEqual({ accepted: 12, duplicates: 0, rejected: [] });
    // Another project's runs (same ids) must never show up.
    await ingestRuns(db, otherProjectId, SPECS.map(toRun));
  });
  afterAll(async () => db?.close());

  it("lists all runs newest first, ties by id", async () => {
    const page = await listRuns(db.sql, projectId, {});
    expect(page.runs.map((r) => r.id)).toEqual(expectedIds(() => true));
    expect(page.nextCursor).toBeNull();
    const r4 = page.runs.find((r) => r.id === "run-04")!;
    expect(r4).toMatchObject({
      outcome: "failure",
      failure: { category: "policy_violation", reason: "pii leaked", critical: true },
      durationMs: 5000,
      toolCallCount: 2,
      startedAt: "2026-10-01T00:02:00.000Z",
    });
  });

  it.each(CASES)("filter: %s", async (_name, q, pred) => {
    const page = await listRuns(db.sql, projectId, parse(q));
    const expected = expectedIds(pred);
    expect(page.runs.map((r) => r.id)).toEqual(expected);
  });

  it("walks pages of a filter, each match exactly once", async () => {
    for (const limit of [1, 2, 5]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listRuns(db.sql, projectId, parse({ workflow: "triage" }), { cursor, limit });
        expect(page.runs.length).toBeLessThanOrEqual(limit);
        seen.push(...page.runs.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(expectedIds((s) => s.workflow === "triage"));
    }
  });

  it("walks pages exactly once while runs are ingested between pages", async () => {
    const before = expectedIds((s) => s.outcome !== "success");
    const seen: string[] = [];
    let cursor: string | undefined;
    let n = 0;
    do {
      const page = await listRuns(db.sql, projectId, parse({ release: "gpt-4.1@v1" }), { cursor, limit: 2 });
      seen.push(...page.runs.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      // A newer run (lands before the cursor) and one at the very same instant as a listed run.
      const newer = toRun({ ...SPECS[0], id: `late-new-${n}`, minute: 100 + n, release: "gpt-4.1@v1" });
      const tie = toRun({ ...SPECS[0], id: `run-00-late-${n}`, minute: 0, release: "gpt-4.1@v1" });
      await ingestRuns(db, projectId, [newer, tie]);
      n++;
    } while (cursor);
    // Every run present at the start appears once; nothing appears twice.
    const original = expectedIds((s) => s.release === "gpt-4.1@v1");
    for (const id of original) expect(seen.filter((x) => x === id)).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.some((id) => id.startsWith("late-new"))).toBe(false);
    expect(before.length).toBeGreaterThan(0);
  });

  it("refuses a forged cursor naming the field", async () => {
    await expect(listRuns(db.sql, projectId, {}, { cursor: "not-a-cursor" })).rejects.toMatchObject({
      status: 400,
      issues: [{ path: "cursor", message: "not a cursor from this API" }],
    });
  });

  it("reads one run with its calls; another project's run is not there", async () => {
    const run = await getRunDetail(db.sql, projectId, "run-07");
    expect(run).toMatchObject({ id: "run-07", traceId: "trace-special", toolCallCount: 3 });
    expect(run!.toolCalls.map((c) => [c.seq, c.name, c.status, c.offsetMs, c.latencyMs])).toEqual([
      [0, "search", "ok", 0, 5],
      [1, "ticketing.create", "error", 10, 5],
      [2, "ticketing.create", "blocked", 20, 5],
    ]);
    expect(await getRunDetail(db.sql, projectId, "nope")).toBeNull();
    const other = await createTestProject(db, "runs-list-empty");
    expect(await getRunDetail(db.sql, other.id, "run-07")).toBeNull();
  });
});

describe("runs query schema", () => {
  it("names the field of bad input", () => {
    const bad = runsQuerySchema.safeParse({ outcome: "meh", limit: "500", minLatencyMs: "-1" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join(".")).sort()).toEqual(["limit", "minLatencyMs", "outcome"]);
    expect(runsQuerySchema.parse({ workflow: "", limit: "10" })).toEqual({ limit: 10 });
  });
});
