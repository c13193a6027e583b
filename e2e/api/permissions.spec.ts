// The permission table (CONTRACT §1, STYLE.md): every handler under app/api × every kind of
// caller, with the exact status each one gets. Routes are read from the filesystem, so a route
// added without a row here fails the first test, naming it; a row whose route is gone fails too.
//
// Expectations: 401 = who are you (no, unknown or revoked credentials); 403 = you may not (a key
// without the scope, a key on a people-only route, a role without the action); 404 = another
// project's thing, or a project the person is no member of (as if absent); 2xx = allowed, with a
// valid minimal body so the real success status shows. Writes are harmless: unique names, only
// things this spec created are revoked or removed, settings are saved with their current values.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { apiAs } from "../support/auth";
import { fixtures, type E2EUser } from "../support/fixtures";

const API_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../app/api");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Method = (typeof METHODS)[number];

// ---------------------------------------------------------------------------------------------
// Who calls. Sessions name the project with ?project=; keys (and nobody) send ?project=e2e too,
// which a key must ignore (its project is its own).
const MAIN = fixtures.projects.main;
const OTHER = fixtures.projects.other;

type Principal =
  | { name: string; label: string; kind: "none" }
  | { name: string; label: string; kind: "key"; key: string; project: "main" | "other" }
  | { name: string; label: string; kind: "session"; user: E2EUser; project: "main" | "other" };

const PRINCIPALS: readonly Principal[] = [
  { name: "anonymous", label: "anon", kind: "none" },
  { name: "bad key", label: "badK", kind: "key", key: `keel_${randomBytes(24).toString("hex")}`, project: "main" },
  { name: "revoked key", label: "revK", kind: "key", key: fixtures.keys.revoked, project: "main" },
  { name: "ingest-only key", label: "ingK", kind: "key", key: fixtures.keys.ingestOnly, project: "main" },
  { name: "read-only key", label: "readK", kind: "key", key: fixtures.keys.readOnly, project: "main" },
  { name: "another project's key", label: "othK", kind: "key", key: fixtures.keys.other, project: "other" },
  { name: "viewer", label: "view", kind: "session", user: fixtures.users.viewer, project: "main" },
  { name: "sre", label: "sre", kind: "session", user: fixtures.users.sre, project: "main" },
  { name: "owner", label: "own", kind: "session", user: fixtures.users.owner, project: "main" },
  { name: "admin", label: "adm", kind: "session", user: fixtures.users.admin, project: "main" },
  // Another project's admin asking for project `e2e` (no membership there)…
  { name: "another project's admin (in e2e)", label: "oAdm", kind: "session", user: fixtures.otherAdmin, project: "main" },
  // …and in their own project, for this project's things (ids of `e2e`'s run, fix item, …).
  { name: "another project's admin (own project)", label: "oAdmO", kind: "session", user: fixtures.otherAdmin, project: "other" },
];

// ---------------------------------------------------------------------------------------------
// THE TABLE. One row per (method, route on disk); statuses in the order of PRINCIPALS:
//   anon badK revK | ingK readK othK | view sre own adm | oAdm oAdmO
type Statuses = readonly [number, number, number, number, number, number, number, number, number, number, number, number];
interface Row {
  method: Method;
  route: string;
  want: Statuses;
}
const row = (method: Method, route: string, want: Statuses): Row => ({ method, route, want });

// Shorthands for the common shapes (each still spelled out per principal).
const ALL_404: Statuses = [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404];
const ALL_200: Statuses = [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200];
/** dashboards:read / releases:read / fix-items:read, a collection (another project reads its own). */
const READ_ANY: Statuses = [401, 401, 401, 403, 200, 200, 200, 200, 200, 200, 404, 200];
/** the same, for one of e2e's things by id (another project: 404). */
const READ_ANY_THING: Statuses = [401, 401, 401, 403, 200, 404, 200, 200, 200, 200, 404, 404];
/** traces:read / incidents:read (sre and up, read keys), a collection. */
const READ_SRE: Statuses = [401, 401, 401, 403, 200, 200, 403, 200, 200, 200, 404, 200];
const READ_SRE_THING: Statuses = [401, 401, 401, 403, 200, 404, 403, 200, 200, 200, 404, 404];
/** A people-only action of sre and up (incidents:write). */
const SRE_PEOPLE = (ok: number): Statuses => [401, 401, 401, 403, 403, 403, 403, ok, ok, ok, 404, ok];
const SRE_PEOPLE_THING = (ok: number): Statuses => [401, 401, 401, 403, 403, 403, 403, ok, ok, ok, 404, 404];
/** A people-only action of owner and up (fix-items:write, gates:write). */
const OWNER_PEOPLE = (ok: number): Statuses => [401, 401, 401, 403, 403, 403, 403, 403, ok, ok, 404, ok];
const OWNER_PEOPLE_THING = (ok: number): Statuses => [401, 401, 401, 403, 403, 403, 403, 403, ok, ok, 404, 404];
/** A people-only action of admins (members, API keys, settings, audit). */
const ADMIN_PEOPLE = (ok: number): Statuses => [401, 401, 401, 403, 403, 403, 403, 403, 403, ok, 404, ok];
const ADMIN_PEOPLE_THING = (ok: number): Statuses => [401, 401, 401, 403, 403, 403, 403, 403, 403, ok, 404, 404];
/** Sending data: keys with scope ingest only (no role has runs:ingest). */
const INGEST = (ok: number): Statuses => [401, 401, 401, ok, 403, ok, 403, 403, 403, 403, 404, 403];

const TABLE: readonly Row[] = [
  // Unknown endpoints: JSON 404 for everyone, credentials or not (the optional catch-all).
  ...(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const).map((m) => row(m, "/api/[[...path]]", ALL_404)),
  row("GET", "/api/health", ALL_200),
  row("POST", "/api/otel/v1/traces", INGEST(200)),

  row("POST", "/api/v1/evals", INGEST(201)),
  row("GET", "/api/v1/evals", READ_ANY),

  // Notification channels: owner and admin people (issue 15).
  row("GET", "/api/v1/channels", OWNER_PEOPLE(200)),
  row("POST", "/api/v1/channels", OWNER_PEOPLE(201)),
  row("PATCH", "/api/v1/channels/[id]", OWNER_PEOPLE_THING(200)),
  row("DELETE", "/api/v1/channels/[id]", OWNER_PEOPLE_THING(200)),
  row("POST", "/api/v1/channels/[id]/test", OWNER_PEOPLE_THING(200)),
  row("GET", "/api/v1/channels/[id]/deliveries", OWNER_PEOPLE_THING(200)),

  // Objectives and alerts (issue 15, CONTRACT §8): every role reads; owner and admin people write.
  row("GET", "/api/v1/objectives", READ_ANY),
  row("POST", "/api/v1/objectives", OWNER_PEOPLE(200)),
  row("GET", "/api/v1/objectives/status", READ_ANY),
  row("POST", "/api/v1/objectives/evaluate", OWNER_PEOPLE(200)),
  row("GET", "/api/v1/objectives/openslo", READ_ANY),
  row("POST", "/api/v1/objectives/openslo", OWNER_PEOPLE(200)),
  row("GET", "/api/v1/objectives/[id]", READ_ANY_THING),
  row("PATCH", "/api/v1/objectives/[id]", OWNER_PEOPLE_THING(200)),
  row("POST", "/api/v1/objectives/[id]/approve", OWNER_PEOPLE_THING(200)),
  row("GET", "/api/v1/objectives/[id]/status", READ_ANY_THING),
  row("GET", "/api/v1/objectives/[id]/series", READ_ANY_THING),
  row("GET", "/api/v1/kpi-rules", READ_ANY),
  row("POST", "/api/v1/kpi-rules", OWNER_PEOPLE(200)),
  row("PATCH", "/api/v1/kpi-rules/[id]", OWNER_PEOPLE_THING(200)),
  row("POST", "/api/v1/kpi-rules/[id]/approve", OWNER_PEOPLE_THING(200)),
  row("GET", "/api/v1/alerts", READ_ANY),
  // An alert needs an objective burning its budget; this spec has none, so the people allowed get
  // the 404 of an unknown alert — after the role check, which is what this table pins.
  row("POST", "/api/v1/alerts/[id]/acknowledge", SRE_PEOPLE_THING(404)),
  row("POST", "/api/v1/alerts/[id]/silence", SRE_PEOPLE_THING(404)),
  row("POST", "/api/v1/alerts/[id]/incident", SRE_PEOPLE_THING(404)),

  row("GET", "/api/v1/fix-items", READ_ANY),
  row("POST", "/api/v1/fix-items", OWNER_PEOPLE(200)),
  row("GET", "/api/v1/fix-items/[id]", READ_ANY_THING),
  row("PATCH", "/api/v1/fix-items/[id]", OWNER_PEOPLE_THING(200)),
  row("GET", "/api/v1/fix-items/assignees", OWNER_PEOPLE(200)),

  // Governance (issue 18): runbook lists for all, bodies for sre+ and read keys; risks and ownership written by owner+.
  row("GET", "/api/v1/runbooks", READ_ANY),
  row("POST", "/api/v1/runbooks", SRE_PEOPLE(200)),
  row("GET", "/api/v1/runbooks/[id]", READ_SRE_THING),
  row("PATCH", "/api/v1/runbooks/[id]", SRE_PEOPLE_THING(200)),
  row("GET", "/api/v1/runbooks/[id]/versions", READ_SRE_THING),
  row("POST", "/api/v1/runbooks/[id]/review", SRE_PEOPLE_THING(200)),
  row("GET", "/api/v1/risks", READ_ANY),
  row("POST", "/api/v1/risks", OWNER_PEOPLE(200)),
  row("GET", "/api/v1/risks/[id]", READ_ANY_THING),
  row("PATCH", "/api/v1/risks/[id]", OWNER_PEOPLE_THING(200)),
  row("DELETE", "/api/v1/risks/[id]", OWNER_PEOPLE_THING(200)),
  row("GET", "/api/v1/ownership", READ_ANY),
  row("PUT", "/api/v1/ownership", OWNER_PEOPLE(200)),

  // Incidents: every role reads them (issue 18; a viewer without the run ids), sre and up work them.
  row("GET", "/api/v1/incidents", READ_ANY),
  row("POST", "/api/v1/incidents", SRE_PEOPLE(201)),
  row("GET", "/api/v1/incidents/commanders", SRE_PEOPLE(200)),
  row("GET", "/api/v1/incidents/[number]", READ_ANY_THING),
  row("PATCH", "/api/v1/incidents/[number]", SRE_PEOPLE_THING(200)),
  row("POST", "/api/v1/incidents/[number]/notes", SRE_PEOPLE_THING(201)),
  row("POST", "/api/v1/incidents/[number]/runs", SRE_PEOPLE_THING(200)),
  // Incident response (issue 18): timeline, stakeholder updates, fix items from an incident, the
  // postmortem (the commander or owner+ edits; the seed incident has no commander, so an sre may
  // not; owner+ publishes once: the admin after the owner finds it published, 409).
  row("GET", "/api/v1/incidents/[number]/timeline", READ_ANY_THING),
  row("GET", "/api/v1/incidents/[number]/updates", READ_ANY_THING),
  row("POST", "/api/v1/incidents/[number]/updates", SRE_PEOPLE_THING(201)),
  row("GET", "/api/v1/incidents/[number]/updates/preview", READ_ANY_THING),
  row("POST", "/api/v1/incidents/[number]/fix-items", OWNER_PEOPLE_THING(201)),
  row("GET", "/api/v1/incidents/[number]/postmortem", READ_ANY_THING),
  row("PUT", "/api/v1/incidents/[number]/postmortem", OWNER_PEOPLE_THING(200)),
  row("POST", "/api/v1/incidents/[number]/postmortem/publish", [401, 401, 401, 403, 403, 403, 403, 403, 200, 409, 404, 404]),

  row("GET", "/api/v1/metrics/overview", READ_ANY),
  row("GET", "/api/v1/metrics/workflows", READ_ANY),
  row("GET", "/api/v1/metrics/tools", READ_ANY),
  row("GET", "/api/v1/metrics/failures", READ_ANY),
  row("GET", "/api/v1/metrics/releases", READ_ANY),
  row("GET", "/api/v1/metrics/timeseries", READ_ANY),
  row("GET", "/api/v1/metrics/quality", READ_ANY),
  row("GET", "/api/v1/metrics/automation-value", READ_ANY),
  row("GET", "/api/v1/metrics/guardrails", READ_ANY),

  // People who are admin of some project create projects (no project in the query); keys never;
  // a wrong or revoked key is still "who are you" (401, CONTRACT §4) before "keys may not" (403).
  row("POST", "/api/v1/projects", [401, 401, 401, 403, 403, 403, 403, 403, 403, 201, 201, 201]),

  // Settings → OpenTelemetry → Re-map (admins; POST answers 202 and runs in the background).
  row("GET", "/api/v1/otel/remap", ADMIN_PEOPLE(200)),
  row("POST", "/api/v1/otel/remap", ADMIN_PEOPLE(202)),

  row("GET", "/api/v1/releases", READ_ANY),
  row("GET", "/api/v1/releases/[release]/gates", READ_ANY_THING),
  // Rollouts (issue 16, CONTRACT §9). A stage may be posted before the release has any run, so
  // another project's key and admin record it in their own project (201), as for a new release.
  row("GET", "/api/v1/releases/[release]/analysis", READ_ANY_THING),
  row("GET", "/api/v1/releases/[release]/quality", READ_ANY_THING),
  row("GET", "/api/v1/releases/[release]/events", READ_ANY_THING),
  row("POST", "/api/v1/releases/[release]/events", [401, 401, 401, 201, 403, 201, 403, 403, 201, 201, 404, 201]),
  row("GET", "/api/v1/release-events", READ_ANY),
  // Flagger's hook: a read; no stage and no runs in the default window → inconclusive → 200.
  row("POST", "/api/v1/hooks/flagger", READ_ANY_THING),
  row("GET", "/api/v1/review", READ_ANY),

  row("GET", "/api/v1/runs", READ_SRE),
  row("POST", "/api/v1/runs", INGEST(200)),
  row("GET", "/api/v1/runs/[id]", READ_SRE_THING),

  row("GET", "/api/v1/settings/api-keys", ADMIN_PEOPLE(200)),
  row("POST", "/api/v1/settings/api-keys", ADMIN_PEOPLE(201)),
  row("PATCH", "/api/v1/settings/api-keys/[id]", ADMIN_PEOPLE_THING(200)),
  row("DELETE", "/api/v1/settings/api-keys/[id]", ADMIN_PEOPLE_THING(200)),
  row("GET", "/api/v1/settings/audit", ADMIN_PEOPLE(200)),
  row("GET", "/api/v1/settings/gates", READ_ANY),
  row("PATCH", "/api/v1/settings/gates", OWNER_PEOPLE(200)),
  // Guardrail detector settings (issue 17): every role reads; owner and admin people write.
  row("GET", "/api/v1/settings/guardrails", READ_ANY),
  row("PATCH", "/api/v1/settings/guardrails", OWNER_PEOPLE(200)),
  // Severity tiers and update templates (issue 18): every role reads; owner and admin people write.
  row("GET", "/api/v1/settings/severities", READ_ANY),
  row("PUT", "/api/v1/settings/severities", OWNER_PEOPLE(200)),
  row("GET", "/api/v1/settings/update-templates", READ_ANY),
  row("PUT", "/api/v1/settings/update-templates", OWNER_PEOPLE(200)),
  // Workflow budgets (issue 17): every role reads; owner and admin people write. Each principal
  // PUTs a budget of its own workflow name, then DELETEs that one (204).
  row("GET", "/api/v1/settings/budgets", READ_ANY),
  row("PUT", "/api/v1/settings/budgets/[workflow]", OWNER_PEOPLE(200)),
  row("DELETE", "/api/v1/settings/budgets/[workflow]", OWNER_PEOPLE(204)),
  row("POST", "/api/v1/settings/budgets/reevaluate", OWNER_PEOPLE(200)),
  row("GET", "/api/v1/settings/ingest", ADMIN_PEOPLE(200)),
  row("PATCH", "/api/v1/settings/ingest", ADMIN_PEOPLE(200)),
  row("GET", "/api/v1/settings/members", ADMIN_PEOPLE(200)),
  row("POST", "/api/v1/settings/members", ADMIN_PEOPLE(201)),
  // PATCH before DELETE: the admin's DELETE removes the member the PATCH changes.
  row("PATCH", "/api/v1/settings/members/[userId]", ADMIN_PEOPLE_THING(200)),
  row("DELETE", "/api/v1/settings/members/[userId]", ADMIN_PEOPLE_THING(200)),
];

/** next-auth's own endpoints: public, outside the principal matrix; they must never answer 5xx. */
const PUBLIC: Readonly<Record<string, readonly { method: Method; path: string; want: number }[]>> = {
  "GET /api/auth/[...nextauth]": [
    { method: "GET", path: "/api/auth/csrf", want: 200 },
    { method: "GET", path: "/api/auth/providers", want: 200 },
    { method: "GET", path: "/api/auth/session", want: 200 },
  ],
  // Signing out without next-auth's CSRF token changes nothing (a redirect, never an error).
  "POST /api/auth/[...nextauth]": [{ method: "POST", path: "/api/auth/signout", want: 302 }],
};

// ---------------------------------------------------------------------------------------------
// Routes on disk: app/api/**/route.ts and the methods each exports.
function routesOnDisk(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "route.ts" || e.name === "route.tsx" || e.name === "route.js") {
        const route = "/api" + path.relative(API_DIR, dir).split(path.sep).map((s) => `/${s}`).join("");
        for (const m of exportedMethods(readFileSync(p, "utf8"))) found.push(`${m} ${route === "/api/" ? "/api" : route}`);
      }
    }
  };
  walk(API_DIR);
  return found.sort();
}

function exportedMethods(source: string): Set<string> {
  const methods = new Set<string>();
  const names = METHODS.join("|");
  for (const m of source.matchAll(new RegExp(`export\\s+(?:const|let|var)\\s+(${names})\\b`, "g"))) methods.add(m[1]);
  for (const m of source.matchAll(new RegExp(`export\\s+(?:async\\s+)?function\\s*\\*?\\s*(${names})\\b`, "g"))) methods.add(m[1]);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
    for (const part of m[1].split(",")) {
      const exported = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (exported && (METHODS as readonly string[]).includes(exported)) methods.add(exported);
    }
  return methods;
}

// ---------------------------------------------------------------------------------------------
// Concrete requests: the values of dynamic segments (e2e's own things, made in beforeAll) and a
// valid minimal body per write, so an allowed caller gets its real success status.
const tag = randomBytes(4).toString("hex");
/** Everything of project e2e that this spec names carries MARK: a 2xx body for another project must not. */
const MARK = `pm${tag}`;
const RUN_AT = "2024-03-05T10:00:00.000Z"; // a day no other spec's window covers

interface Values {
  runId: string;
  release: string;
  fixItemId: string;
  incidentNumber: number;
  keyForPatch: string;
  keyForDelete: string;
  memberUserId: string;
  channelId: string;
  objectiveId: string;
  kpiRuleId: string;
  /** One channel to delete per principal allowed to (owner, admin): a delete cannot succeed twice. */
  channelsForDelete: Record<"own" | "adm", string>;
  runbookId: string;
  riskId: string;
  /** One risk to delete per principal allowed to (owner, admin). */
  risksForDelete: Record<"own" | "adm", string>;
  gates: Record<"main" | "other", { canaryEscalationMargin: number }>;
  guardrails: Record<"main" | "other", { repeatedCallThreshold: number }>;
  ingest: Record<"main" | "other", { ingestRatePerSecond: number; ingestBurst: number }>;
  severities: Record<"main" | "other", { tiers: unknown }>;
  templates: Record<"main" | "other", { templates: unknown }>;
}

let V: Values;
const created = {
  keys: [] as { id: string; project: "main" | "other" }[],
  members: [] as { userId: string; project: "main" | "other" }[],
  channels: [] as { id: string; project: "main" | "other" }[],
};
/** Channels point at the discard port: nothing listens, a test send is answered `pending` with the error. */
const CHANNEL_URL = "http://127.0.0.1:9/perms-hook";

/** One OpenSLO v1 SLO document, as `POST /api/v1/objectives/openslo` imports it (a draft). */
const openSlo = (workflow: string) =>
  [
    "apiVersion: openslo/v1",
    "kind: SLO",
    "metadata:",
    `  name: ${workflow}`,
    "  annotations:",
    "    keel.dev/sli: success_rate",
    `    keel.dev/workflow: ${workflow}`,
    "spec:",
    `  service: ${MAIN.slug}`,
    "  budgetingMethod: Occurrences",
    "  timeWindow:",
    "    - duration: 28d",
    "      isRolling: true",
    "  objectives:",
    "    - target: 0.95",
    "",
  ].join("\n");
const who = (p: Principal) => p.label.toLowerCase();
const ownProject = (p: Principal) => (p.kind === "none" ? "main" : p.project);
function run(id: string) {
  return {
    id,
    sessionId: `${id}-s`,
    workflow: `${MARK}-flow`,
    model: "perm-model",
    promptVersion: "v1",
    release: `${MARK}@v1`,
    startedAt: RUN_AT,
    endedAt: "2024-03-05T10:00:01.000Z",
    outcome: "success",
    costUsd: 0.01,
  };
}

interface Request {
  path: string;
  body?: unknown;
}

function requestFor(r: Row, p: Principal): Request {
  const other = ownProject(p) === "other";
  const name = other ? `ox${tag}-${who(p)}` : `${MARK}-${who(p)}`; // names of things this call creates
  const key = `${r.method} ${r.route}`;
  switch (key) {
    case "GET /api/[[...path]]":
    case "HEAD /api/[[...path]]":
    case "POST /api/[[...path]]":
    case "PUT /api/[[...path]]":
    case "PATCH /api/[[...path]]":
    case "DELETE /api/[[...path]]":
    case "OPTIONS /api/[[...path]]":
      return { path: "/api/v1/no-such-endpoint", body: ["GET", "HEAD", "OPTIONS"].includes(r.method) ? undefined : { x: 1 } };
    case "POST /api/otel/v1/traces":
      return { path: r.route, body: { resourceSpans: [] } };
    case "POST /api/v1/channels":
      return { path: r.route, body: { type: "webhook", name: `${name} hook`, url: CHANNEL_URL } };
    case "PATCH /api/v1/channels/[id]":
      return { path: `/api/v1/channels/${V.channelId}`, body: { name: `${MARK} hook renamed by ${who(p)}` } };
    case "DELETE /api/v1/channels/[id]":
      return { path: `/api/v1/channels/${p.label === "adm" ? V.channelsForDelete.adm : V.channelsForDelete.own}` };
    case "POST /api/v1/channels/[id]/test":
      return { path: `/api/v1/channels/${V.channelId}/test` };
    case "GET /api/v1/channels/[id]/deliveries":
      return { path: `/api/v1/channels/${V.channelId}/deliveries` };
    case "POST /api/v1/objectives":
      return { path: r.route, body: { workflow: `${name}-slo`, sli: "success_rate", target: 0.95 } };
    case "POST /api/v1/objectives/openslo":
      return { path: r.route, body: { yaml: openSlo(`${name}-openslo`) } };
    case "GET /api/v1/objectives/[id]":
    case "GET /api/v1/objectives/[id]/status":
    case "GET /api/v1/objectives/[id]/series":
      return { path: r.route.replace("[id]", V.objectiveId) };
    case "PATCH /api/v1/objectives/[id]":
      return { path: r.route.replace("[id]", V.objectiveId), body: { periodDays: 28 } };
    case "POST /api/v1/objectives/[id]/approve":
      return { path: r.route.replace("[id]", V.objectiveId) };
    case "POST /api/v1/kpi-rules":
      return { path: r.route, body: { name: `${name} kpi`, metric: "critical_policy_violations" } };
    case "PATCH /api/v1/kpi-rules/[id]":
      return { path: r.route.replace("[id]", V.kpiRuleId), body: { windowMinutes: 60 } };
    case "POST /api/v1/kpi-rules/[id]/approve":
      return { path: r.route.replace("[id]", V.kpiRuleId) };
    case "POST /api/v1/alerts/[id]/acknowledge":
    case "POST /api/v1/alerts/[id]/incident":
      return { path: r.route.replace("[id]", `${MARK}-no-such-alert`) };
    case "POST /api/v1/alerts/[id]/silence":
      return { path: r.route.replace("[id]", `${MARK}-no-such-alert`), body: { minutes: 60 } };
    case "POST /api/v1/evals":
      return { path: r.route, body: { release: other ? `ox${tag}@v1` : V.release, goldSet: "perms", passed: 9, total: 10, ranAt: RUN_AT } };
    case "GET /api/v1/evals":
      return { path: `${r.route}?release=${encodeURIComponent(V.release)}` };
    case "POST /api/v1/fix-items":
      return {
        path: r.route,
        body: { category: "tool_error", reason: `${name} fix`, owner: p.kind === "session" ? p.user.email : fixtures.users.admin.email, dueDate: "2099-12-31" },
      };
    case "GET /api/v1/fix-items/[id]":
      return { path: `/api/v1/fix-items/${V.fixItemId}` };
    case "PATCH /api/v1/fix-items/[id]":
      return { path: `/api/v1/fix-items/${V.fixItemId}`, body: { notes: `checked by ${who(p)}` } };
    case "POST /api/v1/runbooks":
      return { path: r.route, body: { title: `${name} runbook`, body: "# Steps", category: "tool_error", reason: `${name} fix` } };
    case "GET /api/v1/runbooks/[id]":
    case "GET /api/v1/runbooks/[id]/versions":
    case "POST /api/v1/runbooks/[id]/review":
      return { path: r.route.replace("[id]", V.runbookId) };
    case "PATCH /api/v1/runbooks/[id]":
      return { path: r.route.replace("[id]", V.runbookId), body: { body: `# Steps\nchecked by ${who(p)}` } };
    case "POST /api/v1/risks":
      return {
        path: r.route,
        body: { title: `${name} risk`, category: "cost_spike", likelihood: 2, impact: 3, owner: p.kind === "session" ? p.user.email : fixtures.users.admin.email, reviewDate: "2099-12-31" },
      };
    case "GET /api/v1/risks/[id]":
      return { path: r.route.replace("[id]", V.riskId) };
    case "PATCH /api/v1/risks/[id]":
      return { path: r.route.replace("[id]", V.riskId), body: { mitigation: `checked by ${who(p)}` } };
    case "DELETE /api/v1/risks/[id]":
      return { path: r.route.replace("[id]", p.label === "adm" ? V.risksForDelete.adm : V.risksForDelete.own) };
    case "PUT /api/v1/ownership":
      return { path: r.route, body: { areas: [{ key: "release_gates", owner: p.kind === "session" ? p.user.email : null }] } };
    case "POST /api/v1/incidents":
      return { path: r.route, body: { title: `${name} incident`, severity: "SEV3" } };
    case "GET /api/v1/incidents/[number]":
      return { path: `/api/v1/incidents/${V.incidentNumber}` };
    case "PATCH /api/v1/incidents/[number]":
      return { path: `/api/v1/incidents/${V.incidentNumber}`, body: { description: `checked by ${who(p)}` } };
    case "POST /api/v1/incidents/[number]/notes":
      return { path: `/api/v1/incidents/${V.incidentNumber}/notes`, body: { body: `note by ${who(p)}` } };
    case "POST /api/v1/incidents/[number]/runs":
      return { path: `/api/v1/incidents/${V.incidentNumber}/runs`, body: { runIds: [V.runId] } };
    case "GET /api/v1/incidents/[number]/timeline":
    case "GET /api/v1/incidents/[number]/updates":
    case "GET /api/v1/incidents/[number]/postmortem":
    case "POST /api/v1/incidents/[number]/postmortem/publish":
      return { path: r.route.replace("[number]", String(V.incidentNumber)) };
    case "GET /api/v1/incidents/[number]/updates/preview":
      return { path: `/api/v1/incidents/${V.incidentNumber}/updates/preview?audience=support` };
    case "POST /api/v1/incidents/[number]/updates":
      return { path: `/api/v1/incidents/${V.incidentNumber}/updates`, body: { audience: "engineering", body: `update by ${who(p)}` } };
    case "POST /api/v1/incidents/[number]/fix-items":
      return {
        path: `/api/v1/incidents/${V.incidentNumber}/fix-items`,
        body: { category: "tool_error", reason: `${name} incident fix`, owner: p.kind === "session" ? p.user.email : fixtures.users.admin.email, dueDate: "2099-12-31" },
      };
    case "PUT /api/v1/incidents/[number]/postmortem":
      return { path: `/api/v1/incidents/${V.incidentNumber}/postmortem`, body: { body: `# Postmortem by ${who(p)}` } };
    case "PUT /api/v1/settings/severities":
      return { path: r.route, body: V.severities[ownProject(p)] };
    case "PUT /api/v1/settings/update-templates":
      return { path: r.route, body: V.templates[ownProject(p)] };
    case "POST /api/v1/otel/remap":
      // A day after every trace: the remap has nothing to do (and ends before the next principal).
      return { path: r.route, body: { since: "2099-01-01" } };
    case "POST /api/v1/projects":
      return { path: r.route, body: { name: `Perms ${tag} ${who(p)}` } };
    case "GET /api/v1/releases/[release]/gates":
    case "GET /api/v1/releases/[release]/analysis":
    case "GET /api/v1/releases/[release]/quality":
    case "GET /api/v1/releases/[release]/events":
      return { path: r.route.replace("[release]", encodeURIComponent(V.release)) };
    case "POST /api/v1/releases/[release]/events":
      // Another project's callers name a release of their own: a stage recorded there is theirs.
      return { path: r.route.replace("[release]", encodeURIComponent(other ? `ox${tag}@v1` : V.release)), body: { stage: "sandbox", at: RUN_AT, id: `${name}-stage` } };
    case "POST /api/v1/hooks/flagger":
      return { path: r.route, body: { name: "agent", namespace: "prod", phase: "Progressing", checksum: "0", metadata: { release: V.release } } };
    case "POST /api/v1/runs":
      return { path: r.route, body: { runs: [run(`${name}-run`)] } };
    case "GET /api/v1/runs/[id]":
      return { path: `/api/v1/runs/${encodeURIComponent(V.runId)}` };
    case "POST /api/v1/settings/api-keys":
      return { path: r.route, body: { name: `${name} key`, scopes: ["read"] } };
    case "PATCH /api/v1/settings/api-keys/[id]":
      return { path: `/api/v1/settings/api-keys/${V.keyForPatch}`, body: { revoked: true } };
    case "DELETE /api/v1/settings/api-keys/[id]":
      return { path: `/api/v1/settings/api-keys/${V.keyForDelete}` };
    case "PATCH /api/v1/settings/gates":
      return { path: r.route, body: V.gates[ownProject(p)] };
    case "PATCH /api/v1/settings/guardrails":
      return { path: r.route, body: V.guardrails[ownProject(p)] };
    case "PUT /api/v1/settings/budgets/[workflow]":
      return { path: `/api/v1/settings/budgets/perms-${tag}-${who(p)}`, body: { maxToolCalls: 10 } };
    case "DELETE /api/v1/settings/budgets/[workflow]":
      return { path: `/api/v1/settings/budgets/perms-${tag}-${who(p)}` };
    case "POST /api/v1/settings/budgets/reevaluate":
      return { path: r.route, body: { from: "2099-01-01T00:00:00Z", to: "2099-01-02T00:00:00Z" } };
    case "PATCH /api/v1/settings/ingest":
      return { path: r.route, body: V.ingest[ownProject(p)] };
    case "POST /api/v1/settings/members":
      return { path: r.route, body: { email: `${name}@example.test`, role: "viewer", password: "perms-pass-123" } };
    case "PATCH /api/v1/settings/members/[userId]":
      return { path: `/api/v1/settings/members/${V.memberUserId}`, body: { role: "viewer" } };
    case "DELETE /api/v1/settings/members/[userId]":
      return { path: `/api/v1/settings/members/${V.memberUserId}` };
    default:
      if (r.route.includes("[")) throw new Error(`no concrete path for ${key}: add a case to requestFor`);
      return { path: r.route };
  }
}

// ---------------------------------------------------------------------------------------------
const sessions = new Map<string, APIRequestContext>();
let plain: APIRequestContext;

function withProject(p: string, slug: string): string {
  return `${p}${p.includes("?") ? "&" : "?"}project=${encodeURIComponent(slug)}`;
}

async function send(p: Principal, method: Method, req: Request): Promise<APIResponse> {
  const slug = ownProject(p) === "other" && p.kind === "session" ? OTHER.slug : MAIN.slug;
  const ctx = p.kind === "session" ? sessions.get(p.user.email)! : plain;
  const headers: Record<string, string> = p.kind === "key" ? { Authorization: `Bearer ${p.key}` } : {};
  return ctx.fetch(withProject(req.path, slug), { method, headers, ...(req.body === undefined ? {} : { data: req.body }), maxRedirects: 0 });
}

/** Setup and cleanup calls (not cells of the table): fail loudly with the answer. */
async function must<T>(res: APIResponse, status: number, what: string): Promise<T> {
  const text = await res.text();
  expect(res.status(), `${what}: ${text.slice(0, 300)}`).toBe(status);
  return JSON.parse(text) as T;
}

const admin = () => sessions.get(fixtures.users.admin.email)!;
const otherAdmin = () => sessions.get(fixtures.otherAdmin.email)!;
const main = (p: string) => withProject(p, MAIN.slug);
const other = (p: string) => withProject(p, OTHER.slug);

test.beforeAll(async () => {
  plain = await playwrightRequest.newContext({ baseURL: fixtures.baseURL });
  for (const user of [fixtures.users.viewer, fixtures.users.sre, fixtures.users.owner, fixtures.users.admin, fixtures.otherAdmin])
    sessions.set(user.email, await apiAs(playwrightRequest, user));

  const runId = `${MARK}-seed`;
  const ingested = await must<{ accepted: number }>(
    await plain.post("/api/v1/runs", { headers: { Authorization: `Bearer ${fixtures.keys.ingestRead}` }, data: { runs: [run(runId)] } }),
    200,
    "seed run",
  );
  expect(ingested).toMatchObject({ accepted: 1 });

  const fix = await must<{ id: string }>(
    await admin().post(main("/api/v1/fix-items"), {
      data: { category: "tool_error", reason: `${MARK} seed fix`, owner: fixtures.users.admin.email, dueDate: "2099-12-31" },
    }),
    200,
    "seed fix item",
  );

  // The incident's number must not exist in e2e-other, which this spec adds one incident to:
  // else "another project's admin" would read their own incident of the same number.
  const otherIncidents = await must<{ incidents: { number: number }[] }>(
    await otherAdmin().get(other("/api/v1/incidents?limit=500")),
    200,
    "e2e-other incidents",
  );
  const otherMax = Math.max(0, ...otherIncidents.incidents.map((i) => i.number));
  let incidentNumber = 0;
  while (incidentNumber <= otherMax + 1) {
    const inc = await must<{ number: number }>(await admin().post(main("/api/v1/incidents"), { data: { title: `${MARK} seed incident`, severity: "SEV3" } }), 201, "seed incident");
    incidentNumber = inc.number;
  }

  const newKey = async (suffix: string) => {
    const k = await must<{ apiKey: { id: string } }>(await admin().post(main("/api/v1/settings/api-keys"), { data: { name: `${MARK} ${suffix}`, scopes: ["read"] } }), 201, "seed key");
    created.keys.push({ id: k.apiKey.id, project: "main" });
    return k.apiKey.id;
  };
  const member = await must<{ member: { userId: string } }>(
    await admin().post(main("/api/v1/settings/members"), { data: { email: `${MARK}-member@example.test`, role: "viewer", password: "perms-pass-123" } }),
    201,
    "seed member",
  );
  created.members.push({ userId: member.member.userId, project: "main" });

  const newChannel = async (suffix: string) => {
    const c = await must<{ id: string }>(await admin().post(main("/api/v1/channels"), { data: { type: "webhook", name: `${MARK} ${suffix}`, url: CHANNEL_URL } }), 201, "seed channel");
    created.channels.push({ id: c.id, project: "main" });
    return c.id;
  };

  const newRisk = async (suffix: string) =>
    (
      await must<{ id: string }>(
        await admin().post(main("/api/v1/risks"), { data: { title: `${MARK} ${suffix}`, category: "other", likelihood: 1, impact: 1, owner: fixtures.users.admin.email, reviewDate: "2099-12-31" } }),
        200,
        "seed risk",
      )
    ).id;

  const gatesOf = async (get: (p: string) => string, ctx: APIRequestContext) =>
    ({ canaryEscalationMargin: (await must<{ canaryEscalationMargin: number }>(await ctx.get(get("/api/v1/settings/gates")), 200, "gate settings")).canaryEscalationMargin });
  const guardrailsOf = async (get: (p: string) => string, ctx: APIRequestContext) =>
    ({ repeatedCallThreshold: (await must<{ repeatedCallThreshold: number }>(await ctx.get(get("/api/v1/settings/guardrails")), 200, "guardrail settings")).repeatedCallThreshold });
  const ingestOf = async (get: (p: string) => string, ctx: APIRequestContext) => {
    const s = await must<{ ingestRatePerSecond: number; ingestBurst: number }>(await ctx.get(get("/api/v1/settings/ingest")), 200, "ingest settings");
    return { ingestRatePerSecond: s.ingestRatePerSecond, ingestBurst: s.ingestBurst };
  };

  const tiersOf = async (get: (p: string) => string, ctx: APIRequestContext) =>
    ({ tiers: (await must<{ tiers: unknown }>(await ctx.get(get("/api/v1/settings/severities")), 200, "severity tiers")).tiers });
  const templatesOf = async (get: (p: string) => string, ctx: APIRequestContext) =>
    ({ templates: (await must<{ templates: unknown }>(await ctx.get(get("/api/v1/settings/update-templates")), 200, "update templates")).templates });

  V = {
    runId,
    release: `${MARK}@v1`,
    fixItemId: fix.id,
    incidentNumber,
    keyForPatch: await newKey("patch"),
    keyForDelete: await newKey("delete"),
    memberUserId: member.member.userId,
    channelId: await newChannel("channel"),
    objectiveId: (
      await must<{ id: string }>(
        await admin().post(main("/api/v1/objectives"), { data: { workflow: `${MARK}-flow`, sli: "success_rate", target: 0.95 } }),
        200,
        "seed objective",
      )
    ).id,
    kpiRuleId: (
      await must<{ id: string }>(
        await admin().post(main("/api/v1/kpi-rules"), { data: { workflow: `${MARK}-flow`, metric: "cost_per_success_usd", threshold: 0.5 } }),
        200,
        "seed KPI rule",
      )
    ).id,
    channelsForDelete: { own: await newChannel("delete by owner"), adm: await newChannel("delete by admin") },
    runbookId: (
      await must<{ id: string }>(await admin().post(main("/api/v1/runbooks"), { data: { title: `${MARK} runbook`, body: "# Steps" } }), 200, "seed runbook")
    ).id,
    riskId: await newRisk("risk"),
    risksForDelete: { own: await newRisk("delete by owner"), adm: await newRisk("delete by admin") },
    gates: { main: await gatesOf(main, admin()), other: await gatesOf(other, otherAdmin()) },
    guardrails: { main: await guardrailsOf(main, admin()), other: await guardrailsOf(other, otherAdmin()) },
    ingest: { main: await ingestOf(main, admin()), other: await ingestOf(other, otherAdmin()) },
    severities: { main: await tiersOf(main, admin()), other: await tiersOf(other, otherAdmin()) },
    templates: { main: await templatesOf(main, admin()), other: await templatesOf(other, otherAdmin()) },
  };
});

test.afterAll(async () => {
  // Keys and members the table's writes (and beforeAll) created: revoked / removed again.
  for (const k of created.keys) {
    const [ctx, url] = k.project === "main" ? [admin(), main] : [otherAdmin(), other];
    await ctx?.delete(url(`/api/v1/settings/api-keys/${k.id}`));
  }
  for (const m of created.members) {
    const [ctx, url] = m.project === "main" ? [admin(), main] : [otherAdmin(), other];
    await ctx?.delete(url(`/api/v1/settings/members/${m.userId}`)); // 404 when the table removed it
  }
  for (const c of created.channels) {
    const [ctx, url] = c.project === "main" ? [admin(), main] : [otherAdmin(), other];
    await ctx?.delete(url(`/api/v1/channels/${c.id}`)); // 404 when the table deleted it
  }
  for (const ctx of sessions.values()) await ctx.dispose();
  await plain?.dispose();
});

test("every route on disk has a row in the table, and every row a route on disk", () => {
  const onDisk = routesOnDisk();
  const inTable = [...TABLE.map((r) => `${r.method} ${r.route}`), ...Object.keys(PUBLIC)];
  const duplicates = inTable.filter((k, i) => inTable.indexOf(k) !== i);
  expect(duplicates, "rows listed twice").toEqual([]);
  const missing = onDisk.filter((k) => !inTable.includes(k));
  const stale = inTable.filter((k) => !onDisk.includes(k));
  expect(missing, `routes on disk with no row in e2e/api/permissions.spec.ts TABLE: ${missing.join(", ")}`).toEqual([]);
  expect(stale, `rows of the TABLE with no route on disk: ${stale.join(", ")}`).toEqual([]);
  // The walk itself works: a few routes it must see.
  expect(onDisk).toEqual(expect.arrayContaining(["GET /api/health", "POST /api/v1/runs", "GET /api/v1/runs", "GET /api/auth/[...nextauth]"]));
});

test("every route × every principal answers exactly the table's status; nothing leaks across projects", async () => {
  test.setTimeout(300_000);
  const mismatches: string[] = [];
  const lines: string[] = [];
  const width = Math.max(...TABLE.map((r) => r.route.length)) + 1;
  lines.push(`${"route".padEnd(width)}${"method".padEnd(8)}${PRINCIPALS.map((p) => p.label.padStart(6)).join("")}`);
  const started = Date.now();
  for (const r of TABLE) {
    const cells: string[] = [];
    for (const [i, p] of PRINCIPALS.entries()) {
      const req = requestFor(r, p);
      const res = await send(p, r.method, req);
      const status = res.status();
      const text = r.method === "HEAD" ? "" : await res.text();
      const want = r.want[i];
      let ok = status === want;
      if (!ok) mismatches.push(`${r.method} ${r.route} as ${p.name}: got ${status}, want ${want} — ${text.slice(0, 200)}`);
      // Another project's caller, when allowed, sees only its own project.
      if (status < 300 && ownProject(p) === "other" && (text.includes(MARK) || text.includes(MAIN.id))) {
        ok = false;
        mismatches.push(`${r.method} ${r.route} as ${p.name}: ${status} with project e2e's data in it — ${text.slice(0, 200)}`);
      }
      if (status >= 200 && status < 300) await remember(r, p, text);
      cells.push(`${ok ? "" : "!"}${status}`.padStart(6));
    }
    lines.push(`${r.route.padEnd(width)}${r.method.padEnd(8)}${cells.join("")}`);
  }
  const matrix = lines.join("\n");
  const cellCount = TABLE.length * PRINCIPALS.length;
  test.info().annotations.push({ type: "matrix", description: `${cellCount} cells in ${((Date.now() - started) / 1000).toFixed(1)} s` });
  await test.info().attach("permission-matrix.txt", { body: `${matrix}\n\n${mismatches.join("\n")}\n`, contentType: "text/plain" });
  if (mismatches.length) console.log(`permission matrix (! = not as the table says):\n${matrix}`);
  expect(mismatches, `${mismatches.length} of ${cellCount} cells differ from the table:\n${mismatches.join("\n")}\n\n${matrix}`).toEqual([]);
});

/** Keys and members the table's writes created, so afterAll can revoke / remove them. */
async function remember(r: Row, p: Principal, text: string) {
  const project = ownProject(p);
  if (r.method === "POST" && r.route === "/api/v1/settings/api-keys") created.keys.push({ id: JSON.parse(text).apiKey.id, project });
  if (r.method === "POST" && r.route === "/api/v1/channels") created.channels.push({ id: JSON.parse(text).id, project });
  if (r.method === "POST" && r.route === "/api/v1/settings/members") created.members.push({ userId: JSON.parse(text).member.userId, project });
}

test("next-auth's endpoints are public and never fail with 5xx", async () => {
  for (const [route, probes] of Object.entries(PUBLIC))
    for (const probe of probes) {
      const res = await plain.fetch(probe.path, { method: probe.method, maxRedirects: 0, ...(probe.method === "POST" ? { form: {} } : {}) });
      expect(res.status(), `${route}: ${probe.method} ${probe.path}`).toBe(probe.want);
    }
});
