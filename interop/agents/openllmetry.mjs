// OpenLLMetry (@traceloop/node-server-sdk): Traceloop.initialize pointed at Keel (baseUrl + apiKey,
// which it sends as `Authorization: Bearer`), the `openai` SDK against the local fake server
// instrumented by OpenLLMetry (instrumentModules), the agent wrapped in withWorkflow (with the
// session as association property session_id) and each tool in withTool.
//   --protocol protobuf without --gzip: OpenLLMetry's own OTLP/protobuf exporter;
//   otherwise the exporter of interop/agents/lib/otel.mjs passed as `exporter` (JSON, or gzip).
// With --failing the second tool throws; the agent hands the error to the model as the tool's
// result (a common agent loop) and the model answers.
import * as traceloop from "@traceloop/node-server-sdk";
import OpenAI from "openai";
import { RootSpanWatcher, TOOLS, createExporter, parseOptions, report } from "./lib/otel.mjs";

const opts = parseOptions();
if (!opts.openaiBaseUrl) throw new Error("--openai-base-url is required");
const rootSpan = new RootSpanWatcher();
traceloop.initialize({
  appName: "interop-openllmetry",
  baseUrl: opts.endpoint,
  apiKey: opts.key,
  disableBatch: opts.processor === "simple",
  ...(opts.protocol === "json" || opts.gzip ? { exporter: createExporter(opts) } : {}),
  processor: rootSpan,
  instrumentModules: { openAI: OpenAI },
  traceloopSyncEnabled: false,
  silenceInitializationMessage: true,
});

const client = new OpenAI({ baseURL: opts.openaiBaseUrl, apiKey: "sk-fake", maxRetries: 0 });
const toolDefs = Object.entries(TOOLS).map(([name, t]) => ({
  type: "function",
  function: {
    name,
    description: t.description,
    parameters: { type: "object", properties: { [name === "kb_search" ? "query" : "summary"]: { type: "string" } } },
  },
}));

async function agent(question) {
  const messages = [{ role: "user", content: question }];
  for (let turn = 0; turn < 5; turn++) {
    const res = await client.chat.completions.create({ model: "gpt-4.1-mini", messages, tools: toolDefs });
    const msg = res.choices[0].message;
    messages.push(msg);
    if (!msg.tool_calls?.length) return msg.content;
    for (const call of msg.tool_calls) {
      const name = call.function.name;
      let content;
      try {
        const output = await traceloop.withTool({ name }, (args) => TOOLS[name].run(args, opts), JSON.parse(call.function.arguments));
        content = JSON.stringify(output);
      } catch (err) {
        content = `error: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
      }
      messages.push({ role: "tool", tool_call_id: call.id, content });
    }
  }
  throw new Error("too many turns");
}

let text = null;
let error = null;
try {
  text = await traceloop.withWorkflow(
    { name: opts.workflow, ...(opts.session ? { associationProperties: { [traceloop.AssociationProperty.SESSION_ID]: opts.session } } : {}) },
    () => agent("Refund order 42 and open a ticket."),
  );
} catch (err) {
  error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
await traceloop.forceFlush();
report({ traceId: rootSpan.traceId, rootSpanId: rootSpan.spanId, text, error });
process.exit(0);
