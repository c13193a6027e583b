// The weekly review on a real database: its KPI objects are the overview's for the same weeks,
// last week's counts per failure type (0 when absent), the open fix item, tools by p95, releases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { getOverview } from "@/lib/server/queries/metrics/overview";
import { getTopFailureReasons } from "@/lib/server/queries/metrics/failures";
import { getWeeklyReview } from "@/lib/server/queries/review";
import { ensureUserWithRole } from "@/lib/server/services/accounts";
import { createFixItem, updateFixItem } from "@/lib/server/services/fix-items";
import { fixItemCreateBody, fixItemCreateSchema } from "@/lib/shared/fix-items";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";

// 2026-W42 is Oct 12–18; W41 is Oct 5–11.
const W42 = { year: 2026, week: 42 };
type Failure = { category: string; reason: string };

let seq = 0;
function run(startedAt: string, outcome: "success" | "failure" | "escalated", o: { failure?: Failure; workflow?: string; release?: string; costUsd?: number; tool?: [string, number] } = {}) {
  const start = new Date(startedAt);
  const end = new Date(start.getTime() + 2000 + (seq % 5) * 1000);
  const id = `rv-${++seq}`;
  return {
    id,
    sessionId: `s-${seq % 7}`,
    workflow: o.workflow ?? "refund-request",
    model: "gpt-4.1",
    promptVersion: "v1",
    ...(o.release ? { release: o.release } : {}),
    startedAt: start.toISOString(),
    endedAt: end.toISOString(),
    outcome,
    ...(outcome === "failure" ? { failure: o.failure ?? { category: "tool_error", reason: "ticketing API timeout" } } : {}),
    ...(outcome === "escalated" ? { escalation: { reason: "high-impact action" } } : {}),
    costUsd: o.costUsd ?? 0.1,
    toolCalls: o.tool
      ? [{ name: o.tool[0], startedAt: start.toISOString(), endedAt: new Date(start.getTime() + o.tool[1]).toISOString(), status: "ok" }]
      : [],
  };
}

const timeout: Failure = { category: "tool_error", reason: "ticketing API timeout" };
const leak: Failure = { category: "policy_violation", reason: "PII in reply" };
const ctx: Failure = { category: "context_failure", reason: "lost order id" };

describe.each(testDatabases())("weekly review on $name", (target) => {
  let db: Database;
  let projectId: string;

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "review")).id;
    const runs = [
      // W41: 3 timeouts, 1 lost order id, 2 successes on release a
      run("2026-10-05T10:00:00Z", "failure", { failure: timeout, release: "a" }),
      run("2026-10-06T10:00:00Z", "failure", { failure: timeout, release: "a" }),
      run("2026-10-07T10:00:00Z", "failure", { failure: timeout, release: "a" }),
      run("2026-10-08T10:00:00Z", "failure", { failure: ctx, release: "a" }),
      run("2026-10-09T10:00:00Z", "success", { release: "a", tool: ["crm.lookup", 300] }),
      run("2026-10-11T23:59:59Z", "success", { release: "a", tool: ["crm.lookup", 500] }),
      // W42: 2 timeouts, 2 PII leaks (absent last week), 1 escalation, 3 successes on release b
      run("2026-10-12T00:00:00Z", "failure", { failure: timeout, release: "b" }),
      run("2026-10-13T08:00:00Z", "failure", { failure: timeout, release: "b", workflow: "order-status" }),
      run("2026-10-14T08:00:00Z", "failure", { failure: leak, release: "b" }),
      run("2026-10-15T08:00:00Z", "failure", { failure: leak, release: "b" }),
      run("2026-10-16T08:00:00Z", "escalated", { release: "b" }),
      run("2026-10-17T08:00:00Z", "success", { release: "b", tool: ["crm.lookup", 800] }),
      run("2026-10-18T08:00:00Z", "success", { release: "b", tool: ["kb.search", 2000] }),
      run("2026-10-18T23:59:59Z", "success", { release: "b", workflow: "order-status", tool: ["ticketing.create", 100] }),
      // W43: outside the review
      run("2026-10-19T00:00:00Z", "failure", { failure: ctx, release: "b" }),
    ];
    const res = await ingestRuns(db, projectId, runs);
    expect(res.rejected).toEqual([]);
    expect(res.accepted).toBe(runs.length);
  });
  afterAll(async () => db?.close());

  it("uses the overview objects of the week and the week before (one shared computation)", async () => {
    const review = await getWeeklyReview(db, projectId, W42);
    expect(review.week).toBe("2026-W42");
    expect(review.previousWeek).toBe("2026-W41");
    expect(review.from).toBe("2026-10-12T00:00:00.000Z");
    expect(review.to).toBe("2026-10-19T00:00:00.000Z");
    const overview42 = await getOverview(db, { projectId, from: new Date(review.from), to: new Date(review.to) });
    const overview41 = await getOverview(db, { projectId, from: new Date("2026-10-05T00:00:00Z"), to: new Date(review.from) });
    expect(review.kpis.current).toEqual(overview42);
    expect(review.kpis.previous).toEqual(overview41);
    expect(review.kpis.current).toMatchObject({ runs: 8, failures: 4, escalations: 1, successes: 3, successRate: 3 / 8 });
    expect(review.kpis.previous).toMatchObject({ runs: 6, failures: 4, successes: 2, successRate: 2 / 6 });
    const top = await getTopFailureReasons(db, { projectId, from: new Date(review.from), to: new Date(review.to) }, 10);
    expect(review.topFailures.map((f) => [f.category, f.reason, f.count, f.share])).toEqual(top.map((f) => [f.category, f.reason, f.count, f.share]));
  });

  it("gives last week's count per failure type, 0 when it did not occur", async () => {
    const review = await getWeeklyReview(db, projectId, W42);
    expect(review.topFailures.map((f) => [f.category, f.reason, f.count, f.previousCount])).toEqual([
      ["policy_violation", "PII in reply", 2, 0],
      ["tool_error", "ticketing API timeout", 2, 3],
    ]);
  });

  it("compares workflows and tools week over week, and the newest release with the one before", async () => {
    const review = await getWeeklyReview(db, projectId, W42);
    expect(review.workflows.map((w) => [w.workflow, w.current?.runs ?? null, w.previous?.runs ?? null])).toEqual([
      ["refund-request", 6, 6],
      ["order-status", 2, null],
    ]);
    expect(review.topToolsByP95.map((t) => [t.tool, t.latencyMs.p95, t.previousP95Ms])).toEqual([
      ["kb.search", 2000, null],
      ["crm.lookup", 800, 490],
      ["ticketing.create", 100, null],
    ]);
    expect(review.sinceRelease?.release).toBe("b");
    expect(review.sinceRelease?.previousRelease).toBe("a");
    expect(review.sinceRelease?.current.runs).toBe(8);
    expect(review.sinceRelease?.previous.runs).toBe(6);
    // Each release's own window (its first run to the week's end) and environments: the context
    // the page shows beside the rates, and the runs its counts link to.
    expect(review.sinceRelease).toMatchObject({
      currentFrom: "2026-10-12T00:00:00.000Z",
      previousFrom: "2026-10-05T10:00:00.000Z",
      to: "2026-10-19T00:00:00.000Z",
      environments: ["production"],
      previousEnvironments: ["production"],
    });
  });

  it("assigning a top failure from the review: the editor's body (the row's category and reason only) creates the item the review then shows", async () => {
    const email = `${uniqueSlug("po")}@keel.test`;
    const { user } = await ensureUserWithRole(db, { email, password: "pw-12345678", projectId, role: "owner" });
    const before = await getWeeklyReview(db, projectId, W42);
    const row = before.topFailures.find((f) => f.reason === leak.reason)!;
    expect(row.fixItem).toBeNull();
    // What "Assign" sent before the fix: the whole row. The strict contract schema refuses it.
    const spread = fixItemCreateSchema.safeParse({ ...row, owner: email, dueDate: "2026-10-30", status: "open" });
    expect(spread.success).toBe(false);
    expect(spread.error?.issues.map((i) => i.message).join(" ")).toMatch(/Unrecognized keys: "count", "previousCount", "share", "fixItem"/);
    const body = fixItemCreateSchema.parse(fixItemCreateBody(row, { owner: email, dueDate: "2026-10-30", status: "open", notes: "" }));
    const created = await createFixItem(db, projectId, user.id, body);
    const after = await getWeeklyReview(db, projectId, W42);
    expect(after.topFailures.find((f) => f.reason === leak.reason)?.fixItem).toMatchObject({ id: created.id, owner: email, dueDate: "2026-10-30", status: "open", notes: null });
  });

  it("links the open fix item of a failure type, not a fixed one", async () => {
    const email = `${uniqueSlug("po")}@keel.test`;
    const { user } = await ensureUserWithRole(db, { email, password: "pw-12345678", projectId, role: "owner" });
    const old = await createFixItem(db, projectId, user.id, { ...timeout, category: "tool_error", owner: email, dueDate: "2026-10-01" });
    await updateFixItem(db, projectId, user.id, old.id, { status: "fixed" });
    const open = await createFixItem(db, projectId, user.id, { category: "tool_error", reason: timeout.reason, owner: email, dueDate: "2026-10-30", status: "in_progress" });
    const review = await getWeeklyReview(db, projectId, W42);
    const row = review.topFailures.find((f) => f.reason === timeout.reason);
    expect(row?.fixItem?.id).toBe(open.id);
    expect(row?.fixItem?.status).toBe("in_progress");
    expect(review.topFailures.find((f) => f.reason === leak.reason)?.fixItem?.status).toBe("open");
  });

  it("an empty week answers zero counts and null rates, never invented numbers", async () => {
    const review = await getWeeklyReview(db, projectId, { year: 2026, week: 30 });
    expect(review.kpis.current).toMatchObject({ runs: 0, successRate: null, costPerSuccessUsd: null });
    expect(review.topFailures).toEqual([]);
    expect(review.topToolsByP95).toEqual([]);
  });
});
