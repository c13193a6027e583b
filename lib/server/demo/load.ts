import "server-only";
// The demo project: loaded by the server on its first start with an empty database (so a fresh
// install shows a month of data at once), and by `keel demo` on demand. Runs go through the
// same ingest path as POST /api/v1/runs, so the demo proves ingest as much as it shows the app.
import type { Database } from "../db";
import { ingestRuns } from "../ingest";
import { createApiKey, ensureProject, ensureUserWithRole } from "../services/accounts";
import { updateGuardrailSettings } from "../services/guardrail-settings";
import { putBudget } from "../services/budgets";
import type { BudgetLimits } from "@/lib/shared/budgets";
import type { Role } from "@/lib/shared/permissions";
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_PROJECT_NAME, DEMO_PROJECT_SLUG } from "./constants";
import { demoTimeline, generateDemoRuns, type DemoOptions } from "./generator";
import { createDemoEvals, createDemoFixItems, createDemoIncident, createDemoStageEvents } from "./records";
import { createDemoGovernance } from "./governance";

export * from "./constants";

const INGEST_BATCH = 1000;
/** The demo catalog's tools that change the world: a refund, a ticket. */
const DEMO_SIDE_EFFECT_TOOLS = ["payments.refund", "ticketing.create"];
/**
 * Workflow budgets set above the demo's usual runs (its p95–p99), so about 2 % of all runs breach:
 * refund loops (tool calls and cost), long invoice disputes (calls, tokens), slow triage and KYC.
 */
export const DEMO_BUDGETS: Record<string, BudgetLimits> = {
  "refund-request": { maxToolCalls: 8, maxDurationMs: null, maxTokens: null, maxCostUsd: 0.05 },
  "invoice-dispute": { maxToolCalls: 8, maxDurationMs: null, maxTokens: 30_000, maxCostUsd: null },
  "ticket-triage": { maxToolCalls: null, maxDurationMs: 25_000, maxTokens: null, maxCostUsd: null },
  "kyc-check": { maxToolCalls: null, maxDurationMs: 30_000, maxTokens: null, maxCostUsd: 0.1 },
};

export interface DemoLoadResult {
  projectId: string;
  projectSlug: string;
  /** The end of the demo month: the generator's `now` (same seed and now, same runs). */
  now: Date;
  /** Ingest+read key of project demo, shown once. */
  apiKey: string;
  people: { email: string; role: Role; created: boolean }[];
  runs: { generated: number; accepted: number; duplicates: number; sessions: number };
  incident: { number: number; reason: string; linkedRuns: number } | null;
  evalResults: number;
  /** Release stage changes (deploy markers); every release ends in full or rolled_back. */
  stageEvents: number;
  fixItems: number;
  elapsedMs: number;
}

export async function countDemoRuns(db: Database): Promise<number> {
  return db.prisma.run.count({ where: { project: { slug: DEMO_PROJECT_SLUG } } });
}

/** Deletes project demo and everything in it (cascades); people's accounts stay. */
export async function deleteDemoProject(db: Database): Promise<boolean> {
  const res = await db.prisma.project.deleteMany({ where: { slug: DEMO_PROJECT_SLUG } });
  return res.count > 0;
}

/**
 * Loads the demo into project `demo` (created when missing). The caller makes sure the project
 * has no runs yet: runs already there would count as duplicates and the records would repeat.
 */
export async function loadDemo(
  db: Database,
  opts: { log: (msg: string) => void } & Pick<DemoOptions, "seed" | "now">,
): Promise<DemoLoadResult> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const { project } = await ensureProject(db, DEMO_PROJECT_NAME);

  const ids: Partial<Record<(typeof DEMO_PEOPLE)[number]["key"], { id: string; email: string }>> = {};
  const people: DemoLoadResult["people"] = [];
  for (const person of DEMO_PEOPLE) {
    const { user, created } = await ensureUserWithRole(db, {
      email: person.email,
      password: DEMO_PASSWORD,
      name: person.name,
      projectId: project.id,
      role: person.role,
    });
    ids[person.key] = { id: user.id, email: user.email };
    people.push({ email: person.email, role: person.role, created });
  }
  const team = ids as Required<typeof ids>;

  const { key } = await createApiKey(db, { projectId: project.id, scopes: ["ingest", "read"], name: "Demo key" });

  // Before the runs: the detectors read it at ingest. The demo's ticketing timeouts retried without
  // an idempotency key then show as duplicate side effects (no number the demo shows changes).
  await updateGuardrailSettings(db, project.id, { sideEffectTools: DEMO_SIDE_EFFECT_TOOLS }, { type: "system", label: "demo" });
  // Budgets too, before the runs: ingest evaluates each run against them (breaches are new rows only).
  for (const [workflow, limits] of Object.entries(DEMO_BUDGETS)) await putBudget(db, project.id, workflow, limits, { type: "system", label: "demo" });

  const runs = generateDemoRuns({ seed: opts.seed, now });
  let accepted = 0;
  let duplicates = 0;
  for (let i = 0; i < runs.length; i += INGEST_BATCH) {
    const batch = runs.slice(i, i + INGEST_BATCH);
    const res = await ingestRuns(db, project.id, batch);
    if (res.rejected.length) {
      const first = res.rejected[0];
      throw new Error(
        `demo run ${first.id} was rejected by ingest: ${first.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
      );
    }
    accepted += res.accepted;
    duplicates += res.duplicates;
    opts.log(`[keel] demo: ${Math.min(i + INGEST_BATCH, runs.length)}/${runs.length} runs`);
  }

  const timeline = demoTimeline({ seed: opts.seed, now });
  const incident = await createDemoIncident(db, project.id, runs, timeline, team);
  const evalResults = await createDemoEvals(db, project.id, timeline);
  const stageEvents = await createDemoStageEvents(db, project.id, timeline, team);
  const fixItems = await createDemoFixItems(db, project.id, runs, now, team);
  await createDemoGovernance(db, project.id, runs, now, team);

  return {
    projectId: project.id,
    projectSlug: project.slug,
    now,
    apiKey: key,
    people,
    runs: { generated: runs.length, accepted, duplicates, sessions: new Set(runs.map((r) => r.sessionId)).size },
    incident,
    evalResults,
    stageEvents,
    fixItems,
    elapsedMs: Date.now() - started,
  };
}

/** Any number, as long as no other advisory lock of Keel uses it (migrations use 72707369). */
const DEMO_LOAD_LOCK_ID = 72707370;

/**
 * Runs fn while holding a PostgreSQL advisory lock, so that several servers starting at once on
 * one empty database load the demo once. The lock lives in an otherwise empty transaction on its
 * own pooled connection; the work runs on the others. PGlite needs none: the data-dir lock
 * already makes this the only process.
 */
async function withDemoLoadLock<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  if (db.kind !== "postgres") return fn();
  return db.sql.transaction(async (tx) => {
    // The wait lasts as long as another server's whole demo load: longer than the pool's
    // statement_timeout (KEEL_STATEMENT_TIMEOUT_MS) on a slow machine, which would fail this start.
    await tx.query("SET LOCAL statement_timeout = 0");
    await tx.query("SELECT pg_advisory_xact_lock($1)", [DEMO_LOAD_LOCK_ID]);
    return fn();
  });
}

/**
 * The server's first start: loads the demo only into a database with no runs and no project
 * demo. A failure is logged and undone (project demo deleted, so the next start tries again);
 * it does not stop the server, which serves fine without demo data.
 */
export async function loadDemoIfEmpty(db: Database, opts: { log: (msg: string) => void }): Promise<DemoLoadResult | null> {
  return withDemoLoadLock(db, async () => {
    const [anyRun, demo] = await Promise.all([
      db.prisma.run.findFirst({ select: { pk: true } }),
      db.prisma.project.findUnique({ where: { slug: DEMO_PROJECT_SLUG }, select: { id: true } }),
    ]);
    if (anyRun || demo) return null;
    opts.log(`[keel] empty database: loading the demo project '${DEMO_PROJECT_SLUG}' (set KEEL_DEMO=off to skip)…`);
    try {
      const result = await loadDemo(db, { log: opts.log });
      opts.log(demoBanner(result, Number(process.env.PORT || 3000)));
      return result;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      opts.log(`[keel] the demo data could not be loaded (${message}); starting without it. Retry with 'npx keel demo --reset'.`);
      await deleteDemoProject(db).catch(() => false);
      return null;
    }
  });
}

function signInUrl(port: number): string {
  const base = process.env.NEXTAUTH_URL?.trim();
  if (base) {
    try {
      return new URL("/signin", base).toString();
    } catch {
      // An invalid NEXTAUTH_URL is reported by next-auth; fall back to localhost here.
    }
  }
  return `http://localhost:${port}/signin`;
}

export function demoBanner(result: DemoLoadResult, port: number): string {
  const admin = result.people.find((p) => p.role === "admin") ?? result.people[0];
  const others = result.people.filter((p) => p !== admin).map((p) => `${p.email} (${p.role})`);
  const kept = result.people.filter((p) => !p.created).map((p) => p.email);
  const rule = "─".repeat(72);
  const lines = [
    rule,
    `Demo project '${result.projectSlug}' loaded: ${result.runs.accepted.toLocaleString("en-US")} runs in ` +
      `${result.runs.sessions.toLocaleString("en-US")} sessions over 30 days (${(result.elapsedMs / 1000).toFixed(1)} s).`,
    `Sign in at ${signInUrl(port)}`,
    `  ${admin.email} / ${DEMO_PASSWORD}`,
    `  also: ${others.join(", ")}; same password`,
    ...(kept.length ? [`  (already existed, password unchanged: ${kept.join(", ")})`] : []),
    `Demo API key (scopes ingest + read), shown only once:`,
    `  ${result.apiKey}`,
    rule,
  ];
  return lines.map((l) => `[keel] ${l}`).join("\n");
}
