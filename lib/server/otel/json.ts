// OTLP/JSON (the protobuf JSON mapping with OTLP's exceptions): traceId/spanId as hex strings,
// int64 (times, intValue) as strings or numbers, enums as integers (names accepted too), field
// names in lowerCamelCase. Anything not of the expected shape in a span makes that span rejected;
// a body that is not an export request at all is a JsonShapeError (400).
import { intValue } from "./protobuf";
import { collect, storable, type AttrValue, type Attributes, type DecodedRequest, type DecodedSpan } from "./types";

export class JsonShapeError extends Error {}

const MAX_DEPTH = 32;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function decodeTraceRequestJson(body: unknown): DecodedRequest {
  if (!isObj(body)) throw new JsonShapeError("the body must be an OTLP ExportTraceServiceRequest object");
  if (body.resourceSpans !== undefined && !Array.isArray(body.resourceSpans))
    throw new JsonShapeError("'resourceSpans' must be an array");
  const out: DecodedRequest = { spans: [], rejected: 0, errors: [] };
  for (const rs of list(body.resourceSpans)) {
    if (!isObj(rs)) throw new JsonShapeError("each of 'resourceSpans' must be an object");
    const resource = isObj(rs.resource) ? attributes(rs.resource.attributes) : null;
    for (const ss of list(rs.scopeSpans)) {
      if (!isObj(ss)) throw new JsonShapeError("each of 'scopeSpans' must be an object");
      for (const raw of list(ss.spans)) {
        const span = readSpan(raw, resource);
        if (typeof span === "string") {
          out.rejected++;
          if (out.errors.length < 5) out.errors.push(span);
        } else collect(out, span);
      }
    }
  }
  return out;
}

function readSpan(raw: unknown, resource: Attributes | null): DecodedSpan | string {
  if (!isObj(raw)) return "a span must be an object";
  const start = nanos(raw.startTimeUnixNano);
  const end = nanos(raw.endTimeUnixNano);
  if (start === null || end === null) return `span ${String(raw.spanId)}: startTimeUnixNano/endTimeUnixNano must be integers`;
  const status = isObj(raw.status) ? raw.status : {};
  return {
    traceId: hexId(raw.traceId),
    spanId: hexId(raw.spanId),
    parentSpanId: raw.parentSpanId == null ? null : hexId(raw.parentSpanId),
    name: typeof raw.name === "string" ? storable(raw.name) : "",
    kind: enumValue(raw.kind, "SPAN_KIND_", ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"]),
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    statusCode: enumValue(status.code, "STATUS_CODE_", ["UNSET", "OK", "ERROR"]),
    statusMessage: typeof status.message === "string" && status.message ? storable(status.message) : null,
    attributes: attributes(raw.attributes),
    resourceAttributes: resource,
    events: list(raw.events).flatMap((e) => {
      if (!isObj(e)) return [];
      const time = nanos(e.timeUnixNano);
      return [{ timeUnixNano: time ?? 0n, name: typeof e.name === "string" ? storable(e.name) : "", attributes: attributes(e.attributes) }];
    }),
  };
}

/** Ids are hex in OTLP/JSON; lowercase them (an invalid id is caught by spanProblem). */
function hexId(v: unknown): string {
  return typeof v === "string" ? v.toLowerCase() : "";
}

function nanos(v: unknown): bigint | null {
  if (v === undefined || v === null) return 0n;
  // Nanoseconds as a JSON number exceed 2^53: the value is already rounded to ~256 ns, still fine.
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === "string" && /^\d{1,20}$/.test(v)) return BigInt(v);
  return null;
}

/** An enum as its number; a number that is not an integer is passed on as NaN (spanProblem refuses it). */
function enumValue(v: unknown, prefix: string, names: string[]): number {
  if (typeof v === "number") return Number.isInteger(v) ? v : NaN;
  if (typeof v === "string") {
    const i = names.indexOf(v.replace(prefix, ""));
    if (i >= 0) return i;
  }
  return 0;
}

function attributes(v: unknown, depth = 0): Attributes {
  const out: Attributes = {};
  for (const kv of list(v)) {
    if (!isObj(kv) || typeof kv.key !== "string") continue;
    out[storable(kv.key)] = anyValue(kv.value, depth + 1);
  }
  return out;
}

function anyValue(v: unknown, depth: number): AttrValue {
  if (!isObj(v) || depth > MAX_DEPTH) return null;
  if (typeof v.stringValue === "string") return storable(v.stringValue);
  if (typeof v.boolValue === "boolean") return v.boolValue;
  if (v.intValue !== undefined) {
    // The official JS JSON encoder writes every whole number as `"intValue": <JSON number>`: 2^62
    // arrives as the double 4611686018427387904 (exact), 1e300 as 1e+300. Keep what the span held:
    // an integer in int64 range as an int64, a larger one as the double it is.
    if (typeof v.intValue === "number" && Number.isInteger(v.intValue) && !Number.isSafeInteger(v.intValue))
      return Math.abs(v.intValue) < 2 ** 63 ? intValue(BigInt(v.intValue)) : v.intValue;
    const n = nanosLike(v.intValue);
    return n === null ? null : intValue(n);
  }
  if (v.doubleValue !== undefined) {
    const d = Number(v.doubleValue);
    return Number.isFinite(d) ? d : null;
  }
  if (isObj(v.arrayValue)) return list(v.arrayValue.values).map((x) => anyValue(x, depth + 1));
  if (isObj(v.kvlistValue)) return attributes(v.kvlistValue.values, depth + 1);
  if (typeof v.bytesValue === "string") return v.bytesValue;
  return null;
}

function nanosLike(v: unknown): bigint | null {
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^-?\d{1,20}$/.test(v)) return BigInt.asIntN(64, BigInt(v));
  return null;
}
