// Real exports of the agent frameworks (recorded by interop/scripts/record-fixtures.mjs: OTLP/JSON,
// one request per ended span, in the order sent; see test/fixtures/otel-frameworks/EXPECTED.md),
// replayed into Keel: (1) sent now, each reads back as CONTRACT §7 says; (2) sent before this
// version — the runs the previous mapping made of them (test/helpers/otel-mapping-v1.ts) — then
// `keel otel remap` rebuilds them, and they read back the same as (1).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { normalizeRun } from "@/lib/server/ingest/normalize";
import { ingestOtelSpans } from "@/lib/server/otel";
import { decode } from "@/lib/server/otel/body";
import { runRemap, startRemap } from "@/lib/server/otel/remap";
import { sqlTransaction } from "@/lib/server/db/handle";
import { writeRuns } from "@/lib/server/ingest/store";
import { loadTraces, storeSpans } from "@/lib/server/otel/store";
import { getRunAsSent } from "@/lib/server/queries/runs-read";
import { validateRun } from "@/lib/shared/run-schema";
import { traceToRun as traceToRunV1 } from "@/test/helpers/otel-mapping-v1";
import { createTestProject, testDatabases } from "../helpers/db";

const DIR = path.join(import.meta.dirname, "..", "fixtures", "otel-frameworks");

interface Expected {
  workflow: string;
  /** null: the framework sets none, so the traceId. */
  session: string | null;
  model: string;
  tools: [name: string, status: string, errorType: string | null][];
  outcome: "success" | "failure";
  failure?: { category: string; reason: string };
  tokens: [input: number, output: number];
}

const ok = (name: string): [string, string, null] => [name, "ok", null];
const BOTH_OK = [ok("kb_search"), ok("create_ticket")];
const FAILED = (errorType: string | null): Expected["tools"] => [ok("kb_search"), ["create_ticket", "error", errorType]];
const TICKET_DOWN = { category: "tool_error", reason: "ticket service unavailable (503)" };

const CASES: Record<string, Expected> = {
  // AI SDK 7 (`OpenTelemetry` from @ai-sdk/otel): GenAI spans; the session travels only in
  // ai.settings.context.*, which §7 does not read.
  "vercel-clean": { workflow: "support-vercel", session: null, model: "mock-model-1", tools: BOTH_OK, outcome: "success", tokens: [71, 25] },
  "vercel-failing-tool": { workflow: "support-vercel", session: null, model: "mock-model-1", tools: FAILED("TicketServiceError"), outcome: "success", tokens: [71, 25] },
  // AI SDK `LegacyOpenTelemetry` (the ≤ 6 shape): ai.generateText / ai.toolCall spans.
  "vercel-legacy-clean": { workflow: "support-vercel-legacy", session: null, model: "mock-model-1", tools: BOTH_OK, outcome: "success", tokens: [71, 25] },
  "vercel-legacy-failing-tool": { workflow: "support-vercel-legacy", session: null, model: "mock-model-1", tools: FAILED("TicketServiceError"), outcome: "success", tokens: [71, 25] },
  "vercel-openinference-clean": { workflow: "support-vercel-openinference", session: "session-vercel-openinference", model: "mock-model-1", tools: BOTH_OK, outcome: "success", tokens: [71, 25] },
  "vercel-openinference-failing-tool": { workflow: "support-vercel-openinference", session: "session-vercel-openinference", model: "mock-model-1", tools: FAILED("TicketServiceError"), outcome: "failure", failure: TICKET_DOWN, tokens: [71, 25] },
  "langgraph-openinference-clean": { workflow: "support-langgraph-openinference", session: "session-langgraph-openinference", model: "gpt-4.1-mini", tools: BOTH_OK, outcome: "success", tokens: [71, 25] },
  "langgraph-openinference-failing-tool": { workflow: "support-langgraph-openinference", session: "session-langgraph-openinference", model: "gpt-4.1-mini", tools: FAILED(null), outcome: "success", tokens: [71, 25] },
  "openai-openinference-clean": { workflow: "support-openai-openinference", session: "session-openai-openinference", model: "gpt-4.1-mini", tools: BOTH_OK, outcome: "success", tokens: [71, 25] },
  "openai-openinference-failing-tool": { workflow: "support-openai-openinference", session: "session-openai-openinference", model: "gpt-4.1-mini", tools: FAILED("TicketServiceError"), outcome: "failure", failure: TICKET_DOWN, tokens: [34, 12] },
  "openllmetry-clean": { workflow: "support-openllmetry", session: "session-openllmetry", model: "gpt-4.1-mini", tools: BOTH_OK, outcome: "success", tokens: [71, 25] },
  // OpenLLMetry 0.27.0's withTool never ends the span of a tool that throws: it is never exported.
  "openllmetry-failing-tool": { workflow: "support-openllmetry", session: "session-openllmetry", model: "gpt-4.1-mini", tools: [ok("kb_search")], outcome: "success", tokens: [71, 25] },
};

function fixture(name: string): { requests: unknown[]; traceId: string } {
  const requests = JSON.parse(readFileSync(path.join(DIR, `${name}.json`), "utf8")) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] }[];
  return { requests, traceId: requests[0].resourceSpans[0].scopeSpans[0].spans[0].traceId.toLowerCase() };
}

describe.each(testDatabases())("framework exports on $name", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  async function expectRight(projectId: string, name: string, traceId: string) {
    const want = CASES[name];
    const run = await getRunAsSent(db, projectId, traceId);
    expect(run, name).not.toBeNull();
    expect(
      {
        workflow: run!.workflow,
        sessionId: run!.sessionId,
        model: run!.model,
        outcome: run!.outcome,
        failure: run!.failure ? { category: run!.failure.category, reason: run!.failure.reason } : undefined,
        usage: run!.usage,
        tools: run!.toolCalls.map((c) => [c.name, c.status, c.errorType]),
      },
      name,
    ).toEqual({
      workflow: want.workflow,
      sessionId: want.session ?? traceId,
      model: want.model,
      outcome: want.outcome,
      failure: want.failure,
      usage: { inputTokens: want.tokens[0], outputTokens: want.tokens[1] },
      tools: want.tools,
    });
  }

  it("each framework's trace, sent request by request as its exporter did, reads back right", async () => {
    const projectId = (await createTestProject(db, "frameworks-now")).id;
    for (const name of Object.keys(CASES)) {
      const { requests, traceId } = fixture(name);
      for (const body of requests) {
        const result = await ingestOtelSpans(db, projectId, decode(Buffer.from(JSON.stringify(body)), "json"));
        expect(result.errorMessage, name).toBe("");
      }
      await expectRight(projectId, name, traceId);
    }
    // Each trace is one run: the overview counts 12.
    const [{ n }] = await db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM "runs" WHERE "projectId" = $1`, [projectId]);
    expect(n).toBe(String(Object.keys(CASES).length));
  });

  it("each framework's trace sent before this version reads back right after `keel otel remap`", async () => {
    const projectId = (await createTestProject(db, "frameworks-before")).id;
    const wrongBefore: string[] = [];
    for (const name of Object.keys(CASES)) {
      const { requests, traceId } = fixture(name);
      for (const body of requests) await storeSpans(db, projectId, decode(Buffer.from(JSON.stringify(body)), "json").spans);
      // The run the previous mapping built from these spans, stored as it stored it.
      await sqlTransaction(db, async (tx) => {
        const spans = (await loadTraces(tx, projectId, [traceId])).get(traceId)!;
        const checked = validateRun(traceToRunV1(traceId, spans));
        if (!checked.ok) throw new Error(`${name}: ${JSON.stringify(checked.errors)}`);
        const normalized = normalizeRun(checked.run);
        if (!normalized.ok) throw new Error(name);
        await writeRuns(tx, projectId, [{ ...normalized.row, source: "otel" }], "rebuild-otel");
      });
      const before = await getRunAsSent(db, projectId, traceId);
      const want = CASES[name];
      if (
        before!.workflow !== want.workflow ||
        before!.toolCalls.length !== want.tools.length ||
        before!.usage?.inputTokens !== want.tokens[0] ||
        before!.toolCalls.some((c, i) => c.errorType !== want.tools[i]?.[2])
      )
        wrongBefore.push(name);
    }
    // What issue 12 reported: the AI SDK's tools and workflow, OpenLLMetry's tools, doubled tokens,
    // lost error types. LangGraph with OpenInference was already right.
    expect(wrongBefore.sort()).toEqual(
      [
        "openai-openinference-failing-tool",
        "openllmetry-clean",
        "openllmetry-failing-tool",
        "vercel-clean",
        "vercel-failing-tool",
        "vercel-legacy-clean",
        "vercel-legacy-failing-tool",
        "vercel-openinference-clean",
        "vercel-openinference-failing-tool",
      ].sort(),
    );

    const { job } = await startRemap(db, { projectId, since: null }, { type: "cli", label: "keel otel remap" });
    expect(await runRemap(db, job.id)).toMatchObject({ status: "done", doneTraces: 12, runsWritten: 12, runsKept: 0, tracesWithoutRun: 0 });
    for (const name of Object.keys(CASES)) await expectRight(projectId, name, fixture(name).traceId);
  });
});
