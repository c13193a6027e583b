// Shared set-up of the agent processes (interop/agents/<framework>.mjs): command-line options, the
// OTLP exporter (protobuf or JSON, gzip or not) and the span processor (Simple or Batch) pointed at
// Keel's OTLP endpoint, and the one JSON line each agent prints on stdout when it is done.
//
//   node interop/agents/<framework>.mjs --endpoint http://127.0.0.1:3000/api/otel --key keel_… \
//     --protocol protobuf|json --processor simple|batch [--gzip] --workflow W [--session S] [--failing] \
//     [--openai-base-url http://127.0.0.1:PORT/v1] [--variant NAME] [--otlp-env]
//
// Each scenario runs in its own process: OpenTelemetry's globals (tracer provider, context manager,
// instrumentations) never leak from one scenario into the next.
import { parseArgs } from "node:util";
import { diag, DiagConsoleLogger, DiagLogLevel } from "@opentelemetry/api";
import { OTLPTraceExporter as OTLPJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OTLPProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { BatchSpanProcessor, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

// Export failures (a refused request, a timeout) are reported through OpenTelemetry's diag logger,
// silent unless one is set: on stderr, where the tests look for them.
diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);

export function parseOptions(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      endpoint: { type: "string" },
      key: { type: "string" },
      protocol: { type: "string", default: "protobuf" },
      processor: { type: "string", default: "batch" },
      gzip: { type: "boolean", default: false },
      workflow: { type: "string" },
      session: { type: "string" },
      failing: { type: "boolean", default: false },
      "openai-base-url": { type: "string" },
      variant: { type: "string", default: "" },
      "otlp-env": { type: "boolean", default: false },
    },
  });
  if (!values.endpoint && !values["otlp-env"]) throw new Error("--endpoint is required (Keel's base URL + /api/otel), or --otlp-env");
  if (!values.workflow) throw new Error("--workflow is required");
  if (!["protobuf", "json"].includes(values.protocol)) throw new Error("--protocol must be protobuf or json");
  if (!["simple", "batch"].includes(values.processor)) throw new Error("--processor must be simple or batch");
  return {
    endpoint: (values.endpoint ?? "").replace(/\/+$/, ""),
    key: values.key ?? "",
    protocol: values.protocol,
    processor: values.processor,
    gzip: values.gzip,
    workflow: values.workflow,
    session: values.session ?? null,
    failing: values.failing,
    openaiBaseUrl: values["openai-base-url"] ?? null,
    variant: values.variant,
    otlpEnv: values["otlp-env"],
  };
}

/**
 * The framework-neutral OTLP exporter, as a user would configure it for Keel: in code, or (with
 * --otlp-env) from the standard variables alone, as docs/otel.md shows: OTEL_EXPORTER_OTLP_ENDPOINT
 * (the exporter appends /v1/traces), OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_COMPRESSION.
 */
export function createExporter(opts) {
  if (opts.otlpEnv) return opts.protocol === "json" ? new OTLPJsonExporter() : new OTLPProtoExporter();
  const config = {
    url: `${opts.endpoint}/v1/traces`,
    headers: opts.key ? { Authorization: `Bearer ${opts.key}` } : {},
    compression: opts.gzip ? "gzip" : "none",
  };
  return opts.protocol === "json" ? new OTLPJsonExporter(config) : new OTLPProtoExporter(config);
}

export function createProcessor(opts, exporter = createExporter(opts)) {
  // A short batch delay keeps the suite quick; shutdown() flushes whatever is left anyway.
  return opts.processor === "simple" ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter, { scheduledDelayMillis: 200 });
}

/** The one line the test reads: the trace id and what the agent saw. */
export function report(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** A tool failure with its own type name, so error.type / exception.type are recognisable. */
export class TicketServiceError extends Error {
  constructor(message) {
    super(message);
    this.name = "TicketServiceError";
  }
}

/**
 * The scenario every agent runs: the model asks for `kb_search`, then for `create_ticket`, then
 * answers. Model calls report these usages, in order (a run that stops after the failing tool has
 * only the first two).
 */
export const USAGE = [
  { input: 11, output: 7 },
  { input: 23, output: 5 },
  { input: 37, output: 13 },
];

export const TOOLS = {
  kb_search: {
    description: "Search the knowledge base",
    run: async ({ query }) => ({ articles: [`KB-1 ${query}`, "KB-2"] }),
  },
  create_ticket: {
    description: "Open a support ticket",
    run: async ({ summary }, { failing }) => {
      if (failing) throw new TicketServiceError("ticket service unavailable (503)");
      return { ticketId: "T-100", summary };
    },
  },
};

export const TOOL_ARGS = { kb_search: { query: "refund policy" }, create_ticket: { summary: "refund for order 42" } };
export const FINAL_ANSWER = "Ticket T-100 opened for your refund.";

/**
 * A span processor that remembers the trace of the first root span started in this process (the
 * agent's run): the id the test reads the run back with.
 */
export class RootSpanWatcher {
  traceId = null;
  spanId = null;
  onStart(span) {
    const parent = span.parentSpanContext ?? span.parentSpanId;
    if (!this.traceId && !parent) ({ traceId: this.traceId, spanId: this.spanId } = span.spanContext());
  }
  onEnd() {}
  async forceFlush() {}
  async shutdown() {}
}
