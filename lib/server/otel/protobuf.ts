// A small decoder for the OTLP trace messages only (opentelemetry/proto/collector/trace/v1 and
// trace/v1, common/v1): ExportTraceServiceRequest → ResourceSpans → ScopeSpans → Span, with
// KeyValue/AnyValue (arrays, kvlists, bytes) and Status. Unknown fields are skipped, as protobuf
// requires, so newer exporters still decode. A malformed message throws ProtobufError.
import { collect, storable, type AttrValue, type Attributes, type DecodedEvent, type DecodedRequest, type DecodedSpan } from "./types";

export class ProtobufError extends Error {}

const MAX_DEPTH = 32;

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }
  done(): boolean {
    return this.pos >= this.end;
  }
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.end) throw new ProtobufError("truncated varint");
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ProtobufError("varint longer than 10 bytes");
  }
  fixed64(): bigint {
    if (this.pos + 8 > this.end) throw new ProtobufError("truncated fixed64");
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getBigUint64(0, true);
    this.pos += 8;
    return v;
  }
  double(): number {
    if (this.pos + 8 > this.end) throw new ProtobufError("truncated double");
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }
  /** A length-delimited field: a sub-reader over its bytes. */
  sub(): Reader {
    const len = Number(this.varint());
    if (this.pos + len > this.end) throw new ProtobufError("length-delimited field runs past its message");
    const r = new Reader(this.buf, this.pos, this.pos + len);
    this.pos += len;
    return r;
  }
  bytes(): Uint8Array {
    const r = this.sub();
    return this.buf.subarray(r.pos, r.end);
  }
  string(): string {
    return storable(Buffer.from(this.bytes()).toString("utf8"));
  }
  /** Calls fn(field, wireType) for each field; fn returns false to have the field skipped. */
  fields(fn: (field: number, wire: number) => boolean): void {
    while (!this.done()) {
      const tag = Number(this.varint());
      const field = tag >>> 3;
      const wire = tag & 7;
      if (field === 0) throw new ProtobufError("field number 0");
      if (!fn(field, wire)) this.skip(wire);
    }
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.sub();
    else if (wire === 5) this.pos += 4;
    else throw new ProtobufError(`unsupported wire type ${wire}`);
    if (this.pos > this.end) throw new ProtobufError("truncated field");
  }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

export function decodeTraceRequestProtobuf(buf: Uint8Array): DecodedRequest {
  const out: DecodedRequest = { spans: [], rejected: 0, errors: [] };
  const top = new Reader(buf);
  top.fields((field, wire) => {
    if (field !== 1 || wire !== 2) return false;
    readResourceSpans(top.sub(), out);
    return true;
  });
  return out;
}

function readResourceSpans(r: Reader, out: DecodedRequest): void {
  let resource: Attributes | null = null;
  const scopes: Reader[] = [];
  r.fields((field, wire) => {
    if (wire !== 2) return false;
    if (field === 1) {
      const res = r.sub();
      const attrs: Attributes = {};
      res.fields((f, w) => {
        if (f !== 1 || w !== 2) return false;
        readKeyValue(res.sub(), attrs, 0);
        return true;
      });
      resource = attrs;
      return true;
    }
    if (field === 2) {
      scopes.push(r.sub());
      return true;
    }
    return false;
  });
  // The resource may come after its spans on the wire; spans are read once it is known.
  for (const scope of scopes)
    scope.fields((field, wire) => {
      if (field !== 2 || wire !== 2) return false;
      collect(out, readSpan(scope.sub(), resource));
      return true;
    });
}

function readSpan(r: Reader, resource: Attributes | null): DecodedSpan {
  const span: DecodedSpan = {
    traceId: "",
    spanId: "",
    parentSpanId: null,
    name: "",
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    statusCode: 0,
    statusMessage: null,
    attributes: {},
    resourceAttributes: resource,
    events: [],
  };
  r.fields((field, wire) => {
    if (wire === 2 && field === 1) span.traceId = hex(r.bytes());
    else if (wire === 2 && field === 2) span.spanId = hex(r.bytes());
    else if (wire === 2 && field === 4) span.parentSpanId = hex(r.bytes());
    else if (wire === 2 && field === 5) span.name = r.string();
    else if (wire === 0 && field === 6) span.kind = Number(BigInt.asIntN(32, r.varint()));
    else if (wire === 1 && field === 7) span.startTimeUnixNano = r.fixed64();
    else if (wire === 1 && field === 8) span.endTimeUnixNano = r.fixed64();
    else if (wire === 2 && field === 9) readKeyValue(r.sub(), span.attributes, 0);
    else if (wire === 2 && field === 11) span.events.push(readEvent(r.sub()));
    else if (wire === 2 && field === 15) {
      const s = r.sub();
      s.fields((f, w) => {
        if (f === 2 && w === 2) span.statusMessage = s.string() || null;
        else if (f === 3 && w === 0) span.statusCode = Number(BigInt.asIntN(32, s.varint()));
        else return false;
        return true;
      });
    } else return false;
    return true;
  });
  return span;
}

/** Span.Event: time_unix_nano (1, fixed64), name (2), attributes (3). */
function readEvent(r: Reader): DecodedEvent {
  const event: DecodedEvent = { timeUnixNano: 0n, name: "", attributes: {} };
  r.fields((field, wire) => {
    if (field === 1 && wire === 1) event.timeUnixNano = r.fixed64();
    else if (field === 2 && wire === 2) event.name = r.string();
    else if (field === 3 && wire === 2) readKeyValue(r.sub(), event.attributes, 0);
    else return false;
    return true;
  });
  return event;
}

function readKeyValue(r: Reader, into: Attributes, depth: number): void {
  let key = "";
  let value: AttrValue = null;
  r.fields((field, wire) => {
    if (wire !== 2) return false;
    if (field === 1) key = r.string();
    else if (field === 2) value = readAnyValue(r.sub(), depth + 1);
    else return false;
    return true;
  });
  into[key] = value;
}

function readAnyValue(r: Reader, depth: number): AttrValue {
  if (depth > MAX_DEPTH) throw new ProtobufError(`attribute values nested deeper than ${MAX_DEPTH}`);
  let value: AttrValue = null;
  r.fields((field, wire) => {
    if (field === 1 && wire === 2) value = r.string();
    else if (field === 2 && wire === 0) value = r.varint() !== 0n;
    else if (field === 3 && wire === 0) value = intValue(BigInt.asIntN(64, r.varint()));
    else if (field === 4 && wire === 1) value = r.double();
    else if (field === 5 && wire === 2) {
      const arr = r.sub();
      const items: AttrValue[] = [];
      arr.fields((f, w) => {
        if (f !== 1 || w !== 2) return false;
        items.push(readAnyValue(arr.sub(), depth + 1));
        return true;
      });
      value = items;
    } else if (field === 6 && wire === 2) {
      const list = r.sub();
      const obj: Attributes = {};
      list.fields((f, w) => {
        if (f !== 1 || w !== 2) return false;
        readKeyValue(list.sub(), obj, depth + 1);
        return true;
      });
      value = obj;
    } else if (field === 7 && wire === 2) value = Buffer.from(r.bytes()).toString("base64");
    else return false;
    return true;
  });
  return value;
}

/** int64 as a JSON number when exact, else as its decimal string (OTLP/JSON does the same). */
export function intValue(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** ExportTraceServiceResponse: empty, or partial_success {rejected_spans, error_message}. */
export function encodeTraceResponseProtobuf(rejectedSpans: number, errorMessage: string): Uint8Array {
  if (rejectedSpans === 0 && !errorMessage) return new Uint8Array(0);
  const inner: number[] = [];
  if (rejectedSpans > 0) inner.push(0x08, ...varintBytes(rejectedSpans));
  if (errorMessage) {
    const msg = Buffer.from(errorMessage, "utf8");
    inner.push(0x12, ...varintBytes(msg.length), ...msg);
  }
  return Uint8Array.from([0x0a, ...varintBytes(inner.length), ...inner]);
}

function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
