// Test fixtures only: a trace described once, encoded as OTLP/JSON or OTLP protobuf, so the
// decoders, the integration test and the HTTP spec send the same spans both ways. The protobuf
// writer is the few wire types OTLP traces use (varint, fixed64, double, length-delimited).
export type FixtureValue = string | number | boolean | FixtureValue[] | { [key: string]: FixtureValue };

export interface FixtureSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  /** ms since the epoch (the encoders write nanoseconds). */
  startMs: number;
  endMs: number;
  status?: { code: number; message?: string };
  attributes?: Record<string, FixtureValue>;
  /** Span events, e.g. `{name: "exception", timeMs, attributes: {"exception.type": …}}`. */
  events?: FixtureEvent[];
}

export interface FixtureEvent {
  name: string;
  timeMs: number;
  attributes?: Record<string, FixtureValue>;
}

export interface FixtureRequest {
  resource?: Record<string, FixtureValue>;
  spans: FixtureSpan[];
}

const ns = (ms: number) => (BigInt(ms) * 1_000_000n).toString();

function jsonValue(v: FixtureValue): Record<string, unknown> {
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(jsonValue) } };
  return { kvlistValue: { values: jsonAttributes(v) } };
}

const jsonAttributes = (a: Record<string, FixtureValue> = {}) => Object.entries(a).map(([key, v]) => ({ key, value: jsonValue(v) }));

export function toOtlpJson(req: FixtureRequest): Record<string, unknown> {
  return {
    resourceSpans: [
      {
        resource: { attributes: jsonAttributes(req.resource) },
        scopeSpans: [
          {
            scope: { name: "keel-test" },
            spans: req.spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: s.kind ?? 1,
              startTimeUnixNano: ns(s.startMs),
              endTimeUnixNano: ns(s.endMs),
              attributes: jsonAttributes(s.attributes),
              status: s.status ?? {},
              ...(s.events
                ? { events: s.events.map((e) => ({ timeUnixNano: ns(e.timeMs), name: e.name, attributes: jsonAttributes(e.attributes) })) }
                : {}),
            })),
          },
        ],
      },
    ],
  };
}

class Writer {
  bytes: number[] = [];
  varint(v: bigint): this {
    let n = BigInt.asUintN(64, v);
    while (n > 0x7fn) {
      this.bytes.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.bytes.push(Number(n));
    return this;
  }
  tag(field: number, wire: number): this {
    return this.varint(BigInt((field << 3) | wire));
  }
  lenDelim(field: number, payload: number[] | Uint8Array): this {
    this.tag(field, 2).varint(BigInt(payload.length));
    // A loop, not push(...payload): a 512-span request is ~230 KB, more arguments than a call takes.
    for (const b of payload) this.bytes.push(b);
    return this;
  }
  string(field: number, s: string): this {
    return this.lenDelim(field, Buffer.from(s, "utf8"));
  }
  fixed64(field: number, v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(v);
    this.tag(field, 1).bytes.push(...b);
    return this;
  }
  double(field: number, v: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    this.tag(field, 1).bytes.push(...b);
    return this;
  }
}

function pbValue(v: FixtureValue): number[] {
  const w = new Writer();
  if (typeof v === "string") w.string(1, v);
  else if (typeof v === "boolean") w.tag(2, 0).varint(v ? 1n : 0n);
  else if (typeof v === "number" && Number.isInteger(v)) w.tag(3, 0).varint(BigInt(v));
  else if (typeof v === "number") w.double(4, v);
  else if (Array.isArray(v)) {
    const arr = new Writer();
    for (const item of v) arr.lenDelim(1, pbValue(item));
    w.lenDelim(5, arr.bytes);
  } else {
    const list = new Writer();
    for (const kv of pbAttributes(v)) list.lenDelim(1, kv);
    w.lenDelim(6, list.bytes);
  }
  return w.bytes;
}

const pbAttributes = (a: Record<string, FixtureValue> = {}) =>
  Object.entries(a).map(([key, v]) => new Writer().string(1, key).lenDelim(2, pbValue(v)).bytes);

export function toOtlpProtobuf(req: FixtureRequest): Uint8Array {
  const scope = new Writer().lenDelim(1, new Writer().string(1, "keel-test").bytes);
  for (const s of req.spans) {
    const span = new Writer().lenDelim(1, Buffer.from(s.traceId, "hex")).lenDelim(2, Buffer.from(s.spanId, "hex"));
    if (s.parentSpanId) span.lenDelim(4, Buffer.from(s.parentSpanId, "hex"));
    span.string(5, s.name).tag(6, 0).varint(BigInt(s.kind ?? 1));
    span.fixed64(7, BigInt(ns(s.startMs))).fixed64(8, BigInt(ns(s.endMs)));
    for (const kv of pbAttributes(s.attributes)) span.lenDelim(9, kv);
    for (const e of s.events ?? []) {
      const ev = new Writer().fixed64(1, BigInt(ns(e.timeMs))).string(2, e.name);
      for (const kv of pbAttributes(e.attributes)) ev.lenDelim(3, kv);
      span.lenDelim(11, ev.bytes);
    }
    if (s.status) {
      const st = new Writer();
      if (s.status.message) st.string(2, s.status.message);
      st.tag(3, 0).varint(BigInt(s.status.code));
      span.lenDelim(15, st.bytes);
    }
    scope.lenDelim(2, span.bytes);
  }
  const resource = new Writer();
  for (const kv of pbAttributes(req.resource)) resource.lenDelim(1, kv);
  const rs = new Writer().lenDelim(1, resource.bytes).lenDelim(2, scope.bytes);
  return Uint8Array.from(new Writer().lenDelim(1, rs.bytes).bytes);
}
