// The demo as the server loads it on its first start: into an empty database only, through
// ingest, with its people, key, incident, gold-set results and fix items.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/server/auth/password";
import type { Database } from "@/lib/server/db/open";
import { generateDemoRuns, topFailureReasons } from "@/lib/server/demo/generator";
import { DEMO_BUDGETS, DEMO_PASSWORD, deleteDemoProject, loadDemoIfEmpty, type DemoLoadResult } from "@/lib/server/demo/load";
import { evaluateBudget } from "@/lib/shared/budgets";
import { authenticateApiKey } from "@/lib/server/http/api-key-auth";
import { ingestRuns } from "@/lib/server/ingest";
import { getOwnership } from "@/lib/server/queries/ownership";
import { listRisks } from "@/lib/server/queries/risks";
import { listRunbooks } from "@/lib/server/queries/runbooks";
import { cliTargetKinds, createCliTarget, type CliTarget } from "./cli-harness";
import { openTestPglite } from "../helpers/db";

const DAY = 86_400_000;

describe.each(cliTargetKinds())("demo loaded at start-up on %s", (kind) => {
  let db: Database;
  let target: CliTarget | null = null;
  let result: DemoLoadResult | null;
  const logs: string[] = [];

  beforeAll(async () => {
    if (kind === "postgres") {
      target = await createCliTarget("postgres");
      db = await target.open();
    } else {
      db = await openTestPglite();
    }
    result = await loadDemoIfEmpty(db, { log: (m) => logs.push(m) });
    console.log(`[demo-load ${kind}] ${result?.runs.accepted} runs loaded in ${result?.elapsedMs} ms`);
  }, 300_000);
  afterAll(async () => {
    await db?.close();
    await target?.cleanup();
  });

  it("stores every generated run with its tool calls, through ingest", async () => {
    expect(result).not.toBeNull();
    const r = result!;
    expect(r.projectSlug).toBe("demo");
    expect(r.runs.accepted).toBe(r.runs.generated);
    expect(r.runs.duplicates).toBe(0);
    expect(r.runs.generated).toBeGreaterThanOrEqual(6000);
    expect(r.runs.generated).toBeLessThanOrEqual(8000);
    const [counts] = await db.sql.query<{ runs: number; calls: number; sessions: number }>(
      `SELECT (SELECT count(*)::int FROM runs WHERE "projectId" = $1) AS runs,
              (SELECT count(*)::int FROM tool_calls WHERE "projectId" = $1) AS calls,
              (SELECT count(DISTINCT "sessionId")::int FROM runs WHERE "projectId" = $1) AS sessions`,
      [r.projectId],
    );
    expect(counts.runs).toBe(r.runs.generated);
    expect(counts.sessions).toBe(r.runs.sessions);
    expect(counts.calls).toBeGreaterThan(3 * counts.runs);
    // The stored failures rank as the generated ones (CONTRACT §3 order).
    const stored = await db.sql.query<{ category: string; reason: string; count: number }>(
      `SELECT "failureCategory"::text AS category, "failureReason" AS reason, count(*)::int AS count FROM runs
       WHERE "projectId" = $1 AND outcome = 'failure'
       GROUP BY 1, 2 ORDER BY count(*) DESC, "failureReason" COLLATE "C", "failureCategory"::text LIMIT 5`,
      [r.projectId],
    );
    const generated = topFailureReasons(generateDemoRuns({ now: r.now })).slice(0, 5);
    expect(stored).toEqual(generated);
    expect(stored[0]).toMatchObject({ category: "tool_error", reason: "ticketing API timeout" });
  });

  it("the guardrail detectors find the demo's loops, failure streaks and unkeyed ticket retries", async () => {
    const kinds = await db.sql.query<{ kind: string; runs: number }>(
      `SELECT "kind"::text AS kind, count(DISTINCT "runPk")::int AS runs FROM "run_detections" WHERE "projectId" = $1 GROUP BY 1 ORDER BY 1`,
      [result!.projectId],
    );
    const runs = Object.fromEntries(kinds.map((k) => [k.kind, k.runs]));
    // budget-cap escalations loop on kb.search; failing calls retry; ticketing.create (side-effecting) retries without a key.
    for (const kind of ["repeated_call", "failure_streak", "duplicate_side_effect"]) expect(runs[kind], kind).toBeGreaterThanOrEqual(5);
  });

  it("the demo's workflow budgets are breached by exactly the runs that go over them, about 2 % of all", async () => {
    const r = result!;
    const expected = generateDemoRuns({ now: r.now }).filter(
      (run) =>
        evaluateBudget(
          {
            toolCallCount: run.toolCalls?.length ?? 0,
            durationMs: Date.parse(run.endedAt) - Date.parse(run.startedAt),
            inputTokens: run.usage?.inputTokens ?? null,
            outputTokens: run.usage?.outputTokens ?? null,
            costUsd: run.costUsd,
          },
          DEMO_BUDGETS[run.workflow],
        ).length > 0,
    ).length;
    const [{ n }] = await db.sql.query<{ n: number }>(
      `SELECT count(DISTINCT "runPk")::int AS n FROM "run_budget_breaches" WHERE "projectId" = $1`,
      [r.projectId],
    );
    expect(n).toBe(expected);
    expect(n / r.runs.generated).toBeGreaterThan(0.01);
    expect(n / r.runs.generated).toBeLessThan(0.05);
  });

  it("creates the demo people with their roles and a working ingest+read key", async () => {
    const r = result!;
    const members = await db.prisma.membership.findMany({ where: { projectId: r.projectId }, include: { user: true } });
    const roles = Object.fromEntries(members.map((m) => [m.user.email, m.role]));
    expect(roles).toEqual({
      "admin@keel.local": "admin",
      "owner@keel.local": "owner",
      "sre@keel.local": "sre",
      "viewer@keel.local": "viewer",
      "dana@keel.local": "owner",
    });
    for (const m of members) expect(await verifyPassword(DEMO_PASSWORD, m.user.passwordHash)).toBe(true);
    const auth = await authenticateApiKey(db, r.apiKey);
    expect(auth?.project.slug).toBe("demo");
    expect([...(auth?.scopes ?? [])].sort()).toEqual(["ingest", "read"]);
    expect(await db.prisma.projectSettings.count({ where: { projectId: r.projectId } })).toBe(1);
  });

  it("opens a mitigated SEV2 on the top tool error, linked to its runs", async () => {
    const incident = await db.prisma.incident.findFirstOrThrow({
      where: { projectId: result!.projectId },
      include: { runs: { include: { run: true } }, owner: true },
    });
    expect(incident).toMatchObject({ number: 1, severity: "SEV2", status: "mitigated", failureCategory: "tool_error", failureReason: "ticketing API timeout" });
    expect(incident.owner?.email).toBe("sre@keel.local");
    expect(incident.runs.length).toBeGreaterThanOrEqual(3);
    for (const link of incident.runs) expect(link.run.failureReason).toBe("ticketing API timeout");
    const ageDays = (Date.now() - incident.openedAt.getTime()) / DAY;
    expect(ageDays).toBeGreaterThan(3);
    expect(ageDays).toBeLessThan(7);
    expect(incident.mitigatedAt!.getTime()).toBeGreaterThan(incident.openedAt.getTime());
  });

  it("records gold-set results: v12 at 0.91, v13 at 0.87", async () => {
    const evals = await db.prisma.evalResult.findMany({ where: { projectId: result!.projectId }, orderBy: { ranAt: "desc" } });
    const latest = (release: string) => evals.find((e) => e.release === release)!;
    expect(latest("gpt-4.1@v12").passed / latest("gpt-4.1@v12").total).toBe(0.91);
    expect(latest("gpt-4.1@v13").passed / latest("gpt-4.1@v13").total).toBe(0.87);
  });

  it("records each release's stage history, every release ending in full or rolled_back (never watched by the rollback loop)", async () => {
    const r = result!;
    expect(r.stageEvents).toBe(7);
    const events = await db.prisma.releaseEvent.findMany({ where: { projectId: r.projectId }, orderBy: [{ at: "asc" }] });
    const story = (release: string) => events.filter((e) => e.release === release).map((e) => `${e.stage}${e.trafficPercent === null ? "" : ` ${e.trafficPercent}%`}`);
    expect(story("gpt-4.1@v12")).toEqual(["sandbox", "canary 10%", "expansion 50%", "full"]);
    expect(story("gpt-4.1@v13")).toEqual(["sandbox", "canary 25%", "rolled_back"]);
    const monthStart = r.now.getTime() - 30 * DAY;
    for (const e of events) {
      expect(e.at.getTime()).toBeGreaterThanOrEqual(monthStart);
      expect(e.at.getTime()).toBeLessThan(r.now.getTime());
    }
    const audits = await db.prisma.auditLog.count({ where: { projectId: r.projectId, action: "release.stage" } });
    expect(audits).toBe(7);
    // Nothing for the rollback loop to watch, so it opens no incident in the demo.
    const latest = await db.sql.query<{ release: string; stage: string }>(
      `SELECT DISTINCT ON ("release") "release", "stage"::text AS "stage" FROM release_events WHERE "projectId" = $1 ORDER BY "release", "at" DESC`,
      [r.projectId],
    );
    expect(latest).toEqual([
      { release: "gpt-4.1@v12", stage: "full" },
      { release: "gpt-4.1@v13", stage: "rolled_back" },
    ]);
  });

  it("assigns fix items to owner@, dana@ and sre@ with history, exactly one overdue", async () => {
    const items = await db.prisma.fixItem.findMany({
      where: { projectId: result!.projectId },
      include: { owner: true, changes: { orderBy: [{ at: "asc" }, { id: "asc" }] } },
    });
    expect(items).toHaveLength(4);
    expect(new Set(items.map((i) => i.owner.email))).toEqual(new Set(["owner@keel.local", "dana@keel.local", "sre@keel.local"]));
    expect(new Set(items.map((i) => i.status))).toEqual(new Set(["open", "in_progress", "fixed"]));
    const today = new Date().toISOString().slice(0, 10);
    const overdue = items.filter((i) => ["open", "in_progress"].includes(i.status) && i.dueDate.toISOString().slice(0, 10) < today);
    expect(overdue).toHaveLength(1);
    const top = await db.sql.query<{ reason: string }>(
      `SELECT "failureReason" AS reason FROM runs WHERE "projectId" = $1 AND outcome = 'failure'
       GROUP BY "failureCategory", "failureReason" ORDER BY count(*) DESC, "failureReason" COLLATE "C" LIMIT 4`,
      [result!.projectId],
    );
    expect(new Set(items.map((i) => i.reason))).toEqual(new Set(top.map((t) => t.reason)));
    for (const item of items) {
      const created = item.changes.filter((c) => c.oldValue === null);
      expect(created.map((c) => c.field).sort()).toEqual(["category", "dueDate", "notes", "owner", "reason", "status"]);
      // The latest change of each field is the item's current value.
      const last = (field: string) => item.changes.filter((c) => c.field === field).at(-1)?.newValue;
      expect(last("status")).toBe(item.status);
      expect(last("owner")).toBe(item.owner.email);
      expect(last("dueDate")).toBe(item.dueDate.toISOString().slice(0, 10));
      expect(item.changes.length).toBeGreaterThan(6);
    }
  });

  it("governance: a runbook for the top failure reason, one overdue risk, the four areas assigned", async () => {
    const runbooks = await listRunbooks(db, result!.projectId);
    expect(runbooks).toHaveLength(2);
    expect(runbooks.find((rb) => rb.reason === "ticketing API timeout")).toMatchObject({ version: 2, flags: { noOwner: false, notReviewed: false } });
    expect(runbooks.find((rb) => rb.workflow === "refund-request")?.flags.notReviewed).toBe(true);
    expect((await listRisks(db, result!.projectId, { overdue: true })).map((r) => r.title)).toEqual(["Ticketing vendor outages overload the on-call"]);
    expect((await getOwnership(db, result!.projectId)).filter((a) => a.owner !== null)).toHaveLength(4);
  });

  it("prints where to sign in, the demo user and the key", () => {
    const banner = logs.at(-1) ?? "";
    expect(banner).toContain("Sign in at http://localhost:3000/signin");
    expect(banner).toContain(`admin@keel.local / ${DEMO_PASSWORD}`);
    expect(banner).toContain(result!.apiKey);
  });

  it("loads nothing when the database has runs or a project demo", async () => {
    const runsBefore = await db.prisma.run.count();
    expect(await loadDemoIfEmpty(db, { log: () => {} })).toBeNull();
    // Another project's runs only: still not empty.
    const other = await db.prisma.project.create({ data: { slug: `other-${kind}`, name: "Other", settings: { create: {} } } });
    const [one] = generateDemoRuns({ now: new Date(), targetRuns: 5 });
    expect((await ingestRuns(db, other.id, [one])).accepted).toBe(1);
    expect(await deleteDemoProject(db)).toBe(true);
    expect(await db.prisma.run.count()).toBe(1);
    expect(await loadDemoIfEmpty(db, { log: () => {} })).toBeNull();
    expect(await db.prisma.project.count({ where: { slug: "demo" } })).toBe(0);
    expect(runsBefore).toBeGreaterThan(1);
  });
});

describe("demo load at start-up when it fails half-way (pglite)", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestPglite();
    // A real failure after the runs are in: the incident insert is refused.
    await db.sql.exec(`
      CREATE FUNCTION keel_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'incidents are refused by the test'; END $$;
      CREATE TRIGGER keel_test_refuse BEFORE INSERT ON incidents FOR EACH ROW EXECUTE FUNCTION keel_test_refuse();`);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("logs it, undoes it, and keeps the server going; the next start loads the demo", async () => {
    const logs: string[] = [];
    expect(await loadDemoIfEmpty(db, { log: (m) => logs.push(m) })).toBeNull();
    expect(logs.at(-1)).toContain("the demo data could not be loaded (");
    expect(logs.at(-1)).toContain("incidents are refused by the test");
    expect(await db.prisma.project.count({ where: { slug: "demo" } })).toBe(0);
    expect(await db.prisma.run.count()).toBe(0);
    await db.sql.exec(`DROP TRIGGER keel_test_refuse ON incidents`);
    const loaded = await loadDemoIfEmpty(db, { log: () => {} });
    expect(loaded?.incident?.number).toBe(1);
  }, 300_000);
});

describe.runIf(cliTargetKinds().includes("postgres"))("two servers starting at once on one PostgreSQL", () => {
  let target: CliTarget;
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    target = await createCliTarget("postgres");
    a = await target.open();
    b = await target.open();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await target?.cleanup();
  });

  it("load the demo once", async () => {
    const results = await Promise.all([a, b].map((db) => loadDemoIfEmpty(db, { log: () => {} })));
    const loaded = results.filter((r) => r !== null);
    expect(loaded).toHaveLength(1);
    expect(await a.prisma.project.count({ where: { slug: "demo" } })).toBe(1);
    expect(await a.prisma.apiKey.count()).toBe(1);
    expect(await a.prisma.incident.count()).toBe(1);
    expect(await a.prisma.run.count()).toBe(loaded[0]!.runs.generated);
  }, 300_000);
});
