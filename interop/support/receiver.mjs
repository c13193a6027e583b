// A tiny OTLP/HTTP receiver for recording fixtures: keeps every OTLP/JSON request body to /v1/traces
// (gzip inflated), answers `{}` like a collector, and notes each request's method, path and headers
// (protobuf bodies are acknowledged, not kept). Used by interop/scripts/record-fixtures.mjs.
import http from "node:http";
import { gunzipSync } from "node:zlib";

export async function startReceiver() {
  const requests = [];
  const seen = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      const type = req.headers["content-type"] ?? "";
      seen.push({ method: req.method, url: req.url, headers: req.headers });
      if (req.url?.endsWith("/v1/traces") && type.includes("protobuf")) {
        res.writeHead(200, { "Content-Type": "application/x-protobuf" });
        res.end();
      } else if (req.url?.endsWith("/v1/traces") && type.includes("json")) {
        requests.push(JSON.parse(body.toString("utf8")));
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end("{}");
      } else {
        res.writeHead(415, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: `unexpected ${req.method} ${req.url} (${type})` }));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    seen,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
