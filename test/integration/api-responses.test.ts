// The real answers of every JSON route parse with the response schema the route declares
// (issue 13). The handlers run in process on PGlite with KEEL_CHECK_RESPONSES=1: a body that drifts
// from its schema comes back as a 500 naming the route and the field, and fails here. The e2e runs
// (scripts/e2e.mjs) set the same flag, so every API and UI spec checks it against the built app too.
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { createApiKey } from "@/lib/server/services/accounts";
import { createTestProject, openTestPglite } from "../helpers/db";

const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));
vi.mock("@/lib/server/auth/session", () => ({ getSessionUser: async () => session.user }));

const BASE = "http://keel.test";
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROOT = path.resolve(import.meta.dirname, "../..");
const route = async (file: string) => (await import(path.join(ROOT, "app/api", file, "route.ts"))) as Record<string, Handler>;

let db: Database;
let slug: string;
let key: string;

async function call(
  handler: Handler,
  path: string,
  opts: { method?: string; body?: unknown; params?: Record<string, string>; as?: "key" | "person"; query?: Record<string, string> } = {},
) {
  const url = new URL(path, BASE);
  if (opts.as !== "key") url.searchParams.set("project", slug);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = opts.as === "key" ? { authorization: `Bearer ${key}` } : { origin: BASE, host: "keel.test" };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const req = new NextRequest(url, {
    method: opts.method ?? (opts.body === undefined ? "GET" : "POST"),
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  expect(res.status, `${req.method} ${path}: ${text.slice(0, 400)}`).toBeGreaterThanOrEqual(200);
  expect(res.status, `${req.method} ${path}: ${text.slice(0, 400)}`).toBeLessThan(300);
  return JSON.parse(text) as Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const NOW = Date.now();
const run = (id: string, outcome: "success" | "failure" | "escalated", extra: object = {}) => ({
  id,
  sessionId: `s-${id}`,
  workflow: "refund-request",
  model: "gpt-4.1",
  promptVersion: "v12",
  startedAt: iso(NOW - 3_600_000),
  endedAt: iso(NOW - 3_590_000),
  outcome,
  costUsd: 0.25,
  usage: { inputTokens: 10, outputTokens: 5 },
  metadata: { ticket: id },
  toolCalls: [
    { name: "ticketing.create", startedAt: iso(NOW - 3_599_000), endedAt: iso(NOW - 3_598_000), status: outcome === "failure" ? "error" : "ok", retry: true, costUsd: 0.01, input: { a: 1 } },
  ],
  ...(outcome === "failure" ? { failure: { category: "tool_error", reason: "ticketing API timeout", critical: false } } : {}),
  ...(outcome === "escalated" ? { escalation: { reason: "high-impact action", reviewCostUsd: 2 } } : {}),
  ...extra,
});

beforeAll(async () => {
  vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
  db = await openTestPglite();
  (globalThis as { __keelDb?: Promise<Database> }).__keelDb = Promise.resolve(db);
  const project = await createTestProject(db, "api-schemas");
  slug = project.slug;
  key = (await createApiKey(db, { projectId: project.id, scopes: ["ingest", "read"] })).key;
  const user = await db.prisma.user.create({ data: { email: `admin-${slug}@example.com`, name: "Ada", passwordHash: "x" } });
  await db.prisma.membership.create({ data: { userId: user.id, projectId: project.id, role: "admin" } });
  session.user = { id: user.id, email: user.email, name: user.name };
});

afterAll(async () => {
  vi.unstubAllEnvs();
  (globalThis as { __keelDb?: unknown }).__keelDb = undefined;
  await db?.close();
});

describe("every JSON route's real answer parses with its declared schema", () => {
  it("ingest, metrics, runs, releases and evals (API key)", async () => {
    const runs = await route("v1/runs");
    const ingest = await call(runs.POST, "/api/v1/runs", { as: "key", body: { runs: [run("r1", "success"), run("r2", "failure"), run("r3", "escalated", { environment: "canary" }), { id: "bad" }] } });
    expect(ingest.accepted).toBe(3);
    await call((await route("v1/evals")).POST, "/api/v1/evals", { as: "key", body: { release: "gpt-4.1@v12", goldSet: "core", passed: 9, total: 10 } });

    const window = { from: iso(NOW - 86_400_000), to: iso(NOW + 60_000) };
    for (const m of ["overview", "workflows", "tools", "failures", "releases", "quality", "automation-value", "guardrails"])
      await call((await route(`v1/metrics/${m}`)).GET, `/api/v1/metrics/${m}`, { as: "key", query: window });
    const ts = (await route("v1/metrics/timeseries")).GET;
    for (const q of [{ series: "runs" }, { series: "workflows" }, { series: "tool", tool: "ticketing.create" }] as Record<string, string>[])
      await call(ts, "/api/v1/metrics/timeseries", { as: "key", query: { ...window, ...q } });

    const list = await call(runs.GET, "/api/v1/runs", { as: "key", query: { tool: "ticketing.create", sort: "toolLatency" } });
    expect((list.runs as unknown[]).length).toBe(3);
    await call((await route("v1/runs/[id]")).GET, "/api/v1/runs/r2", { as: "key", params: { id: "r2" } });
    await call((await route("v1/releases")).GET, "/api/v1/releases", { as: "key" });
    await call((await route("v1/releases/[release]/gates")).GET, "/api/v1/releases/x/gates", { as: "key", params: { release: "gpt-4.1@v12" } });
    await call((await route("v1/evals")).GET, "/api/v1/evals", { as: "key", query: { release: "gpt-4.1@v12" } });
    await call((await route("v1/review")).GET, "/api/v1/review", { as: "key" });
    await call((await route("v1/settings/gates")).GET, "/api/v1/settings/gates", { as: "key" });
    await call((await route("health")).GET, "/api/health", { as: "key" });
  });

  it("fix items, incidents, settings and remap (a signed-in admin)", async () => {
    const email = session.user!.email;
    const fixItems = await route("v1/fix-items");
    const item = await call(fixItems.POST, "/api/v1/fix-items", { body: { category: "tool_error", reason: "ticketing API timeout", owner: email, dueDate: "2026-01-01" } });
    await call(fixItems.GET, "/api/v1/fix-items", { query: { owner: "me" } });
    const one = await route("v1/fix-items/[id]");
    await call(one.PATCH, "/api/v1/fix-items/x", { method: "PATCH", params: { id: String(item.id) }, body: { status: "in_progress" } });
    await call(one.GET, "/api/v1/fix-items/x", { params: { id: String(item.id) } });
    await call((await route("v1/fix-items/assignees")).GET, "/api/v1/fix-items/assignees");
    await call((await route("v1/review")).GET, "/api/v1/review");

    const incidents = await route("v1/incidents");
    const incident = await call(incidents.POST, "/api/v1/incidents", { body: { title: "Refunds fail", severity: "SEV2", ownerEmail: email, runIds: ["r2"], failureCategory: "tool_error", failureReason: "ticketing API timeout" } });
    const params = { number: String(incident.number) };
    await call(incidents.GET, "/api/v1/incidents");
    const inc = await route("v1/incidents/[number]");
    await call(inc.PATCH, "/api/v1/incidents/n", { method: "PATCH", params, body: { status: "mitigated", ownerEmail: null } });
    await call((await route("v1/incidents/[number]/notes")).POST, "/api/v1/incidents/n/notes", { params, body: { body: "rolled back" } });
    await call((await route("v1/incidents/[number]/runs")).POST, "/api/v1/incidents/n/runs", { params, body: { runIds: ["r1", "r3"] } });
    const detail = await call(inc.GET, "/api/v1/incidents/n", { params });
    expect((detail.timeline as unknown[]).length).toBeGreaterThan(2);
    await call((await route("v1/incidents/commanders")).GET, "/api/v1/incidents/commanders");

    const keys = await route("v1/settings/api-keys");
    const created = await call(keys.POST, "/api/v1/settings/api-keys", { body: { name: "ci", scopes: ["read"] } });
    await call(keys.GET, "/api/v1/settings/api-keys");
    const id = String((created.apiKey as { id: string }).id);
    await call((await route("v1/settings/api-keys/[id]")).PATCH, "/api/v1/settings/api-keys/x", { method: "PATCH", params: { id }, body: { revoked: true } });
    await call((await route("v1/settings/api-keys/[id]")).DELETE, "/api/v1/settings/api-keys/x", { method: "DELETE", params: { id } });
    const members = await route("v1/settings/members");
    const added = await call(members.POST, "/api/v1/settings/members", { body: { email: `sre-${slug}@example.com`, role: "sre", password: "correct horse" } });
    await call(members.GET, "/api/v1/settings/members");
    const userId = String((added.member as { userId: string }).userId);
    const member = await route("v1/settings/members/[userId]");
    await call(member.PATCH, "/api/v1/settings/members/x", { method: "PATCH", params: { userId }, body: { role: "owner" } });
    await call(member.DELETE, "/api/v1/settings/members/x", { method: "DELETE", params: { userId } });
    const ingest = await route("v1/settings/ingest");
    await call(ingest.PATCH, "/api/v1/settings/ingest", { method: "PATCH", body: { ingestBurst: 50 } });
    await call(ingest.GET, "/api/v1/settings/ingest");
    await call((await route("v1/settings/gates")).PATCH, "/api/v1/settings/gates", { method: "PATCH", body: { runP95TargetMs: 20_000 } });
    await call((await route("v1/otel/remap")).GET, "/api/v1/otel/remap");
    const audit = await call((await route("v1/settings/audit")).GET, "/api/v1/settings/audit");
    expect((audit.entries as unknown[]).length).toBeGreaterThan(5);
  });

  it("runbooks, risks and ownership (issue 18, a signed-in admin)", async () => {
    const email = session.user!.email;
    const runbooks = await route("v1/runbooks");
    const rb = await call(runbooks.POST, "/api/v1/runbooks", { body: { title: "Timeouts", body: "# Steps", owner: email, category: "tool_error", reason: "ticketing API timeout" } });
    const params = { id: String(rb.id) };
    await call(runbooks.GET, "/api/v1/runbooks", { query: { category: "tool_error", reason: "ticketing API timeout" } });
    const one = await route("v1/runbooks/[id]");
    await call(one.PATCH, "/api/v1/runbooks/x", { method: "PATCH", params, body: { body: "# Steps v2" } });
    await call(one.GET, "/api/v1/runbooks/x", { as: "key", params });
    await call((await route("v1/runbooks/[id]/versions")).GET, "/api/v1/runbooks/x/versions", { params });
    await call((await route("v1/runbooks/[id]/review")).POST, "/api/v1/runbooks/x/review", { method: "POST", params });
    const risks = await route("v1/risks");
    const risk = await call(risks.POST, "/api/v1/risks", { body: { title: "Drift", category: "quality_drift", likelihood: 2, impact: 3, owner: email, reviewDate: "2026-01-01", runbookIds: [params.id] } });
    const riskParams = { id: String(risk.id) };
    await call(risks.GET, "/api/v1/risks", { query: { overdue: "true" } });
    const r = await route("v1/risks/[id]");
    await call(r.PATCH, "/api/v1/risks/x", { method: "PATCH", params: riskParams, body: { status: "mitigating" } });
    await call(r.GET, "/api/v1/risks/x", { as: "key", params: riskParams });
    await call(r.DELETE, "/api/v1/risks/x", { method: "DELETE", params: riskParams });
    const own = await route("v1/ownership");
    await call(own.PUT, "/api/v1/ownership", { method: "PUT", body: { areas: [{ key: "reliability", owner: email }, { key: "privacy", label: "Privacy", owner: null }] } });
    await call(own.GET, "/api/v1/ownership", { as: "key" });
  });
});
