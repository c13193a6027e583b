// Vercel AI SDK 7 agent (generateText with two tools, MockLanguageModelV4 from ai/test: no network),
// exporting through @ai-sdk/otel:
//   --variant plain          registerTelemetry(new OpenTelemetry({enrichSpan})): gen_ai.* spans (invoke_agent,
//                            step, chat, execute_tool), the session passed as runtimeContext and set as
//                            gen_ai.conversation.id by enrichSpan (docs/otel.md's recipe)
//   --variant legacy         registerTelemetry(new LegacyOpenTelemetry()): the ai.* spans of AI SDK ≤ 6
//                            (ai.generateText, ai.generateText.doGenerate, ai.toolCall), called the
//                            AI SDK 6 way: experimental_telemetry {isEnabled, functionId, metadata}
//   --variant openinference  OpenTelemetry() + @arizeai/openinference-vercel's span processor, the
//                            session set with openinference-core's setSession
// The second tool throws with --failing; the AI SDK hands the error to the model as a tool result
// and the model answers (the run itself does not fail).
import { context } from "@opentelemetry/api";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LegacyOpenTelemetry, OpenTelemetry } from "@ai-sdk/otel";
import { generateText, registerTelemetry, stepCountIs, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { z } from "zod";
import { FINAL_ANSWER, RootSpanWatcher, TOOL_ARGS, TOOLS, USAGE, createExporter, createProcessor, parseOptions, report } from "./lib/otel.mjs";

const opts = parseOptions();
const variant = opts.variant || "plain";
if (!["plain", "legacy", "openinference"].includes(variant)) throw new Error(`--variant must be plain, legacy or openinference`);

let processor;
if (variant === "openinference") {
  const { OpenInferenceBatchSpanProcessor, OpenInferenceSimpleSpanProcessor } = await import("@arizeai/openinference-vercel");
  const exporter = createExporter(opts);
  processor =
    opts.processor === "simple"
      ? new OpenInferenceSimpleSpanProcessor({ exporter })
      : new OpenInferenceBatchSpanProcessor({ exporter, config: { scheduledDelayMillis: 200 } });
} else {
  processor = createProcessor(opts);
}
const rootSpan = new RootSpanWatcher();
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ "service.name": "interop-vercel" }),
  spanProcessors: [rootSpan, processor],
});
provider.register();
registerTelemetry(
  variant === "legacy"
    ? new LegacyOpenTelemetry()
    : variant === "plain"
      ? new OpenTelemetry({
          // AI SDK 7 has no session attribute of its own: the recipe sets the GenAI one.
          enrichSpan: ({ runtimeContext }) => (runtimeContext?.sessionId ? { "gen_ai.conversation.id": String(runtimeContext.sessionId) } : {}),
        })
      : new OpenTelemetry({ runtimeContext: true }),
);

let call = 0;
const model = new MockLanguageModelV4({
  provider: "mock-provider",
  modelId: "mock-model-1",
  doGenerate: async () => {
    const i = call++;
    const usage = {
      inputTokens: { total: USAGE[i].input, noCache: USAGE[i].input, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: USAGE[i].output, text: USAGE[i].output, reasoning: undefined },
    };
    const toolName = ["kb_search", "create_ticket"][i];
    return toolName
      ? {
          content: [{ type: "tool-call", toolCallId: `call_${i + 1}`, toolName, input: JSON.stringify(TOOL_ARGS[toolName]) }],
          finishReason: { unified: "tool-calls", raw: "tool_calls" },
          usage,
          warnings: [],
        }
      : { content: [{ type: "text", text: FINAL_ANSWER }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] };
  },
});

const tools = {
  kb_search: tool({
    description: TOOLS.kb_search.description,
    inputSchema: z.object({ query: z.string() }),
    execute: (input) => TOOLS.kb_search.run(input, opts),
  }),
  create_ticket: tool({
    description: TOOLS.create_ticket.description,
    inputSchema: z.object({ summary: z.string() }),
    execute: (input) => TOOLS.create_ticket.run(input, opts),
  }),
};

const run = () =>
  generateText({
    model,
    tools,
    stopWhen: stepCountIs(5),
    prompt: "Refund order 42 and open a ticket.",
    ...(variant === "legacy"
      ? // Code written for AI SDK ≤ 6, unchanged: AI SDK 7 still reads the deprecated alias
        // experimental_telemetry, but no longer sends `metadata` (it was ai.telemetry.metadata.*).
        { experimental_telemetry: { isEnabled: true, functionId: opts.workflow, metadata: { sessionId: opts.session } } }
      : {
          runtimeContext: opts.session ? { sessionId: opts.session } : {},
          telemetry: { functionId: opts.workflow, includeRuntimeContext: { sessionId: true } },
        }),
  });

let result;
let error = null;
try {
  if (variant === "openinference" && opts.session) {
    const { setSession } = await import("@arizeai/openinference-core");
    result = await context.with(setSession(context.active(), { sessionId: opts.session }), run);
  } else {
    result = await run();
  }
} catch (err) {
  error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
await provider.shutdown();
report({ traceId: rootSpan.traceId, rootSpanId: rootSpan.spanId, text: result?.text ?? null, modelCalls: call, error });
