import { describe, expect, it } from "vitest";
import { decodeTraceRequestJson } from "./json";
import { decodeTraceRequestProtobuf, encodeTraceResponseProtobuf, ProtobufError } from "./protobuf";
import { toOtlpJson, toOtlpProtobuf, type FixtureRequest } from "@/test/helpers/otlp";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const fixture: FixtureRequest = {
  resource: { "service.name": "agent", "deployment.environment.name": "canary" },
  spans: [
    {
      traceId: TRACE.toUpperCase(),
      spanId: "b7ad6b7169203331",
      name: "invoke_agent refund",
      kind: 2,
      startMs: Date.UTC(2026, 10, 20, 9, 0, 0, 123),
      endMs: Date.UTC(2026, 10, 20, 9, 0, 5, 456),
      status: { code: 2, message: "boom" },
      attributes: {
        "gen_ai.agent.name": "refund-request",
        "gen_ai.usage.input_tokens": 1200,
        "keel.cost_usd": 0.25,
        "custom.flag": true,
        "custom.list": ["a", 2, 1.5],
        "custom.map": { inner: "x", deep: { n: -3 } },
      },
      events: [
        {
          name: "exception",
          timeMs: Date.UTC(2026, 10, 20, 9, 0, 5, 400),
          attributes: { "exception.type": "TimeoutError", "exception.message": "refund API timed out\n    at refund (/srv/agent/tools.js:12:5)" },
        },
        { name: "retry", timeMs: Date.UTC(2026, 10, 20, 9, 0, 4, 0) },
      ],
    },
    { traceId: TRACE, spanId: "00f067aa0ba902b7", parentSpanId: "b7ad6b7169203331", name: "tool", startMs: 1, endMs: 2 },
  ],
};

describe("OTLP protobuf decoder", () => {
  it("decodes spans, ids as lowercase hex, times in ns, status, and every attribute type", () => {
    const decoded = decodeTraceRequestProtobuf(toOtlpProtobuf(fixture));
    expect(decoded.rejected).toBe(0);
    expect(decoded.spans).toHaveLength(2);
    const [root, child] = decoded.spans;
    expect(root).toEqual({
      traceId: TRACE,
      spanId: "b7ad6b7169203331",
      parentSpanId: null,
      name: "invoke_agent refund",
      kind: 2,
      startTimeUnixNano: BigInt(Date.UTC(2026, 10, 20, 9, 0, 0, 123)) * 1_000_000n,
      endTimeUnixNano: BigInt(Date.UTC(2026, 10, 20, 9, 0, 5, 456)) * 1_000_000n,
      statusCode: 2,
      statusMessage: "boom",
      attributes: {
        "gen_ai.agent.name": "refund-request",
        "gen_ai.usage.input_tokens": 1200,
        "keel.cost_usd": 0.25,
        "custom.flag": true,
        "custom.list": ["a", 2, 1.5],
        "custom.map": { inner: "x", deep: { n: -3 } },
      },
      resourceAttributes: { "service.name": "agent", "deployment.environment.name": "canary" },
      events: [
        {
          name: "exception",
          timeUnixNano: BigInt(Date.UTC(2026, 10, 20, 9, 0, 5, 400)) * 1_000_000n,
          attributes: { "exception.type": "TimeoutError", "exception.message": "refund API timed out\n    at refund (/srv/agent/tools.js:12:5)" },
        },
        { name: "retry", timeUnixNano: BigInt(Date.UTC(2026, 10, 20, 9, 0, 4, 0)) * 1_000_000n, attributes: {} },
      ],
    });
    expect(child.parentSpanId).toBe("b7ad6b7169203331");
    expect(child.events).toEqual([]);
    expect(child.statusCode).toBe(0);
  });

  it("decodes the same request as the OTLP/JSON decoder", () => {
    expect(decodeTraceRequestProtobuf(toOtlpProtobuf(fixture))).toEqual(decodeTraceRequestJson(toOtlpJson(fixture)));
  });

  it("skips unknown fields and rejects (counts) spans with bad ids", () => {
    const bytes = toOtlpProtobuf({ spans: [{ ...fixture.spans[1], spanId: "0000000000000000" }] });
    // An unknown varint field 99 at the top level must be skipped.
    const withUnknown = Uint8Array.from([...bytes, 0x98, 0x06, 0x01]);
    const decoded = decodeTraceRequestProtobuf(withUnknown);
    expect(decoded.spans).toEqual([]);
    expect(decoded.rejected).toBe(1);
    expect(decoded.errors).toEqual(["span 0000000000000000: spanId must be 8 non-zero bytes"]);
  });

  it("throws on a truncated message", () => {
    const bytes = toOtlpProtobuf(fixture);
    expect(() => decodeTraceRequestProtobuf(bytes.subarray(0, bytes.length - 5))).toThrow(ProtobufError);
    expect(() => decodeTraceRequestProtobuf(Uint8Array.from([0x0a, 0x05, 0x01]))).toThrow(ProtobufError);
  });

  it("decodes an empty request to no spans", () => {
    expect(decodeTraceRequestProtobuf(new Uint8Array(0))).toEqual({ spans: [], rejected: 0, errors: [] });
  });

  it("encodes the response: empty on full success, partial_success otherwise", () => {
    expect(encodeTraceResponseProtobuf(0, "")).toEqual(new Uint8Array(0));
    expect([...encodeTraceResponseProtobuf(2, "x")]).toEqual([0x0a, 0x05, 0x08, 0x02, 0x12, 0x01, 0x78]);
  });
});
