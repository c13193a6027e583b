// GET /api/v1/runs's query: every filter alone and combined, the exact total, every sort in both
// orders, and keyset pagination that never repeats or skips a run under any sort, also while runs
// are ingested between pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { listRuns } from "@/lib/server/queries/runs-list";
import { getRunDetail } from "@/lib/server/queries/run-detail";
import { encodeRunsCursor, runsQuerySchema, type RunSort, type RunsFilter, type SortOrder } from "@/lib/shared/runs-query";
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
  calls: { name: string; status: "ok" | "error" | "timeout" | "blocked"; latencyMs: number; retry?: boolean }[];
  durationMs: number;
  costUsd: number;
  sessionId: string;
  traceId?: string;
};

// 12 runs with every filter value appearing in more than one run but never in all. Durations,
// costs and call latencies repeat, so every sort has ties (ordered by id).
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
      // search latencies 5..55 ms, each value in two runs; run-06's search is a retry.
      { name: "search", status: "ok", latencyMs: 10 * ((i * 5) % 6) + 5, retry: i === 6 },
      // run-02 and run-08 search twice; their slowest search is 300 ms.
      ...(i % 6 === 2 ? [{ name: "search", status: "ok" as const, latencyMs: 300 }] : []),
      ...(i % 3 === 1
        ? [{ name: "ticketing.create", status: i % 2 === 0 ? ("timeout" as const) : ("error" as const), latencyMs: 100 * (i % 5) + 7, retry: i === 4 }]
        : []),
      ...(i % 4 === 3 ? [{ name: "ticketing.create", status: "blocked" as const, latencyMs: 3, retry: i === 11 }] : []),
    ],
    durationMs: 1000 * ((i % 6) + 1),
    costUsd: 0.01 * ((i % 4) + 1),
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
      startedAt: new Date(start + k * 310).toISOString(),
      endedAt: new Date(start + k * 310 + c.latencyMs).toISOString(),
      status: c.status,
      retry: c.retry ?? false,
      input: { q: s.id },
      output: c.status === "ok" ? { hits: 1 } : null,
    })),
  };
}

/** The slowest call of `tool` in the run (the toolLatency sort's value). */
const toolLatency = (s: Spec, tool: string) => Math.max(...s.calls.filter((c) => c.name === tool).map((c) => c.latencyMs));
const SORT_VALUE: Record<Exclude<RunSort, "toolLatency">, (s: Spec) => number> = {
  startedAt: (s) => s.minute,
  duration: (s) => s.durationMs,
  cost: (s) => s.costUsd,
};

/** Expected order: the sort's value in `order` (default startedAt desc), then id asc. */
const expectedIds = (pred: (s: Spec) => boolean, sort: RunSort = "startedAt", order: SortOrder = "desc", tool = "search") => {
  const value = sort === "toolLatency" ? (s: Spec) => toolLatency(s, tool) : SORT_VALUE[sort];
  const dir = order === "desc" ? -1 : 1;
  return SPECS.filter(pred)
    .sort((a, b) => dir * (value(a) - value(b)) || (a.id < b.id ? -1 : 1))
    .map((s) => s.id);
};

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
  ["minLatencyMs", { minLatencyMs: "5000" }, (s) => s.durationMs >= 5000],
  ["minCostUsd", { minCostUsd: "0.03" }, (s) => s.costUsd >= 0.03 - 1e-9],
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
    { minLatencyMs: "3000", minCostUsd: "0.02", sessionId: "sess-3", from: "2026-10-01T00:00:00Z", to: "2026-10-01T01:00:00Z" },
    (s) => s.durationMs >= 3000 && s.costUsd >= 0.02 - 1e-9 && s.sessionId === "sess-3",
  ],
  // The filters behind the dashboards' numbers (issue 10).
  ["critical=true", { critical: "true" }, (s) => s.failure?.critical === true],
  ["critical=false", { critical: "false" }, (s) => s.outcome === "failure" && !s.failure?.critical],
  ["critical + category", { critical: "true", failureCategory: "policy_violation" }, (s) => s.failure?.category === "policy_violation" && s.failure.critical === true],
  ["toolStatus=not_ok", { toolStatus: "not_ok" }, (s) => s.calls.some((c) => c.status !== "ok")],
  ["tool + not_ok mean one call", { tool: "search", toolStatus: "not_ok" }, () => false],
  [
    "tool + not_ok",
    { tool: "ticketing.create", toolStatus: "not_ok" },
    (s) => s.calls.some((c) => c.name === "ticketing.create" && c.status !== "ok"),
  ],
  ["retried=true", { retried: "true" }, (s) => s.calls.some((c) => c.retry)],
  ["retried=false", { retried: "false" }, (s) => !s.calls.some((c) => c.retry)],
  ["tool + retried mean one call", { tool: "ticketing.create", retried: "true" }, (s) => s.calls.some((c) => c.name === "ticketing.create" && c.retry)],
  ["tool + retried=false", { tool: "search", retried: "false" }, (s) => !s.calls.some((c) => c.name === "search" && c.retry)],
  [
    "tool + status + retried",
    { tool: "ticketing.create", toolStatus: "timeout", retried: "true" },
    (s) => s.calls.some((c) => c.name === "ticketing.create" && c.status === "timeout" && c.retry === true),
  ],
];

/** Every sort in both orders; toolLatency with each tool. */
const SORTS: [RunSort, SortOrder, Record<string, string>][] = [
  ["startedAt", "desc", {}],
  ["startedAt", "asc", {}],
  ["duration", "desc", {}],
  ["duration", "asc", {}],
  ["cost", "desc", {}],
  ["cost", "asc", {}],
  ["toolLatency", "desc", { tool: "search" }],
  ["toolLatency", "asc", { tool: "search" }],
  ["toolLatency", "desc", { tool: "ticketing.create" }],
  ["toolLatency", "asc", { tool: "ticketing.create" }],
];

const matches = (q: Record<string, string>) => (s: Spec) =>
  !q.tool || s.calls.some((c) => c.name === q.tool);

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
    const page = await listRuns(db, projectId, {});
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

  it.each(CASES)("filter: %s (and its exact total)", async (_name, q, pred) => {
    const page = await listRuns(db, projectId, parse(q));
    const expected = expectedIds(pred);
    expect(page.runs.map((r) => r.id)).toEqual(expected);
    expect(page.total).toBe(expected.length);
    // The total counts all matches, not the page.
    const first = await listRuns(db, projectId, parse(q), { limit: 1 });
    expect(first.total).toBe(expected.length);
    expect(first.runs.map((r) => r.id)).toEqual(expected.slice(0, 1));
  });

  it("the filters behind the numbers select exactly these runs", async () => {
    const ids = async (q: Record<string, string>) => (await listRuns(db, projectId, parse(q))).runs.map((r) => r.id).sort();
    expect(await ids({ critical: "true" })).toEqual(["run-04", "run-10"]);
    expect(await ids({ critical: "false" })).toEqual(["run-01", "run-07"]);
    expect(await ids({ toolStatus: "not_ok" })).toEqual(["run-01", "run-03", "run-04", "run-07", "run-10", "run-11"]);
    expect(await ids({ retried: "true" })).toEqual(["run-04", "run-06", "run-11"]);
    expect(await ids({ tool: "ticketing.create", retried: "true" })).toEqual(["run-04", "run-11"]);
  });

  it("with a tool filter, each run carries that tool's slowest call", async () => {
    const page = await listRuns(db, projectId, parse({ tool: "search" }));
    expect(Object.fromEntries(page.runs.map((r) => [r.id, r.toolLatencyMs]))).toEqual(
      Object.fromEntries(SPECS.map((s) => [s.id, toolLatency(s, "search")])),
    );
    expect(page.runs.find((r) => r.id === "run-08")!.toolLatencyMs).toBe(300);
    const plain = await listRuns(db, projectId, {});
    expect(plain.runs.every((r) => !("toolLatencyMs" in r))).toBe(true);
  });

  it.each(SORTS)("sort=%s order=%s %o: full order, and cursors walk it exactly once", async (sort, order, q) => {
    const expected = expectedIds(matches(q), sort, order, q.tool);
    const all = await listRuns(db, projectId, parse(q), { sort, order, limit: 200 });
    expect(all.runs.map((r) => r.id)).toEqual(expected);
    expect(all.total).toBe(expected.length);
    for (const limit of [1, 2, 5]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listRuns(db, projectId, parse(q), { sort, order, cursor, limit });
        expect(page.total).toBe(expected.length);
        seen.push(...page.runs.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(seen).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / limit));
    }
  });

  it("sorts a filtered list and walks it: failures by duration, slowest first", async () => {
    const pred = (s: Spec) => s.outcome === "failure";
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRuns(db, projectId, parse({ outcome: "failure" }), { sort: "duration", order: "desc", cursor, limit: 1 });
      expect(page.total).toBe(4);
      seen.push(...page.runs.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // Durations: run-04 and run-10 5 s, run-01 and run-07 2 s (ties → id asc).
    expect(seen).toEqual(["run-04", "run-10", "run-01", "run-07"]);
    expect(seen).toEqual(expectedIds(pred, "duration", "desc"));
  });

  it("walks pages of a filter, each match exactly once", async () => {
    for (const limit of [1, 2, 5]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listRuns(db, projectId, parse({ workflow: "triage" }), { cursor, limit });
        expect(page.runs.length).toBeLessThanOrEqual(limit);
        seen.push(...page.runs.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(expectedIds((s) => s.workflow === "triage"));
    }
  });

  it("refuses a forged cursor naming the field", async () => {
    await expect(listRuns(db, projectId, {}, { cursor: "not-a-cursor" })).rejects.toMatchObject({
      status: 400,
      issues: [{ path: "cursor", message: "not a cursor from this API" }],
    });
  });

  it("refuses a cursor of another sort or order, naming cursor", async () => {
    const byDuration = await listRuns(db, projectId, {}, { sort: "duration", order: "desc", limit: 2 });
    expect(byDuration.nextCursor).not.toBeNull();
    for (const other of [{}, { sort: "duration", order: "asc" }, { sort: "cost", order: "desc" }] as const) {
      await expect(listRuns(db, projectId, {}, { ...other, cursor: byDuration.nextCursor! })).rejects.toMatchObject({
        status: 400,
        issues: [{ path: "cursor" }],
      });
    }
    const byTool = await listRuns(db, projectId, parse({ tool: "search" }), { sort: "toolLatency", limit: 2 });
    await expect(listRuns(db, projectId, parse({ tool: "search" }), { sort: "duration", cursor: byTool.nextCursor! })).rejects.toMatchObject({
      status: 400,
      issues: [{ path: "cursor" }],
    });
    // A well-formed cursor of the same sort is read, even one this API did not hand out.
    const forged = encodeRunsCursor({ sort: "cost", order: "desc", value: 0.02, id: "run-00" });
    const after = await listRuns(db, projectId, {}, { sort: "cost", order: "desc", cursor: forged, limit: 200 });
    expect(after.runs.map((r) => r.id)).toEqual(
      expectedIds((s) => s.costUsd < 0.02 || (s.costUsd === 0.02 && s.id > "run-00"), "cost", "desc"),
    );
    expect(after.runs[0].id).toBe("run-01");
  });

  it("refuses sort=toolLatency without a tool, naming sort", async () => {
    await expect(listRuns(db, projectId, {}, { sort: "toolLatency" })).rejects.toMatchObject({
      status: 400,
      issues: [{ path: "sort" }],
    });
  });

  it("reads one run with its calls; another project's run is not there", async () => {
    const run = await getRunDetail(db, projectId, "run-07");
    expect(run).toMatchObject({ id: "run-07", traceId: "trace-special", toolCallCount: 3 });
    expect(run!.toolCalls.map((c) => [c.seq, c.name, c.status, c.offsetMs, c.latencyMs])).toEqual([
      [0, "search", "ok", 0, 55],
      [1, "ticketing.create", "error", 310, 207],
      [2, "ticketing.create", "blocked", 620, 3],
    ]);
    expect(await getRunDetail(db, projectId, "nope")).toBeNull();
    const other = await createTestProject(db, "runs-list-empty");
    expect(await getRunDetail(db, other.id, "run-07")).toBeNull();
  });

  // These two ingest more runs into the project: they run last.
  it("walks pages exactly once while runs are ingested between pages", async () => {
    const before = expectedIds((s) => s.outcome !== "success");
    const seen: string[] = [];
    let cursor: string | undefined;
    let n = 0;
    do {
      const page = await listRuns(db, projectId, parse({ release: "gpt-4.1@v1" }), { cursor, limit: 2 });
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

  it("walks a duration sort exactly once while runs are ingested between pages", async () => {
    const original = expectedIds((s) => s.workflow === "refund", "duration", "asc");
    const seen: string[] = [];
    let cursor: string | undefined;
    let n = 0;
    do {
      const page = await listRuns(db, projectId, parse({ workflow: "refund" }), { sort: "duration", order: "asc", cursor, limit: 1 });
      seen.push(...page.runs.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      // Faster than anything listed (lands before the cursor), and a tie with the last row.
      const faster = toRun({ ...SPECS[0], id: `fast-${n}`, durationMs: 10 });
      const tie = toRun({ ...SPECS[0], id: `run-00-tie-${n}`, durationMs: page.runs[0]?.durationMs ?? 1000 });
      await ingestRuns(db, projectId, [faster, tie]);
      n++;
    } while (cursor);
    for (const id of original) expect(seen.filter((x) => x === id)).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.some((id) => id.startsWith("fast-"))).toBe(false);
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
