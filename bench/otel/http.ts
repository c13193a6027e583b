// The benchmark's HTTP side: OTLP protobuf exports and POST /api/v1/runs batches, a fixed number
// in flight, each response checked (a failed or partial request stops the benchmark).
import { decodeExportResponse } from "./encode";

export interface PostResult {
  seconds: number;
  requests: number;
  /** Runs accepted (POST /api/v1/runs). */
  accepted: number;
  retries: number;
  latenciesMs: number[];
}

/** Sends every body with `concurrency` requests in flight; honours 429/503 Retry-After. */
async function postAll<B>(
  concurrency: number,
  bodies: B[],
  send: (body: B) => Promise<Response>,
  check: (res: Response) => Promise<number>,
): Promise<PostResult> {
  let next = 0;
  let retries = 0;
  let accepted = 0;
  const latenciesMs: number[] = [];
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      for (;;) {
        const t0 = performance.now();
        const res = await send(body);
        if (res.status === 429 || res.status === 503) {
          await res.arrayBuffer();
          retries++;
          await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 1) * 1000));
          continue;
        }
        const n = await check(res); // not `accepted += await …`: that reads accepted before the await
        accepted += n;
        latenciesMs.push(performance.now() - t0);
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, requests: bodies.length, accepted, retries, latenciesMs };
}

export function postOtlp(baseURL: string, key: string, bodies: Uint8Array<ArrayBuffer>[], concurrency: number) {
  return postAll(
    concurrency,
    bodies,
    (body) =>
      fetch(`${baseURL}/api/otel/v1/traces`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/x-protobuf" },
        body,
      }),
    async (res) => {
      const buf = new Uint8Array(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`OTLP: HTTP ${res.status}: ${Buffer.from(buf).toString("utf8").slice(0, 500)}`);
      const partial = decodeExportResponse(buf);
      if (partial) throw new Error(`OTLP: partial_success ${JSON.stringify(partial).slice(0, 1000)}`);
      return 0;
    },
  );
}

export async function postRuns(baseURL: string, key: string, bodies: string[], runs: number, concurrency: number) {
  const result = await postAll(
    concurrency,
    bodies,
    (body) =>
      fetch(`${baseURL}/api/v1/runs`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      }),
    async (res) => {
      const json = (await res.json()) as { accepted?: number; duplicates?: number; rejected?: unknown[] };
      if (res.status !== 200 || json.rejected?.length || json.duplicates)
        throw new Error(`runs: HTTP ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
      return json.accepted ?? 0;
    },
  );
  if (result.accepted !== runs) throw new Error(`runs: expected ${runs} accepted, got ${result.accepted}`);
  return result;
}
