// A small local server that speaks enough of the OpenAI Chat Completions API for the agents: no
// real LLM. The reply depends only on how many tool results the conversation already holds:
//   0 → a tool call to kb_search, 1 → a tool call to create_ticket, 2 → the final answer,
// with the usage of USAGE[n] (interop/agents/lib/otel.mjs), so token counts are known exactly.
// Non-streaming and streaming (SSE, with stream_options.include_usage) replies.
import http from "node:http";
import { FINAL_ANSWER, TOOL_ARGS, USAGE } from "../agents/lib/otel.mjs";

export function completionFor(body) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const n = Math.min(messages.filter((m) => m.role === "tool").length, 2);
  const toolName = ["kb_search", "create_ticket"][n];
  const usage = { prompt_tokens: USAGE[n].input, completion_tokens: USAGE[n].output, total_tokens: USAGE[n].input + USAGE[n].output };
  const message = toolName
    ? {
        role: "assistant",
        content: null,
        refusal: null,
        tool_calls: [{ id: `call_${n + 1}`, type: "function", function: { name: toolName, arguments: JSON.stringify(TOOL_ARGS[toolName]) } }],
      }
    : { role: "assistant", content: FINAL_ANSWER, refusal: null };
  return {
    id: `chatcmpl-fake-${n + 1}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body.model ?? "gpt-fake",
    choices: [{ index: 0, message, logprobs: null, finish_reason: toolName ? "tool_calls" : "stop" }],
    usage,
    system_fingerprint: "fp_fake",
  };
}

function streamChunks(c, includeUsage) {
  const base = { id: c.id, object: "chat.completion.chunk", created: c.created, model: c.model, system_fingerprint: c.system_fingerprint };
  const m = c.choices[0].message;
  const delta = m.tool_calls
    ? { role: "assistant", content: null, tool_calls: m.tool_calls.map((t, index) => ({ index, ...t })) }
    : { role: "assistant", content: m.content };
  const chunks = [
    { ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: c.choices[0].finish_reason }] },
  ];
  if (includeUsage) chunks.push({ ...base, choices: [], usage: c.usage });
  return chunks;
}

export async function startFakeOpenAI() {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (d) => chunks.push(d));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: "invalid_request_error" } }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      requests.push(body);
      const completion = completionFor(body);
      if (body.stream) {
        res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
        for (const c of streamChunks(completion, !!body.stream_options?.include_usage)) res.write(`data: ${JSON.stringify(c)}\n\n`);
        res.end("data: [DONE]\n\n");
      } else {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify(completion));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
