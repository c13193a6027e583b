// The hand-made dataset of the metric integration tests. Window W = [2026-03-02T00:00Z,
// 2026-03-09T00:00Z). Costs are sums of powers of two (0.5, 0.125, 0.0625…) so every sum is exact
// in binary floating point whatever order the database adds them in; the expected values in
// metrics*.test.ts are worked out by hand from the table below.
//
// id  workflow start (UTC)                dur ms  outcome                                  cost   session env        release          tool calls (name latency status [retry cost])
// R1  refund   03-02 00:00:00.000 (=from) 1000   success                                  0.5    s1      production gpt-4.1@v1       search 100 ok; search 200 error
// R2  refund   03-03 10:00                3000   success                                  0.25   s1      production gpt-4.1@v1       search 300 ok; ticketing.create 50 ok [retry 0.125]
// R3  refund   03-04 12:00                2000   failure tool_error "ticketing API timeout" 0.75  s2      canary     gpt-4.1@v2       ticketing.create 5000 timeout; ticketing.create 4000 error [retry 0.25]
// R4  refund   03-08 23:59:59.999 (last)  6000   escalated "high-impact action" review 2  1      s3      production gpt-4.1@v1       search 400 ok
// R5  refund   03-05 00:00                1200   failure tool_error "Zendesk rate limit"  0.375  s7      production gpt-4.1@v2       zendesk.reply 900 error; zendesk.reply 1100 ok [retry 0.0625]
// R6  refund   03-06 00:00                700    failure tool_error "upstream 502"        0.125  s7      production gpt-4.1@v2       —
// T1  triage   03-05 08:00                500    failure policy_violation "PII in reply" critical 0.125 s4 production claude-sonnet@p3 kb.lookup 700 ok (its only call)
// T2  triage   03-06 09:00                1500   failure context_failure "missing order id" 0.25  s4      production claude-sonnet@p3 search 600 blocked
// T3  triage   03-07 10:00                2500   escalated "budget cap exceeded"          0.5    s5      staging    claude-sonnet@p3 —
// T4  triage   03-07 11:00                800    failure policy_violation "PII in reply"  0.125  s6      production claude-sonnet@p3 —
// B1  billing  03-08 12:00                4000   success                                  1.5    s8      production billing-2026.03  search 800 ok
// B2  billing  03-08 13:00                10000  failure model_failure "upstream 502"     0.5    s8      production billing-2026.03  —
// X1  refund   03-09 00:00:00.000 (=to)   100    success (outside: to is excluded)        8      s1      production gpt-4.1@v1       search 9999 ok [retry 4]
// X2  refund   03-01 23:59:59.999         50     failure tool_error (outside)             16     s9      production gpt-4.1@v1       ticketing.create 7777 error [retry 2]
//
// Incidents (openedAt): I1 03-02 00:00 (=from) linked to R3; I2 03-05 12:00 linked to T1;
// I3 03-09 00:00 (=to, outside) linked to R1; I4 03-04 00:00 linked to nothing.
// The other project has a refund run, a search call and an incident inside W: none may leak.

import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { createTestProject } from "../helpers/db";

export const WINDOW = { from: new Date("2026-03-02T00:00:00.000Z"), to: new Date("2026-03-09T00:00:00.000Z") };

interface Call {
  name: string;
  latencyMs: number;
  status: "ok" | "error" | "timeout" | "blocked";
  retry?: number;
}

interface Spec {
  id: string;
  workflow: string;
  start: string;
  durationMs: number;
  outcome: "success" | "failure" | "escalated";
  failure?: { category: string; reason: string; critical?: boolean };
  escalation?: { reason: string; reviewCostUsd?: number };
  costUsd: number;
  sessionId: string;
  environment: "production" | "canary" | "staging";
  model: string;
  promptVersion: string;
  release?: string;
  calls?: Call[];
}

const GPT = { model: "gpt-4.1", promptVersion: "v1" } as const;
const GPT2 = { model: "gpt-4.1", promptVersion: "v2" } as const;
const CLAUDE = { model: "claude-sonnet", promptVersion: "p3" } as const;
const BILLING = { model: "gpt-4.1-mini", promptVersion: "b1", release: "billing-2026.03" } as const;
const tool = "tool_error";

const SPECS: Spec[] = [
  { id: "R1", workflow: "refund", start: "2026-03-02T00:00:00.000Z", durationMs: 1000, outcome: "success", costUsd: 0.5, sessionId: "s1", environment: "production", ...GPT,
    calls: [{ name: "search", latencyMs: 100, status: "ok" }, { name: "search", latencyMs: 200, status: "error" }] },
  { id: "R2", workflow: "refund", start: "2026-03-03T10:00:00.000Z", durationMs: 3000, outcome: "success", costUsd: 0.25, sessionId: "s1", environment: "production", ...GPT,
    calls: [{ name: "search", latencyMs: 300, status: "ok" }, { name: "ticketing.create", latencyMs: 50, status: "ok", retry: 0.125 }] },
  { id: "R3", workflow: "refund", start: "2026-03-04T12:00:00.000Z", durationMs: 2000, outcome: "failure", failure: { category: tool, reason: "ticketing API timeout" },
    costUsd: 0.75, sessionId: "s2", environment: "canary", ...GPT2,
    calls: [{ name: "ticketing.create", latencyMs: 5000, status: "timeout" }, { name: "ticketing.create", latencyMs: 4000, status: "error", retry: 0.25 }] },
  { id: "R4", workflow: "refund", start: "2026-03-08T23:59:59.999Z", durationMs: 6000, outcome: "escalated", escalation: { reason: "high-impact action", reviewCostUsd: 2 },
    costUsd: 1, sessionId: "s3", environment: "production", ...GPT, calls: [{ name: "search", latencyMs: 400, status: "ok" }] },
  { id: "R5", workflow: "refund", start: "2026-03-05T00:00:00.000Z", durationMs: 1200, outcome: "failure", failure: { category: tool, reason: "Zendesk rate limit" },
    costUsd: 0.375, sessionId: "s7", environment: "production", ...GPT2,
    calls: [{ name: "zendesk.reply", latencyMs: 900, status: "error" }, { name: "zendesk.reply", latencyMs: 1100, status: "ok", retry: 0.0625 }] },
  { id: "R6", workflow: "refund", start: "2026-03-06T00:00:00.000Z", durationMs: 700, outcome: "failure", failure: { category: tool, reason: "upstream 502" },
    costUsd: 0.125, sessionId: "s7", environment: "production", ...GPT2 },
  { id: "T1", workflow: "triage", start: "2026-03-05T08:00:00.000Z", durationMs: 500, outcome: "failure", failure: { category: "policy_violation", reason: "PII in reply", critical: true },
    costUsd: 0.125, sessionId: "s4", environment: "production", ...CLAUDE, calls: [{ name: "kb.lookup", latencyMs: 700, status: "ok" }] },
  { id: "T2", workflow: "triage", start: "2026-03-06T09:00:00.000Z", durationMs: 1500, outcome: "failure", failure: { category: "context_failure", reason: "missing order id" },
    costUsd: 0.25, sessionId: "s4", environment: "production", ...CLAUDE, calls: [{ name: "search", latencyMs: 600, status: "blocked" }] },
  { id: "T3", workflow: "triage", start: "2026-03-07T10:00:00.000Z", durationMs: 2500, outcome: "escalated", escalation: { reason: "budget cap exceeded" },
    costUsd: 0.5, sessionId: "s5", environment: "staging", ...CLAUDE },
  { id: "T4", workflow: "triage", start: "2026-03-07T11:00:00.000Z", durationMs: 800, outcome: "failure", failure: { category: "policy_violation", reason: "PII in reply" },
    costUsd: 0.125, sessionId: "s6", environment: "production", ...CLAUDE },
  { id: "B1", workflow: "billing", start: "2026-03-08T12:00:00.000Z", durationMs: 4000, outcome: "success", costUsd: 1.5, sessionId: "s8", environment: "production", ...BILLING,
    calls: [{ name: "search", latencyMs: 800, status: "ok" }] },
  { id: "B2", workflow: "billing", start: "2026-03-08T13:00:00.000Z", durationMs: 10000, outcome: "failure", failure: { category: "model_failure", reason: "upstream 502" },
    costUsd: 0.5, sessionId: "s8", environment: "production", ...BILLING },
  { id: "X1", workflow: "refund", start: "2026-03-09T00:00:00.000Z", durationMs: 100, outcome: "success", costUsd: 8, sessionId: "s1", environment: "production", ...GPT,
    calls: [{ name: "search", latencyMs: 9999, status: "ok", retry: 4 }] },
  { id: "X2", workflow: "refund", start: "2026-03-01T23:59:59.999Z", durationMs: 50, outcome: "failure", failure: { category: tool, reason: "ticketing API timeout" },
    costUsd: 16, sessionId: "s9", environment: "production", ...GPT, calls: [{ name: "ticketing.create", latencyMs: 7777, status: "error", retry: 2 }] },
];

const OTHER_PROJECT_SPECS: Spec[] = [
  { id: "R1", workflow: "refund", start: "2026-03-03T00:00:00.000Z", durationMs: 99000, outcome: "success", costUsd: 64, sessionId: "s1", environment: "production", ...GPT,
    calls: [{ name: "search", latencyMs: 1, status: "ok", retry: 32 }] },
];

const at = (iso: string, plusMs: number) => new Date(Date.parse(iso) + plusMs).toISOString();

/** A CONTRACT §2 run; tool calls start one after the other from the run's start. */
function toRun(s: Spec) {
  let offset = 0;
  const toolCalls = (s.calls ?? []).map((c) => {
    const call = {
      name: c.name,
      startedAt: at(s.start, offset),
      endedAt: at(s.start, offset + c.latencyMs),
      status: c.status,
      ...(c.retry !== undefined ? { retry: true, costUsd: c.retry } : {}),
    };
    offset += 1;
    return call;
  });
  return {
    id: s.id,
    sessionId: s.sessionId,
    workflow: s.workflow,
    environment: s.environment,
    model: s.model,
    promptVersion: s.promptVersion,
    ...(s.release ? { release: s.release } : {}),
    startedAt: s.start,
    endedAt: at(s.start, s.durationMs),
    outcome: s.outcome,
    ...(s.failure ? { failure: s.failure } : {}),
    ...(s.escalation ? { escalation: s.escalation } : {}),
    costUsd: s.costUsd,
    toolCalls,
  };
}

export const datasetRuns = () => SPECS.map(toRun);
export const otherProjectRuns = () => OTHER_PROJECT_SPECS.map(toRun);

/** Incidents of the main project: openedAt and the run ids linked to it. */
export const INCIDENTS = [
  { number: 1, openedAt: "2026-03-02T00:00:00.000Z", runIds: ["R3"] },
  { number: 2, openedAt: "2026-03-05T12:00:00.000Z", runIds: ["T1"] },
  { number: 3, openedAt: "2026-03-09T00:00:00.000Z", runIds: ["R1"] },
  { number: 4, openedAt: "2026-03-04T00:00:00.000Z", runIds: [] },
];
export const OTHER_PROJECT_INCIDENTS = [{ number: 1, openedAt: "2026-03-03T00:00:00.000Z", runIds: ["R1"] }];

/**
 * percentile_cont as PostgreSQL computes it, in float8, so the last bits agree: position =
 * p × (n − 1), then lower + (upper − lower) × (position − floor(position)), where lower and upper
 * are the sorted values at floor(position) and ceil(position). The tests pick lower/upper by hand.
 */
export function pgLerp(lower: number, upper: number, p: number, n: number): number {
  const position = p * (n - 1);
  return lower + (upper - lower) * (position - Math.floor(position));
}

/** Two fresh projects with the dataset (main) and the other project's runs and incident. */
export async function loadDataset(db: Database): Promise<{ projectId: string; otherProjectId: string }> {
  const projectId = (await createTestProject(db, "met")).id;
  const otherProjectId = (await createTestProject(db, "meto")).id;
  for (const [id, runs, incidents] of [
    [projectId, datasetRuns(), INCIDENTS],
    [otherProjectId, otherProjectRuns(), OTHER_PROJECT_INCIDENTS],
  ] as const) {
    const result = await ingestRuns(db, id, runs);
    if (result.accepted !== runs.length) throw new Error(`dataset not ingested: ${JSON.stringify(result.rejected)}`);
    for (const inc of incidents) {
      const runs = await db.prisma.run.findMany({ where: { projectId: id, id: { in: [...inc.runIds] } }, select: { pk: true } });
      await db.prisma.incident.create({
        data: {
          projectId: id,
          number: inc.number,
          title: `incident ${inc.number}`,
          severity: "SEV2",
          openedAt: new Date(inc.openedAt),
          runs: { create: runs.map((r) => ({ runPk: r.pk, projectId: id })) },
        },
      });
    }
  }
  return { projectId, otherProjectId };
}
