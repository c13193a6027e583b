// Interop (GitHub issue 12): real agent frameworks, each in its own Node process with its own
// OTLP exporter (protobuf and JSON, Simple and Batch span processors, gzip on some), export to the
// server under test; each run is then read back through the API and must be what CONTRACT §7 says
// for what the framework sent: workflow, session, tool calls in order with their statuses, outcome,
// exact token counts (model calls only: an agent span's total is never added to them), counted
// once in the metrics. No network LLM: ai/test's MockLanguageModelV4, or the local fake OpenAI
// server (interop/support/fake-openai.mjs). What each framework really sends is recorded in
// interop/fixtures (interop/scripts/record-fixtures.mjs); its quirks are in the comments below.
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { fixtures } from "../../e2e/support/fixtures";
import { startFakeOpenAI } from "../support/fake-openai.mjs";
import { runAgent, type Transport } from "./agent-process";

const auth = { Authorization: `Bearer ${fixtures.keys.ingestRead}` };

type Status = "ok" | "error";
interface ExpectedCall {
  name: string;
  status: Status;
  errorType: string | null;
  input?: unknown;
  output?: unknown;
}
interface Expected {
  /** What the agent process itself saw: null, or the error that ended its run. */
  agentError: string | null;
  /** "traceId" when the framework sends no session attribute Keel knows (CONTRACT §7: else the traceId). */
  session: "given" | "traceId";
  model: string;
  toolCalls: ExpectedCall[];
  outcome: "success" | "failure";
  failure: { category: string; reason: string; critical: boolean } | null;
  usage: { inputTokens: number; outputTokens: number };
  spanCount: number;
}

// The agents' tools and the fake model's usage (interop/agents/lib/otel.mjs): three model calls
// report 11/7, 23/5 and 37/13 tokens; a run that stops after the failing tool made only two.
const ALL_THREE = { inputTokens: 11 + 23 + 37, outputTokens: 7 + 5 + 13 };
const FIRST_TWO = { inputTokens: 11 + 23, outputTokens: 7 + 5 };
const SEARCH_IN = { query: "refund policy" };
const SEARCH_OUT = { articles: ["KB-1 refund policy", "KB-2"] };
const TICKET_IN = { summary: "refund for order 42" };
const TICKET_OUT = { ticketId: "T-100", summary: "refund for order 42" };
const TOOL_ERROR = "ticket service unavailable (503)";

interface Scenario {
  framework: string;
  script: string;
  variant?: string;
  failing: boolean;
  transport: Transport;
  expected: Expected;
}

const SCENARIOS: Scenario[] = [
  // Vercel AI SDK 7, @ai-sdk/otel's OpenTelemetry(): invoke_agent (gen_ai.agent.name = functionId,
  // usage = the run's total) > step n > chat (usage per call) / execute_tool. The session passed
  // as runtimeContext is set as gen_ai.conversation.id by enrichSpan (docs/otel.md's recipe; AI SDK 7
  // has no session attribute of its own: runtimeContext would arrive as `ai.settings.context.sessionId`,
  // which §7 does not read). A tool
  // that throws: its span has status ERROR and an `exception` event (exception.type), the SDK hands
  // the error to the model and the run ends normally.
  {
    framework: "vercel",
    script: "vercel.mjs",
    variant: "plain",
    failing: false,
    transport: { protocol: "protobuf", processor: "batch", gzip: true, otlpEnv: true },
    expected: {
      agentError: null,
      session: "given",
      model: "mock-model-1",
      toolCalls: [
        { name: "kb_search", status: "ok", errorType: null, input: SEARCH_IN, output: SEARCH_OUT },
        { name: "create_ticket", status: "ok", errorType: null, input: TICKET_IN, output: TICKET_OUT },
      ],
      outcome: "success",
      failure: null,
      usage: ALL_THREE,
      spanCount: 9,
    },
  },
  {
    framework: "vercel",
    script: "vercel.mjs",
    variant: "plain",
    failing: true,
    transport: { protocol: "json", processor: "simple", gzip: false },
    expected: {
      agentError: null,
      session: "given",
      model: "mock-model-1",
      toolCalls: [
        { name: "kb_search", status: "ok", errorType: null, input: SEARCH_IN, output: SEARCH_OUT },
        { name: "create_ticket", status: "error", errorType: "TicketServiceError", input: TICKET_IN, output: null },
      ],
      outcome: "success",
      failure: null,
      usage: ALL_THREE,
      spanCount: 9,
    },
  },
  // LegacyOpenTelemetry(): the ai.* spans of AI SDK ≤ 6 — ai.generateText (ai.telemetry.functionId,
  // ai.usage.* total) > ai.generateText.doGenerate (ai.usage.* and gen_ai.usage.*) / ai.toolCall —
  // called the AI SDK 6 way, experimental_telemetry {isEnabled, functionId, metadata: {sessionId}}:
  // AI SDK 7 drops `metadata`, so no ai.telemetry.metadata.sessionId arrives.
  {
    framework: "vercel-legacy",
    script: "vercel.mjs",
    variant: "legacy",
    failing: false,
    transport: { protocol: "json", processor: "batch", gzip: true },
    expected: {
      agentError: null,
      session: "traceId",
      model: "mock-model-1",
      toolCalls: [
        { name: "kb_search", status: "ok", errorType: null, input: SEARCH_IN, output: SEARCH_OUT },
        { name: "create_ticket", status: "ok", errorType: null, input: TICKET_IN, output: TICKET_OUT },
      ],
      outcome: "success",
      failure: null,
      usage: ALL_THREE,
      spanCount: 6,
    },
  },
  {
    framework: "vercel-legacy",
    script: "vercel.mjs",
    variant: "legacy",
    failing: true,
    transport: { protocol: "protobuf", processor: "simple", gzip: false },
    expected: {
      agentError: null,
      session: "traceId",
      model: "mock-model-1",
      toolCalls: [
        { name: "kb_search", status: "ok", errorType: null, input: SEARCH_IN, output: SEARCH_OUT },
        { name: "create_ticket", status: "error", errorType: "TicketServiceError", input: TICKET_IN, output: null },
      ],
      outcome: "success",
      failure: null,
      usage: ALL_THREE,
      spanCount: 6,
    },
  },
  // The same with @arizeai/openinference-vercel's span processor: OpenInference attributes added
  // (session.id from openinference-core's setSession, openinference.span.kind, llm.token_count.*
  // on the chat spans and on the root). Quirk: after a tool error the processor marks the step
  // spans, the next chat span and the root invoke_agent span ERROR (message = the tool's), so the
  // run that recovered is a failure by §7 (the root's status).
  {
    framework: "vercel-openinference",
    script: "vercel.mjs",
    variant: "openinference",
    failing: false,
    transport: { protocol: "protobuf", processor: "simple", gzip: false },
    expected: {
      agentError: null,
      session: "given",
      model: "mock-model-1",
      toolCalls: [
        { name: "kb_search", status: "ok", errorType: null, input: SEARCH_IN, output: SEARCH_OUT },
        { name: "create_ticket", status: "ok", errorType: null, input: TICKET_IN, output: TICKET_OUT },
      ],
      outcome: "success",
      failure: null,
      usage: ALL_THREE,
      spanCount: 9,
    },
  },
  {
    framework: "vercel-openinference",
    script: "vercel.mjs",
    variant: "openinference",
    failing: true,
    transport: { protocol: "json", processor: "batch", gzip: true },
    expected: {
      agentError: null,
      session: "given",
      model: "mock-model-1",
      toolCalls: [
        { name: "kb_search", status: "ok", errorType: null, input: SEARCH_IN, output: SEARCH_OUT },
        { name: "create_ticket", status: "error", errorType: "TicketServiceError", input: TICKET_IN, output: null },
      ],
      outcome: "failure",
      failure: { category: "tool_error", reason: TOOL_ERROR, critical: false },
      usage: ALL_THREE,
      spanCount: 9,
    },
  },
  // LangGraph.js (StateGraph + ToolNode, ChatOpenAI against the fake server) with OpenInference's
  // LangChain instrumentation: root CHAIN span named by runName, session.id from thread_id, TOOL
  // spans with tool.name and input.value = the single argument's value as text. ToolNode catches
  // the tool's error (the run goes on); the tool span is ERROR with the message and stack as its
  // status message and an `exception` event without exception.type: no errorType.
  {
    framework: "langgraph-openinference",
    script: "langgraph-openinference.mjs",
    failing: false,
    transport: { protocol: "json", processor: "simple", gzip: true },
    expected: {
      agentError: null,
      session: "given",
      model: "gpt-4.1-mini",
      toolCalls: [
        { name: "kb_search", status: "ok", errorType: null, input: "refund policy" },
        { name: "create_ticket", status: "ok", errorType: null, input: "refund for order 42" },
      ],
      outcome: "success",
      failure: null,
      usage: ALL_THREE,
      spanCount: 15,
    },
  },
  {
    framework: "langgraph-openinference",
    script: "langgraph-openinference.mjs",
    failing: true,
    transport: { protocol: "protobuf", processor: "batch", gzip: false },
    expected: {
      agentError: null,
      session: "given",
      model: "gpt-4.1-mini",
      toolCalls: [
        { name: "kb_search", status: "ok", errorType: null, input: "refund policy" },
        { name: "create_ticket", status: "error", errorType: null, input: "refund for order 42", output: null },
      ],
      outcome: "success",
      failure: null,
      usage: ALL_THREE,
      spanCount: 15,
    },
  },
  // The openai SDK with OpenInference's instrumentation; the user's loop wrapped with
  // openinference-core (traceAgent named after the workflow, traceTool with tool.name, setSession).
  // The failing tool's error is not caught: tool span and root span ERROR, the run fails after two
  // model calls.
  {
    framework: "openai-openinference",
    script: "openai-openinference.mjs",
    failing: false,
    transport: { protocol: "protobuf", processor: "batch", gzip: false },
    expected: {
      agentError: null,
      session: "given",
      model: "gpt-4.1-mini",
      toolCalls: [
        { name: "kb_search", status: "ok", errorType: null, input: SEARCH_IN, output: SEARCH_OUT },
        { name: "create_ticket", status: "ok", errorType: null, input: TICKET_IN, output: TICKET_OUT },
      ],
      outcome: "success",
      failure: null,
      usage: ALL_THREE,
      spanCount: 6,
    },
  },
  {
    framework: "openai-openinference",
    script: "openai-openinference.mjs",
    failing: true,
    transport: { protocol: "json", processor: "simple", gzip: true },
    expected: {
      agentError: `TicketServiceError: ${TOOL_ERROR}`,
      session: "given",
      model: "gpt-4.1-mini",
      toolCalls: [
        { name: "kb_search", status: "ok", errorType: null, input: SEARCH_IN, output: SEARCH_OUT },
        { name: "create_ticket", status: "error", errorType: "TicketServiceError", input: TICKET_IN, output: null },
      ],
      outcome: "failure",
      failure: { category: "tool_error", reason: TOOL_ERROR, critical: false },
      usage: FIRST_TWO,
      spanCount: 5,
    },
  },
  // OpenLLMetry (Traceloop.initialize with baseUrl + apiKey; its own OTLP/protobuf exporter unless
  // JSON or gzip is asked for), withWorkflow (traceloop.workflow.name, association property
  // session_id) and withTool; OpenLLMetry's OpenAI instrumentation (gen_ai.usage.*). Quirk
  // (@traceloop/node-server-sdk 0.27.0): withTool never ends a span whose function throws, so the
  // failing create_ticket call is never exported; the agent gives the error to the model and the
  // run succeeds with one tool call.
  {
    framework: "openllmetry",
    script: "openllmetry.mjs",
    failing: false,
    transport: { protocol: "protobuf", processor: "batch", gzip: false },
    expected: {
      agentError: null,
      session: "given",
      model: "gpt-4.1-mini",
      toolCalls: [
        { name: "kb_search", status: "ok", errorType: null, input: { args: [], kwargs: SEARCH_IN }, output: SEARCH_OUT },
        { name: "create_ticket", status: "ok", errorType: null, input: { args: [], kwargs: TICKET_IN }, output: TICKET_OUT },
      ],
      outcome: "success",
      failure: null,
      usage: ALL_THREE,
      spanCount: 6,
    },
  },
  {
    framework: "openllmetry",
    script: "openllmetry.mjs",
    failing: true,
    transport: { protocol: "json", processor: "simple", gzip: true },
    expected: {
      agentError: null,
      session: "given",
      model: "gpt-4.1-mini",
      toolCalls: [{ name: "kb_search", status: "ok", errorType: null, input: { args: [], kwargs: SEARCH_IN }, output: SEARCH_OUT }],
      outcome: "success",
      failure: null,
      usage: ALL_THREE,
      spanCount: 5,
    },
  },
];

test.describe.configure({ mode: "parallel" });

let fake: { baseURL: string; close: () => Promise<void> };
test.beforeAll(async () => {
  fake = await startFakeOpenAI();
});
test.afterAll(async () => {
  await fake?.close();
});

async function getJson(request: APIRequestContext, url: string): Promise<{ status: number; body: any }> {
  const res = await request.get(url, { headers: auth });
  const text = await res.text();
  return { status: res.status(), body: text ? JSON.parse(text) : null };
}

for (const s of SCENARIOS) {
  const t = s.transport;
  const how = `${t.protocol}${t.gzip ? "+gzip" : ""}, ${t.processor} processor${t.otlpEnv ? ", OTEL_EXPORTER_OTLP_* variables" : ""}`;
  test(`${s.framework}, ${s.failing ? "second tool failing" : "clean"} (${how})`, async ({ request }) => {
    const suffix = randomBytes(4).toString("hex");
    const workflow = `interop-${s.framework}-${s.failing ? "failing" : "clean"}-${suffix}`;
    const session = `interop-session-${suffix}`;
    const windowFrom = new Date(Date.now() - 60 * 60_000).toISOString();

    const agent = await runAgent({
      script: s.script,
      variant: s.variant,
      baseURL: test.info().project.use.baseURL ?? fixtures.baseURL,
      key: fixtures.keys.ingestRead,
      workflow,
      session,
      failing: s.failing,
      openaiBaseURL: fake.baseURL,
      transport: t,
    });
    expect(agent.error).toBe(s.expected.agentError);
    const { traceId } = agent;
    const e = s.expected;

    // The agent exits once its provider has flushed; Keel builds the run when the root arrives.
    await expect
      .poll(async () => (await getJson(request, `/api/v1/runs/${traceId}`)).body?.metadata?.spanCount ?? null, {
        message: `run ${traceId} with all ${e.spanCount} spans`,
        timeout: 15_000,
      })
      .toBe(e.spanCount);

    const { status, body: run } = await getJson(request, `/api/v1/runs/${traceId}`);
    expect(status).toBe(200);
    expect(run).toMatchObject({
      id: traceId,
      traceId,
      workflow,
      sessionId: e.session === "given" ? session : traceId,
      model: e.model,
      outcome: e.outcome,
      failure: e.failure,
      usage: e.usage,
      metadata: { source: "otel", rootSpanId: agent.rootSpanId, spanCount: e.spanCount, toolSpanCount: e.toolCalls.length },
    });
    expect(run.toolCalls.map((c: ExpectedCall) => ({ name: c.name, status: c.status, errorType: c.errorType }))).toEqual(
      e.toolCalls.map((c) => ({ name: c.name, status: c.status, errorType: c.errorType })),
    );
    e.toolCalls.forEach((c, i) => {
      if ("input" in c) expect(run.toolCalls[i].input, `toolCalls[${i}].input`).toEqual(c.input);
      if ("output" in c) expect(run.toolCalls[i].output, `toolCalls[${i}].output`).toEqual(c.output);
    });
    // Tool calls in the order they happened, inside the run.
    const starts = run.toolCalls.map((c: { startedAt: string }) => Date.parse(c.startedAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const c of run.toolCalls) {
      expect(Date.parse(c.startedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
      expect(Date.parse(c.endedAt)).toBeLessThanOrEqual(Date.parse(run.endedAt));
    }

    // The list and the metrics see the run once.
    const windowTo = new Date(Date.now() + 60 * 60_000).toISOString();
    const list = await getJson(request, `/api/v1/runs?workflow=${encodeURIComponent(workflow)}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.runs.map((r: { id: string; sessionId: string; outcome: string }) => [r.id, r.sessionId, r.outcome])).toEqual([
      [traceId, e.session === "given" ? session : traceId, e.outcome],
    ]);
    const failedTools = e.toolCalls.filter((c) => c.status === "error").map((c) => c.name);
    for (const name of ["kb_search", "create_ticket"]) {
      const byTool = await getJson(request, `/api/v1/runs?workflow=${encodeURIComponent(workflow)}&tool=${name}&toolStatus=error`);
      expect(byTool.body.total, `runs with a failed ${name} call`).toBe(failedTools.includes(name) ? 1 : 0);
    }
    const overview = await getJson(
      request,
      `/api/v1/metrics/overview?workflow=${encodeURIComponent(workflow)}&from=${encodeURIComponent(windowFrom)}&to=${encodeURIComponent(windowTo)}`,
    );
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({
      runs: 1,
      sessions: 1,
      successRate: e.outcome === "success" ? 1 : 0,
      failureRate: e.outcome === "failure" ? 1 : 0,
    });
  });
}
