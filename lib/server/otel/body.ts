import "server-only";
// Reads an OTLP/HTTP request body: at most 5 MB as sent and, when gzip-encoded, at most 5 MB
// once inflated (zlib stops at the limit, so a gzip bomb costs 5 MB, not its expansion).
import { gunzipSync } from "node:zlib";
import { HttpError } from "../http/errors";
import { MAX_BODY_BYTES } from "@/lib/shared/run-schema";
import { decodeTraceRequestJson, JsonShapeError } from "./json";
import { decodeTraceRequestProtobuf, ProtobufError } from "./protobuf";
import type { DecodedRequest } from "./types";

export type OtlpEncoding = "json" | "protobuf";

export function encodingOf(contentType: string | null): OtlpEncoding {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  throw new HttpError(415, "unsupported_media_type", "send OTLP as Content-Type application/json or application/x-protobuf");
}

const tooLarge = () => new HttpError(413, "payload_too_large", "the body is larger than 5 MB (after gzip decompression too)");

export async function readOtlpBody(req: Request, encoding: OtlpEncoding): Promise<DecodedRequest> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  let bytes: Uint8Array = Buffer.concat(chunks);
  const contentEncoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (contentEncoding === "gzip") bytes = gunzip(bytes);
  else if (contentEncoding !== "identity" && contentEncoding !== "")
    throw new HttpError(415, "unsupported_encoding", `Content-Encoding '${contentEncoding}' is not supported; send gzip or none`);
  return decode(bytes, encoding);
}

function gunzip(bytes: Uint8Array): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_BODY_BYTES });
  } catch (err) {
    if ((err as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) throw tooLarge();
    throw new HttpError(400, "invalid_gzip", `the body is not valid gzip: ${(err as Error).message}`);
  }
}

export function decode(bytes: Uint8Array, encoding: OtlpEncoding): DecodedRequest {
  if (encoding === "protobuf") {
    try {
      return decodeTraceRequestProtobuf(bytes);
    } catch (err) {
      if (err instanceof ProtobufError)
        throw new HttpError(400, "invalid_protobuf", `the body is not an OTLP ExportTraceServiceRequest: ${err.message}`);
      throw err;
    }
  }
  const text = Buffer.from(bytes).toString("utf8");
  if (!text.trim()) throw new HttpError(400, "invalid_json", "the request body is empty; send an OTLP ExportTraceServiceRequest");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, "invalid_json", `the body is not valid JSON: ${(err as Error).message}`);
  }
  try {
    return decodeTraceRequestJson(body);
  } catch (err) {
    if (err instanceof JsonShapeError) throw new HttpError(400, "invalid_request", err.message);
    throw err;
  }
}
