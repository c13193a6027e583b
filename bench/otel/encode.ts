// Request bodies for the benchmark. OTLP protobuf comes from test/helpers/otlp.ts, one trace at a
// time (its writer spreads a payload into Array#push, which overflows the stack for a 512-span
// request), and the encoded spans are then spliced into one ExportTraceServiceRequest with ONE
// ResourceSpans and ONE ScopeSpans: the shape an SDK's BatchSpanProcessor exports (its default
// batch is 512 spans).
import { toOtlpProtobuf } from "../../test/helpers/otlp";
import type { BenchTrace } from "./generate";
import { RESOURCE } from "./generate";

function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, pos];
    shift += 7;
  }
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Buffer.from(out);
}

/** Length-delimited fields of a message: [field, payload, the whole field as encoded]. */
function* fields(buf: Uint8Array): Generator<[number, Uint8Array, Uint8Array]> {
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    const [tag, p1] = readVarint(buf, pos);
    if ((tag & 7) !== 2) throw new Error(`unexpected wire type ${tag & 7} in the fixture encoding`);
    const [len, p2] = readVarint(buf, p1);
    pos = p2 + len;
    yield [tag >>> 3, buf.subarray(p2, pos), buf.subarray(start, pos)];
  }
}

const only = (buf: Uint8Array, field: number): Uint8Array => {
  for (const [f, payload] of fields(buf)) if (f === field) return payload;
  throw new Error(`field ${field} missing in the fixture encoding`);
};

const lenDelim = (field: number, payload: Uint8Array): Buffer =>
  Buffer.concat([varint((field << 3) | 2), varint(payload.length), payload]);

/** ResourceSpans.resource and ScopeSpans.scope as the helper encodes them. */
const template = (() => {
  const rs = only(toOtlpProtobuf({ resource: RESOURCE, spans: [] }), 1);
  const scopeSpans = only(rs, 2);
  return { resource: only(rs, 1), scope: only(scopeSpans, 1) };
})();

/** The encoded `ScopeSpans.spans` fields (tag, length and Span) of one trace. */
function encodedSpans(trace: BenchTrace): Uint8Array[] {
  const scopeSpans = only(only(toOtlpProtobuf({ spans: trace.spans }), 1), 2);
  const out: Uint8Array[] = [];
  for (const [f, , whole] of fields(scopeSpans)) if (f === 2) out.push(whole);
  return out;
}

/** One ExportTraceServiceRequest holding every span of `traces` under one resource and scope. */
export function otlpBody(traces: BenchTrace[]): Uint8Array<ArrayBuffer> {
  const scopeSpans = Buffer.concat([lenDelim(1, template.scope), ...traces.flatMap(encodedSpans)]);
  const resourceSpans = Buffer.concat([lenDelim(1, template.resource), lenDelim(2, scopeSpans)]);
  const body = lenDelim(1, resourceSpans);
  return new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length);
}

/**
 * ExportTraceServiceResponse: empty when all went well, else partial_success (field 1) with
 * rejected_spans (1, varint) and error_message (2, string).
 */
export function decodeExportResponse(buf: Uint8Array): { rejectedSpans: number; errorMessage: string } | null {
  if (buf.length === 0) return null;
  let rejectedSpans = 0;
  let errorMessage = "";
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    const [len, p2] = readVarint(buf, p1);
    if (tag === ((1 << 3) | 2)) {
      const inner = buf.subarray(p2, p2 + len);
      let q = 0;
      while (q < inner.length) {
        const [t, q1] = readVarint(inner, q);
        if ((t & 7) === 0) {
          const [v, q2] = readVarint(inner, q1);
          if (t >>> 3 === 1) rejectedSpans = v;
          q = q2;
        } else {
          const [l, q2] = readVarint(inner, q1);
          if (t >>> 3 === 2) errorMessage = Buffer.from(inner.subarray(q2, q2 + l)).toString("utf8");
          q = q2 + l;
        }
      }
    }
    pos = p2 + len;
  }
  return rejectedSpans === 0 && errorMessage === "" ? null : { rejectedSpans, errorMessage };
}

/** POST /api/v1/runs bodies: the traces' runs, `batch` per request; `suffix` makes distinct ids. */
export function runBodies(traces: BenchTrace[], batch: number, suffix = ""): string[] {
  const out: string[] = [];
  for (let i = 0; i < traces.length; i += batch)
    out.push(JSON.stringify({ runs: traces.slice(i, i + batch).map((t) => (suffix ? { ...t.run, id: t.run.id + suffix } : t.run)) }));
  return out;
}
