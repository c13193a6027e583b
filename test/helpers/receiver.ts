// A real HTTP receiver for notification tests: a node:http server on 127.0.0.1 that records every
// request (headers and the raw body bytes, as a signature is computed over them) and answers from
// a script, by default 200.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  json: Record<string, unknown>;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (a hung receiver, for timeouts). */
  hang?: boolean;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Answers for the next requests, in order; then 200. */
  script(...answers: Answer[]): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const queue: Answer[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // recorded as raw only
      }
      received.push({ path: req.url ?? "", headers: req.headers, raw, json });
      const answer = queue.shift() ?? { status: 200, body: '{"status":"success"}' };
      if (answer.hang) return;
      // No keep-alive: a retry minutes later must not race the server closing an idle socket.
      res.writeHead(answer.status, { "content-type": "application/json", connection: "close", ...answer.headers });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (...answers) => queue.push(...answers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
