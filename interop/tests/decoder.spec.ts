// Keel's OTLP decoders (lib/server/otel/protobuf.ts and json.ts) against the official encoder,
// @opentelemetry/otlp-transformer's ProtobufTraceSerializer and JsonTraceSerializer — the code
// every OpenTelemetry JS exporter sends with. Real spans (a tracer provider and an in-memory
// exporter) plus copies carrying the attribute types the JS API cannot set (key-value lists,
// bytes); every decoded field is compared with what the span held, exactly. No server needed.
import { expect, test } from "@playwright/test";
import { SpanKind, SpanStatusCode, context, trace, type HrTime } from "@opentelemetry/api";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { decodeTraceRequestJson } from "../../lib/server/otel/json";
import { decodeTraceRequestProtobuf } from "../../lib/server/otel/protobuf";

const T0: HrTime = [1_795_000_000, 123_456_789]; // nanoseconds no double can hold
const at = (ms: number, ns = 0): HrTime => [T0[0] + Math.floor(ms / 1000), T0[1] + (ms % 1000) * 1_000_000 + ns];
const nanos = ([s, ns]: HrTime) => BigInt(s) * 1_000_000_000n + BigInt(ns);

function record(resource: Record<string, unknown>, scope: string, body: (tracer: ReturnType<BasicTracerProvider["getTracer"]>) => void) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource as Record<string, string>),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  body(provider.getTracer(scope, "1.2.3"));
  return exporter.getFinishedSpans();
}

/** Real spans: a root, a client child with every attribute type the API takes, events, an error. */
function realSpans(): ReadableSpan[] {
  const a = record(
    {
      "service.name": "decoder-interop",
      "service.instance.id": "i-42",
      "host.cpu.count": 2,
      "process.runtime.flags": ["--enable-source-maps", "--no-warnings"],
      "deployment.environment.name": "staging",
    },
    "interop-scope",
    (tracer) => {
      const root = tracer.startSpan("invoke_agent refund-bot", { kind: SpanKind.SERVER, startTime: at(0), attributes: { "gen_ai.agent.name": "refund-bot" } });
      const ctx = trace.setSpan(context.active(), root);
      const child = tracer.startSpan(
        "chat gpt-4.1 ✓ 退款",
        {
          kind: SpanKind.CLIENT,
          startTime: at(10, 7),
          attributes: {
            "s.plain": "refund",
            "s.empty": "",
            "s.unicode": "naïve 🚀 退款 \u00e9",
            "i.zero": 0,
            "i.negative": -42,
            "i.max_safe": Number.MAX_SAFE_INTEGER,
            "i.min_safe": Number.MIN_SAFE_INTEGER,
            "d.fraction": 0.1,
            "d.negative": -1.5,
            "d.large": 123456789.125,
            "d.tiny": 5e-324,
            "b.true": true,
            "b.false": false,
            "a.strings": ["a", "", "🚀"],
            "a.ints": [1, -2, 3],
            "a.doubles": [0.5, -0.25],
            "a.bools": [true, false],
            "a.empty": [],
          },
        },
        ctx,
      );
      child.addEvent("gen_ai.choice", { index: 0, "finish.reason": "tool_calls", ratio: 0.75, final: false, tags: ["x", "y"] }, at(20, 1));
      child.addEvent("no attributes", at(21));
      child.setStatus({ code: SpanStatusCode.OK });
      child.end(at(30, 999_999));
      const tool = tracer.startSpan("execute_tool create_ticket", { kind: SpanKind.INTERNAL, startTime: at(31), attributes: { "gen_ai.tool.name": "create_ticket" } }, ctx);
      const err = new Error("ticket service unavailable (503)\nsecond line");
      err.name = "TicketServiceError";
      tool.recordException(err, at(40));
      tool.setStatus({ code: SpanStatusCode.ERROR, message: "ticket service unavailable (503)\nsecond line" });
      tool.setAttribute("error.type", "TicketServiceError");
      tool.end(at(41));
      root.end(at(50));
    },
  );
  const b = record({ "service.name": "other-service" }, "other-scope", (tracer) => {
    for (const kind of [SpanKind.PRODUCER, SpanKind.CONSUMER]) {
      const s = tracer.startSpan(`kind ${kind}`, { kind, startTime: at(60) });
      s.end(at(60)); // zero duration
    }
  });
  return [...a, ...b];
}

/** Copies of a real span with values the API refuses but OTLP carries: key-value lists and bytes. */
function withRichValues(span: ReadableSpan): ReadableSpan {
  const attributes = {
    ...span.attributes,
    "kv.nested": { str: "v", int: 7, dbl: 2.5, bool: true, arr: [1, "two", false], inner: { deep: { deeper: "yes" } }, empty: {} },
    "bytes.value": new Uint8Array([0, 1, 2, 253, 254, 255]),
    "a.mixed": ["s", 1, 1.5, true, { k: "v" }, [2, 3]],
  } as unknown as ReadableSpan["attributes"];
  const events = span.events.map((e) => ({ ...e, attributes: { ...e.attributes, "kv.event": { a: 1, b: ["c"] } } as unknown as typeof e.attributes }));
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes,
    links: span.links,
    events,
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

type Value = string | number | boolean | null | Value[] | { [k: string]: Value };
/** OTLP's AnyValue as Keel keeps it: bytes as base64, key-value lists as objects. */
function kept(v: unknown): Value {
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (Array.isArray(v)) return v.map(kept);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, kept(x)]));
  return v as Value;
}

/** What the decoder must produce for a span, computed from the span itself (not from the encoder). */
function expected(span: ReadableSpan) {
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    name: span.name,
    kind: span.kind + 1, // OTLP: 1 internal, 2 server, 3 client, 4 producer, 5 consumer
    startTimeUnixNano: nanos(span.startTime),
    endTimeUnixNano: nanos(span.endTime),
    statusCode: span.status.code,
    statusMessage: span.status.message ?? null,
    attributes: kept(span.attributes),
    resourceAttributes: kept(span.resource.attributes),
    events: span.events.map((e) => ({ timeUnixNano: nanos(e.time), name: e.name, attributes: kept(e.attributes ?? {}) })),
  };
}

const bySpanId = <T extends { spanId: string }>(xs: T[]) => [...xs].sort((a, b) => a.spanId.localeCompare(b.spanId));

test("the spans are what the test means them to be", () => {
  const spans = realSpans();
  expect(spans.map((s) => s.name).sort()).toEqual(
    ["chat gpt-4.1 ✓ 退款", "execute_tool create_ticket", "invoke_agent refund-bot", "kind 3", "kind 4"].sort(),
  );
  const chat = spans.find((s) => s.name.startsWith("chat"))!;
  expect(Object.keys(chat.attributes)).toHaveLength(18); // none dropped by the SDK
  expect(chat.attributes["d.large"]).toBe(123456789.125);
  expect(chat.events.map((e) => e.name)).toEqual(["gen_ai.choice", "no attributes"]);
  expect(spans.find((s) => s.name.startsWith("execute_tool"))!.events[0].attributes).toMatchObject({ "exception.type": "TicketServiceError" });
});

for (const [encoding, serialize, decode] of [
  ["protobuf (ProtobufTraceSerializer)", (s: ReadableSpan[]) => ProtobufTraceSerializer.serializeRequest(s)!, (b: Uint8Array) => decodeTraceRequestProtobuf(b)],
  ["OTLP/JSON (JsonTraceSerializer)", (s: ReadableSpan[]) => JsonTraceSerializer.serializeRequest(s)!, (b: Uint8Array) => decodeTraceRequestJson(JSON.parse(Buffer.from(b).toString("utf8")))],
] as const) {
  test(`${encoding}: every field of real spans decodes exactly`, () => {
    const spans = realSpans();
    const decoded = decode(serialize(spans));
    expect(decoded.rejected).toBe(0);
    expect(decoded.errors).toEqual([]);
    expect(bySpanId(decoded.spans)).toEqual(bySpanId(spans.map(expected)));
  });

  test(`${encoding}: key-value lists, bytes and mixed arrays decode exactly`, () => {
    const spans = realSpans().map(withRichValues);
    const decoded = decode(serialize(spans));
    expect(decoded.rejected).toBe(0);
    expect(bySpanId(decoded.spans)).toEqual(bySpanId(spans.map(expected)));
    const chat = decoded.spans.find((s) => s.name.startsWith("chat"))!;
    expect(chat.attributes["kv.nested"]).toEqual({ str: "v", int: 7, dbl: 2.5, bool: true, arr: [1, "two", false], inner: { deep: { deeper: "yes" } }, empty: {} });
    expect(chat.attributes["bytes.value"]).toBe("AAEC/f7/");
  });
}

test("protobuf and OTLP/JSON of the same spans decode to the same spans", () => {
  const spans = realSpans().map(withRichValues);
  const fromProto = decodeTraceRequestProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!);
  const fromJson = decodeTraceRequestJson(JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(spans)!).toString("utf8")));
  expect(bySpanId(fromProto.spans)).toEqual(bySpanId(fromJson.spans));
});

// Numbers a JS number holds exactly but a double-to-int64 mapping must not lose: integers beyond
// 2^53 (kept as decimal strings, docs/otel.md) and integral doubles beyond the int64 range. The
// official protobuf serializer sends the first as int_value and the second as double_value; the
// official JSON serializer sends both as `"intValue": <JSON number>` (e.g. `1e+300`). Both decoders
// must keep what the span held.
test("integers beyond 2^53 and integral doubles beyond int64 decode the same from both encodings", () => {
  const [span] = record({ "service.name": "big-numbers" }, "s", (tracer) =>
    tracer.startSpan("big", { startTime: at(0), attributes: { "i.2pow62": 2 ** 62, "i.neg2pow62": -(2 ** 62), "i.2pow53": 2 ** 53, "d.1e300": 1e300, "d.neg1e300": -1e300 } }).end(at(1)),
  );
  const want = { "i.2pow62": "4611686018427387904", "i.neg2pow62": "-4611686018427387904", "i.2pow53": "9007199254740992", "d.1e300": 1e300, "d.neg1e300": -1e300 };
  const fromProto = decodeTraceRequestProtobuf(ProtobufTraceSerializer.serializeRequest([span])!);
  expect(fromProto.spans[0].attributes, "protobuf").toEqual(want);
  const json = Buffer.from(JsonTraceSerializer.serializeRequest([span])!).toString("utf8");
  expect(json).toContain('"intValue":4611686018427388000'); // JSON.stringify's shortest form of 2^62
  expect(json).toContain('"intValue":1e+300');
  const fromJson = decodeTraceRequestJson(JSON.parse(json));
  expect(fromJson.spans[0].attributes, "OTLP/JSON").toEqual(want);
});
