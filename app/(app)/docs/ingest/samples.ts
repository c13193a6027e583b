// The code shown on /docs/ingest (kept in step with docs/ingest.md).
export const CURL_EXAMPLE = `curl -sS -X POST "$KEEL_URL/api/v1/runs" \\
  -H "Authorization: Bearer $KEEL_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"runs": [{
        "id": "run-2026-10-14-0001", "sessionId": "ticket-8812", "workflow": "refund-request",
        "model": "gpt-4.1", "promptVersion": "v12",
        "startedAt": "2026-10-14T09:30:00.000Z", "endedAt": "2026-10-14T09:30:04.250Z",
        "outcome": "failure",
        "failure": {"category": "tool_error", "reason": "ticketing API timeout"},
        "usage": {"inputTokens": 1840, "outputTokens": 312}, "costUsd": 0.0191,
        "toolCalls": [
          {"name": "crm.customer", "startedAt": "2026-10-14T09:30:00.200Z", "endedAt": "2026-10-14T09:30:00.450Z", "status": "ok"},
          {"name": "ticketing.create", "startedAt": "2026-10-14T09:30:01.000Z", "endedAt": "2026-10-14T09:30:04.000Z",
           "status": "timeout", "input": {"priority": "high"}}
        ]
      }]}'
# {"accepted":1,"duplicates":0,"rejected":[]}`;

export const ANSWER_EXAMPLE = `{
  "accepted": 2,
  "duplicates": 1,
  "rejected": [
    { "index": 3, "id": "run-42", "errors": [{ "path": "toolCalls.0.status", "message": "Invalid option: expected one of \\"ok\\"|\\"error\\"|\\"timeout\\"|\\"blocked\\"" }] }
  ]
}`;

export const TS_SENDER = `type IngestResult = {
  accepted: number;
  duplicates: number;
  rejected: { index: number; id: string | null; errors: { path: string; message: string }[] }[];
};

export async function sendRuns(baseUrl: string, apiKey: string, runs: object[], maxAttempts = 6): Promise<IngestResult> {
  const total: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  for (let start = 0; start < runs.length; start += 500) {
    const body = JSON.stringify({ runs: runs.slice(start, start + 500) });
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(\`\${baseUrl}/api/v1/runs\`, {
        method: "POST",
        headers: { Authorization: \`Bearer \${apiKey}\`, "Content-Type": "application/json" },
        body,
      }).catch(() => null); // network error: retry
      if (res?.ok) {
        const r = (await res.json()) as IngestResult;
        total.accepted += r.accepted;
        total.duplicates += r.duplicates;
        total.rejected.push(...r.rejected.map((x) => ({ ...x, index: x.index + start })));
        break;
      }
      const retryable = !res || res.status === 429 || res.status >= 500;
      if (!retryable || attempt === maxAttempts)
        throw new Error(\`Keel ingest failed: \${res ? \`\${res.status} \${await res.text()}\` : "network error"}\`);
      const waitSeconds = Number(res?.headers.get("Retry-After")) || 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
    }
  }
  return total;
}`;
