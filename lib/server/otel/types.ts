// One OTLP span as Keel keeps it (table otel_spans): ids as lowercase hex, times in nanoseconds
// since the epoch (bigint: OTLP's fixed64 does not fit a double), attributes as plain JSON.
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

/** A span event (OTLP Span.Event): an exception, a log line, a retry… kept with its span. */
export interface DecodedEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: Attributes;
}

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  /** null for a root span. */
  parentSpanId: string | null;
  name: string;
  /** SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  /** Status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string | null;
  attributes: Attributes;
  resourceAttributes: Attributes | null;
  /** In the order sent; empty when the span has none. */
  events: DecodedEvent[];
}

/** What a decoder hands on: the spans it could read, and how many it had to refuse (and why). */
export interface DecodedRequest {
  spans: DecodedSpan[];
  rejected: number;
  errors: string[];
}

export const STATUS_ERROR = 2;

/** Strings PostgreSQL can store (no NUL, no lone surrogate). */
export function storable(s: string): string {
  return s.replaceAll("\u0000", "").toWellFormed();
}

const MIN_NS = 0n;
const MAX_NS = BigInt(Date.UTC(9999, 11, 31, 23, 59, 59, 999)) * 1_000_000n;

/**
 * Checks one span's ids and times; returns the reason it cannot be kept, or null.
 * Ids arrive as lowercase hex already (both decoders produce them).
 */
export function spanProblem(span: DecodedSpan): string | null {
  if (!/^[0-9a-f]{32}$/.test(span.traceId) || /^0+$/.test(span.traceId)) return "traceId must be 16 non-zero bytes";
  if (!/^[0-9a-f]{16}$/.test(span.spanId) || /^0+$/.test(span.spanId)) return "spanId must be 8 non-zero bytes";
  if (span.parentSpanId !== null && !/^[0-9a-f]{16}$/.test(span.parentSpanId)) return "parentSpanId must be 8 bytes";
  for (const t of [span.startTimeUnixNano, span.endTimeUnixNano])
    if (t < MIN_NS || t > MAX_NS) return "startTimeUnixNano/endTimeUnixNano must be between 1970 and 9999";
  // OTLP enums are int32 (the protobuf decoder truncates to that already); OTLP/JSON can carry any
  // number, e.g. "kind": 1e308, which the INTEGER columns would refuse for the whole request.
  if (!isInt32(span.kind)) return "kind must be a SpanKind (an integer enum value)";
  if (!isInt32(span.statusCode)) return "status.code must be a StatusCode (an integer enum value)";
  return null;
}

const isInt32 = (n: number) => Number.isInteger(n) && n >= -2_147_483_648 && n <= 2_147_483_647;

/** A valid span or a refusal, counted into the request's result. */
export function collect(out: DecodedRequest, span: DecodedSpan): void {
  // OTLP allows an all-zero or empty parent id for a root span.
  if (span.parentSpanId !== null && (span.parentSpanId === "" || /^0+$/.test(span.parentSpanId))) span.parentSpanId = null;
  const problem = spanProblem(span);
  if (problem) {
    out.rejected++;
    if (out.errors.length < 5) out.errors.push(`span ${span.spanId || "?"}: ${problem}`);
    return;
  }
  out.spans.push(span);
}
