// The `openai` SDK (Chat Completions with tools, against the local fake server of
// interop/support/fake-openai.mjs) instrumented by @arizeai/openinference-instrumentation-openai.
// The user's own code runs the tool loop and wraps it the way OpenInference recommends, with
// @arizeai/openinference-core: an AGENT span named after the workflow (traceAgent), a TOOL span per
// tool call (traceTool, with tool.name), and the session from setSession on the context.
// With --failing the second tool throws and the error is not caught: the run fails.
import { context } from "@opentelemetry/api";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { setSession, traceAgent, traceTool } from "@arizeai/openinference-core";
import * as openaiModule from "openai";
import { RootSpanWatcher, TOOLS, createProcessor, parseOptions, report } from "./lib/otel.mjs";

const opts = parseOptions();
if (!opts.openaiBaseUrl) throw new Error("--openai-base-url is required");
const rootSpan = new RootSpanWatcher();
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ "service.name": "interop-openai-openinference" }),
  spanProcessors: [rootSpan, createProcessor(opts)],
});
provider.register();
// ESM: the module is instrumented by hand (require hooks do not see `import`).
const instrumentation = new OpenAIInstrumentation();
instrumentation.manuallyInstrument(openaiModule);

const client = new openaiModule.OpenAI({ baseURL: opts.openaiBaseUrl, apiKey: "sk-fake", maxRetries: 0 });
const toolDefs = Object.entries(TOOLS).map(([name, t]) => ({
  type: "function",
  function: {
    name,
    description: t.description,
    parameters: { type: "object", properties: { [name === "kb_search" ? "query" : "summary"]: { type: "string" } } },
  },
}));
const tools = Object.fromEntries(
  Object.entries(TOOLS).map(([name, t]) => [
    name,
    traceTool((args) => t.run(args, opts), { name, attributes: { "tool.name": name, "tool.description": t.description } }),
  ]),
);

const agent = traceAgent(
  async (question) => {
    const messages = [{ role: "user", content: question }];
    for (let turn = 0; turn < 5; turn++) {
      const res = await client.chat.completions.create({ model: "gpt-4.1-mini", messages, tools: toolDefs });
      const msg = res.choices[0].message;
      messages.push(msg);
      if (!msg.tool_calls?.length) return msg.content;
      for (const call of msg.tool_calls) {
        const output = await tools[call.function.name](JSON.parse(call.function.arguments));
        messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(output) });
      }
    }
    throw new Error("too many turns");
  },
  { name: opts.workflow },
);

let text = null;
let error = null;
try {
  const ctx = opts.session ? setSession(context.active(), { sessionId: opts.session }) : context.active();
  text = await context.with(ctx, () => agent("Refund order 42 and open a ticket."));
} catch (err) {
  error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
await provider.shutdown();
report({ traceId: rootSpan.traceId, rootSpanId: rootSpan.spanId, text, error });
