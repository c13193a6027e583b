// Generators of the fuzz suite for POST /api/otel/v1/traces (OTLP/JSON): traces of a root span
// and tool spans, with hostile spans mixed in. Each span knows whether the decoder must refuse it
// (bad ids or times, a kind or status code that is no int32: 1e308, 2^63, 1.5), so the answer's
// `rejectedSpans` can be checked exactly; a trace with nothing hostile in it must become one run
// with one tool call per tool span. Out-of-range numbers are raw literals (see runs.ts).
import fc from "fast-check";
import { raw } from "./runs";

const HOUR = 3_600_000;

export interface GenTrace {
  traceId: string;
  /** Root accepted and nothing hostile in any attribute: the trace must make a run. */
  clean: boolean;
  /** Tool spans the decoder accepts (the run's tool calls when clean). */
  toolSpans: number;
}

export interface GenOtlpRequest {
  body: unknown;
  /** Spans the decoder must refuse. */
  rejected: number;
  traces: GenTrace[];
  /** Send the same body twice (an exporter's retry): the second answer must equal the first. */
  resend: boolean;
}

const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString("hex")).filter((h) => !/^0+$/.test(h));
const ns = (ms: number, extra: number) => (BigInt(ms) * 1_000_000n + BigInt(extra)).toString();

type Span = Record<string, unknown>;
/** [what, the span refused?, change]. */
type SpanMutation = [string, boolean, (s: Span) => Span];

const badNumbers = fc.constantFrom(raw("1e308"), raw("-1e308"), raw("9223372036854775808"), raw("18446744073709551616"), 1.5, raw("2147483648"), raw("-2147483649"));
const spanMutation: fc.Arbitrary<SpanMutation> = fc.oneof(
  badNumbers.map((v): SpanMutation => [`kind ${v}`, true, (s) => ({ ...s, kind: v })]),
  badNumbers.map((v): SpanMutation => [`status.code ${v}`, true, (s) => ({ ...s, status: { code: v } })]),
  fc.constantFrom("SPAN_KIND_BOGUS", "STATUS_CODE_BOGUS", 7, -3).map((v): SpanMutation => [`unknown enum ${v}`, false, (s) => ({ ...s, kind: v })]),
  fc.constantFrom<unknown>("xyz", "", "0".repeat(16), "a".repeat(15), "g".repeat(16), 12, null).map((v): SpanMutation => [`spanId ${JSON.stringify(v)}`, true, (s) => ({ ...s, spanId: v })]),
  fc.constantFrom<unknown>("xyz", "0".repeat(32), "a".repeat(31), 5).map((v): SpanMutation => [`traceId ${JSON.stringify(v)}`, true, (s) => ({ ...s, traceId: v })]),
  fc.constantFrom<unknown>("-1", "abc", raw("1e308"), "999999999999999999999", "253402300800000000001", -5, 1.5, raw("-0.5")).map((v): SpanMutation => [`startTimeUnixNano ${v}`, true, (s) => ({ ...s, startTimeUnixNano: v })]),
);

/** Attribute values that stress the mapping; none may make the trace's answer a 5xx. */
const hostileAttribute = fc.oneof(
  fc.constantFrom("keel.cost_usd", "gen_ai.usage.input_tokens", "keel.quality_score", "keel.escalation.review_cost_usd").chain((key) =>
    fc.constantFrom<unknown>({ doubleValue: raw("1e308") }, { intValue: "9223372036854775807" }, { stringValue: "NaN" }, { doubleValue: "Infinity" }, { intValue: raw("1e308") }).map((value) => ({ key, value })),
  ),
  fc.constantFrom("keel.outcome", "keel.workflow", "gen_ai.tool.call.arguments", "session.id").chain((key) =>
    fc.constantFrom<unknown>({ stringValue: "a\u0000b\ud800" }, { stringValue: "x".repeat(300) }, { stringValue: "[".repeat(4000) + "]".repeat(4000) }, { boolValue: "yes" }, { arrayValue: { values: [{ intValue: "1" }] } }).map((value) => ({ key, value })),
  ),
  fc.integer({ min: 30, max: 3000 }).map((levels) => ({ key: "deep", value: raw('{"kvlistValue":{"values":[{"key":"k","value":'.repeat(levels) + "{}" + "}]}}".repeat(levels)) })),
);

function span(traceId: string, spanId: string, parent: string | null, startMs: number, tool: boolean) {
  return fc
    .record({ name: fc.string({ maxLength: 20 }), latency: fc.integer({ min: 0, max: 60_000 }), sub: fc.integer({ min: 0, max: 999_999 }), error: fc.boolean(), upper: fc.boolean() })
    .map(({ name, latency, sub, error, upper }): Span => ({
      traceId: upper ? traceId.toUpperCase() : traceId,
      spanId,
      ...(parent ? { parentSpanId: parent } : {}),
      name,
      kind: tool ? 3 : "SPAN_KIND_SERVER",
      startTimeUnixNano: ns(startMs, sub),
      endTimeUnixNano: ns(startMs + latency, sub),
      status: error ? { code: 2, message: "failed\nsecond line" } : {},
      attributes: tool
        ? [
            { key: "gen_ai.operation.name", value: { stringValue: "execute_tool" } },
            { key: "gen_ai.tool.name", value: { stringValue: name || "tool" } },
          ]
        : [{ key: "keel.cost_usd", value: { doubleValue: 0.25 } }],
    }));
}

function trace(now: number) {
  return fc
    .record({
      traceId: hex(16),
      rootId: hex(8),
      childIds: fc.uniqueArray(hex(8), { maxLength: 6 }),
      startMs: fc.integer({ min: now - 7 * 24 * HOUR, max: now }),
      mutations: fc.array(fc.record({ at: fc.nat(), mutation: spanMutation }), { maxLength: 2 }),
      hostile: fc.option(hostileAttribute, { nil: null, freq: 3 }),
    })
    .filter(({ rootId, childIds }) => !childIds.includes(rootId))
    .chain(({ traceId, rootId, childIds, startMs, mutations, hostile }) =>
      fc
        .tuple(span(traceId, rootId, null, startMs, false), ...childIds.map((id, i) => span(traceId, id, rootId, startMs + i * 100, true)))
        .map((spans) => {
          const refused = new Set<number>();
          const mutated = new Set<number>();
          for (const { at, mutation } of mutations) {
            const i = at % spans.length;
            // One change per span, so its verdict is that change's.
            if (mutated.has(i)) continue;
            mutated.add(i);
            spans[i] = mutation[2](spans[i]);
            if (mutation[1]) refused.add(i);
          }
          if (hostile) spans[0] = { ...spans[0], attributes: [...(spans[0].attributes as unknown[]), hostile] };
          const toolSpans = childIds.filter((_, i) => !refused.has(i + 1)).length;
          return { spans, rejected: refused.size, trace: { traceId, clean: !hostile && !refused.has(0), toolSpans } satisfies GenTrace };
        }),
    );
}

export function genOtlpRequest(now: number): fc.Arbitrary<GenOtlpRequest> {
  return fc
    .record({
      traces: fc.array(trace(now), { minLength: 1, maxLength: 3 }),
      resource: fc.option(fc.constantFrom<unknown>({ attributes: [{ key: "deployment.environment.name", value: { stringValue: "canary" } }] }, { attributes: "nope" }, 5), { nil: undefined }),
      resend: fc.boolean(),
      split: fc.boolean(),
    })
    .map(({ traces, resource, resend, split }) => {
      const spans = traces.flatMap((t) => t.spans);
      const scopeSpans = split ? spans.map((s) => ({ spans: [s] })) : [{ scope: { name: "fuzz" }, spans }];
      return {
        body: { resourceSpans: [{ ...(resource !== undefined ? { resource } : {}), scopeSpans }] },
        rejected: traces.reduce((n, t) => n + t.rejected, 0),
        traces: traces.map((t) => t.trace),
        resend,
      };
    });
}
