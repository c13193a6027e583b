import "server-only";
import { HttpError } from "./errors";

/**
 * How much of an oversized body Keel reads and throws away before answering 413. Clients that send
 * the whole body before reading the answer (Python's urllib/requests, many SDKs) otherwise get a
 * broken pipe instead of the 413, and retry forever. Past this bound the connection is cut.
 */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  let read = 0;
  try {
    while (read <= budget) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // the client went away: nothing to answer
  }
}

/** Reads a JSON body, refusing more than maxBytes (413) before parsing, and bad JSON (400). */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    if (req.body && declared <= DRAIN_LIMIT_BYTES) await drain(req.body.getReader(), DRAIN_LIMIT_BYTES);
    throw tooLarge(maxBytes);
  }
  if (!req.body) throw new HttpError(400, "invalid_json", "the request body is empty; send JSON");
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await drain(reader, DRAIN_LIMIT_BYTES - total);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new HttpError(400, "invalid_json", "the request body is empty; send JSON");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, "invalid_json", `the body is not valid JSON: ${(err as Error).message}`);
  }
}

function tooLarge(maxBytes: number) {
  const mb = maxBytes / (1024 * 1024);
  return new HttpError(413, "payload_too_large", `the body is larger than ${Number.isInteger(mb) ? `${mb} MB` : `${maxBytes} bytes`}`);
}
