import { describe, expect, it } from "vitest";
import { decodeTraceRequestJson, JsonShapeError } from "./json";

const span = {
  traceId: "5B8EFFF798038103D269B633813FC60C",
  spanId: "EEE19B7EC3C1B174",
  parentSpanId: "",
  name: "root",
  kind: "SPAN_KIND_SERVER",
  startTimeUnixNano: 1_700_000_000_000_000_000,
  endTimeUnixNano: "1700000001000000000",
  status: { code: "STATUS_CODE_ERROR", message: "failed" },
  attributes: [
    { key: "n", value: { intValue: "9007199254740993" } },
    { key: "d", value: { doubleValue: 0.5 } },
    { key: "b", value: { bytesValue: "AQI=" } },
    { key: "nul", value: { stringValue: "a\u0000b" } },
    { key: "empty", value: {} },
    // What the official JS JSON encoder writes for 2^62 and 1e300 (whole numbers as JSON numbers).
    { key: "big", value: { intValue: 4611686018427388000 } },
    { key: "huge", value: { intValue: 1e300 } },
  ],
};

describe("OTLP/JSON decoder", () => {
  it("reads hex ids (lowercased), int64 as number or string, enum names, and attribute values", () => {
    const decoded = decodeTraceRequestJson({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
    expect(decoded.rejected).toBe(0);
    expect(decoded.spans[0]).toMatchObject({
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "eee19b7ec3c1b174",
      parentSpanId: null,
      kind: 2,
      statusCode: 2,
      statusMessage: "failed",
      endTimeUnixNano: 1_700_000_001_000_000_000n,
      attributes: { n: "9007199254740993", d: 0.5, b: "AQI=", nul: "ab", empty: null, big: "4611686018427387904", huge: 1e300 },
      resourceAttributes: null,
    });
  });

  it("rejects (counts) spans with bad ids or times and keeps the others", () => {
    const decoded = decodeTraceRequestJson({
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
          scopeSpans: [{ spans: [span, { ...span, spanId: "xyz" }, { ...span, startTimeUnixNano: "soon" }] }],
        },
      ],
    });
    expect(decoded.spans).toHaveLength(1);
    expect(decoded.spans[0].resourceAttributes).toEqual({ "service.name": "svc" });
    expect(decoded.rejected).toBe(2);
    expect(decoded.errors).toEqual([
      "span xyz: spanId must be 8 non-zero bytes",
      "span EEE19B7EC3C1B174: startTimeUnixNano/endTimeUnixNano must be integers",
    ]);
  });

  it("rejects (counts) spans whose kind or status code is not an int32 enum value (kind 1e308, 2^63), keeps the others", () => {
    // Before: 1e308 and 2^63 passed as the span's kind and the INTEGER column failed the whole request (500).
    const odd = [
      { ...span, spanId: "a000000000000001", kind: 1e308 },
      { ...span, spanId: "a000000000000002", kind: 9223372036854775808 },
      { ...span, spanId: "a000000000000003", kind: -2147483649 },
      { ...span, spanId: "a000000000000004", kind: 1.5 },
      { ...span, spanId: "a000000000000005", status: { code: 2 ** 63 } },
    ];
    const fine = [
      { ...span, spanId: "b000000000000001", kind: 2147483647 },
      { ...span, spanId: "b000000000000002", kind: 3, status: { code: -1 } },
    ];
    const decoded = decodeTraceRequestJson({ resourceSpans: [{ scopeSpans: [{ spans: [...odd, ...fine] }] }] });
    expect(decoded.spans.map((s) => [s.spanId, s.kind, s.statusCode])).toEqual([
      ["b000000000000001", 2147483647, 2],
      ["b000000000000002", 3, -1],
    ]);
    expect(decoded.rejected).toBe(5);
    expect(decoded.errors).toEqual([
      "span a000000000000001: kind must be a SpanKind (an integer enum value)",
      "span a000000000000002: kind must be a SpanKind (an integer enum value)",
      "span a000000000000003: kind must be a SpanKind (an integer enum value)",
      "span a000000000000004: kind must be a SpanKind (an integer enum value)",
      "span a000000000000005: status.code must be a StatusCode (an integer enum value)",
    ]);
  });

  it("refuses a body that is not an export request", () => {
    expect(() => decodeTraceRequestJson([])).toThrow(JsonShapeError);
    expect(() => decodeTraceRequestJson({ resourceSpans: {} })).toThrow("'resourceSpans' must be an array");
    expect(decodeTraceRequestJson({})).toEqual({ spans: [], rejected: 0, errors: [] });
  });
});
