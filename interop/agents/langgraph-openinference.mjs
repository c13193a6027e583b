// LangGraph.js agent (a StateGraph: model node ⇄ ToolNode) with ChatOpenAI against the local fake
// server (interop/support/fake-openai.mjs), instrumented by
// @arizeai/openinference-instrumentation-langchain. The workflow is the graph run's name
// (runName), the session LangGraph's thread_id (configurable), which OpenInference reads as session.id.
// With --failing the second tool throws; ToolNode turns the error into a ToolMessage (its default,
// handleToolErrors) and the model answers.
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import { tool } from "@langchain/core/tools";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import { RootSpanWatcher, TOOLS, createProcessor, parseOptions, report } from "./lib/otel.mjs";

const opts = parseOptions();
if (!opts.openaiBaseUrl) throw new Error("--openai-base-url is required");
const rootSpan = new RootSpanWatcher();
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ "service.name": "interop-langgraph" }),
  spanProcessors: [rootSpan, createProcessor(opts)],
});
provider.register();
new LangChainInstrumentation().manuallyInstrument(CallbackManagerModule);

const tools = [
  tool((input) => TOOLS.kb_search.run(input, opts), {
    name: "kb_search",
    description: TOOLS.kb_search.description,
    schema: z.object({ query: z.string() }),
  }),
  tool((input) => TOOLS.create_ticket.run(input, opts), {
    name: "create_ticket",
    description: TOOLS.create_ticket.description,
    schema: z.object({ summary: z.string() }),
  }),
];
const model = new ChatOpenAI({
  model: "gpt-4.1-mini",
  apiKey: "sk-fake",
  configuration: { baseURL: opts.openaiBaseUrl },
  maxRetries: 0,
}).bindTools(tools);

const graph = new StateGraph(MessagesAnnotation)
  .addNode("agent", async (state) => ({ messages: [await model.invoke(state.messages)] }))
  .addNode("tools", new ToolNode(tools))
  .addEdge(START, "agent")
  .addConditionalEdges("agent", (state) => (state.messages.at(-1)?.tool_calls?.length ? "tools" : END))
  .addEdge("tools", "agent")
  .compile();

let text = null;
let error = null;
try {
  const out = await graph.invoke(
    { messages: [{ role: "user", content: "Refund order 42 and open a ticket." }] },
    { runName: opts.workflow, ...(opts.session ? { configurable: { thread_id: opts.session } } : {}) },
  );
  text = out.messages.at(-1)?.content ?? null;
} catch (err) {
  error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
await provider.shutdown();
report({ traceId: rootSpan.traceId, rootSpanId: rootSpan.spanId, text, error });
