// The issue 14 dataset: N runs (≈ 5 tool calls each) spread over the last `days` days, in COPY
// text rows for Keel's own tables. Deterministic per chunk (seeded by the chunk's first run), so a
// chunk can be regenerated. Shape: 6 workflows, 8 tools with their own latency (log-normal),
// four releases rolled out one after another (the next one on canary for the last days of the
// previous), four environments, 85 % success / 10 % failure / 5 % escalated, sessions of ~3 runs.
import { prng } from "../../test/helpers/prng";

const WORKFLOWS = ["refund-request", "order-status", "password-reset", "invoice-dispute", "plan-upgrade", "address-change"];
/** name, median latency ms, error rate */
const TOOLS: [string, number, number][] = [
  ["kb.search", 120, 0.01],
  ["crm.customer", 180, 0.02],
  ["orders.get", 90, 0.01],
  ["ticketing.lookup", 250, 0.03],
  ["ticketing.create", 420, 0.06],
  ["payments.refund", 900, 0.04],
  ["email.send", 300, 0.02],
  ["policy.check", 60, 0.005],
];
const RELEASES = [
  ["gpt-4.1", "v11"],
  ["gpt-4.1", "v12"],
  ["claude-sonnet-4", "v7"],
  ["claude-sonnet-4", "v8"],
] as const;
const CATEGORIES = ["tool_error", "policy_violation", "context_failure", "model_failure"] as const;
const REASONS: Record<(typeof CATEGORIES)[number], string[]> = {
  tool_error: ["ticketing API timeout", "payments gateway 502"],
  policy_violation: ["refund over policy limit", "PII in reply"],
  context_failure: ["customer record missing", "order history truncated"],
  model_failure: ["hallucinated order id", "malformed tool arguments"],
};

export const RUN_COPY_COLUMNS = [
  "pk", "projectId", "id", "traceId", "sessionId", "workflow", "environment", "model", "promptVersion", "release",
  "startedAt", "endedAt", "durationMs", "outcome", "failureCategory", "failureReason", "failureCritical",
  "escalationReason", "reviewCostUsd", "inputTokens", "outputTokens", "costUsd", "qualityScore", "metadata",
  "toolCallCount", "receivedAt", "source",
];
export const TOOL_CALL_COPY_COLUMNS = [
  "runPk", "seq", "projectId", "runStartedAt", "name", "startedAt", "endedAt", "latencyMs", "status", "errorType",
  "retry", "costUsd", "input", "output",
];

export const copyStatement = (table: string, columns: string[], source: string) =>
  `COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM ${source}`;

/** The releases in rollout order: the newest is the gates' subject. */
export const RELEASE_NAMES = RELEASES.map(([m, v]) => `${m}@${v}`);
export const FILTER_WORKFLOW = WORKFLOWS[0];

const iso = (ms: number) => new Date(ms).toISOString();
const N = "\\N";

export interface Chunk {
  runs: string;
  toolCalls: string;
  runCount: number;
  toolCallCount: number;
}

/** Runs [first, first+count) of `total`, spread evenly over [endMs − days, endMs). */
export function generateChunk(opts: { projectId: string; first: number; count: number; total: number; endMs: number; days: number }): Chunk {
  const rand = prng(opts.first + 1);
  const span = opts.days * 86_400_000;
  const startMs = opts.endMs - span;
  const step = span / opts.total;
  const logNormal = (median: number, sigma: number) => {
    // Box–Muller
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return Math.max(1, Math.round(median * Math.exp(sigma * z)));
  };
  const runs: string[] = [];
  const calls: string[] = [];
  for (let i = opts.first; i < opts.first + opts.count; i++) {
    const started = Math.floor(startMs + i * step + rand() * step);
    // Release in force at this point (quarters of the window); the next one on canary in the last 10 %.
    const phase = ((started - startMs) / span) * RELEASES.length;
    const current = Math.min(RELEASES.length - 1, Math.floor(phase));
    const envRoll = rand();
    const onCanary = current < RELEASES.length - 1 && phase - current > 0.9 && envRoll < 0.1;
    const [model, promptVersion] = RELEASES[onCanary ? current + 1 : current];
    const environment = onCanary ? "canary" : envRoll < 0.88 ? "production" : envRoll < 0.96 ? "staging" : envRoll < 0.99 ? "canary" : "sandbox";
    const workflow = WORKFLOWS[Math.floor(rand() * WORKFLOWS.length)];
    const pk = i + 1;
    const callCount = 3 + Math.floor(rand() * 5);
    let t = started + logNormal(400, 0.5);
    let anyError = false;
    for (let seq = 0; seq < callCount; seq++) {
      const [name, median, errorRate] = TOOLS[Math.floor(rand() * TOOLS.length)];
      const roll = rand();
      const status = roll < errorRate ? "error" : roll < errorRate + 0.01 ? "timeout" : roll < errorRate + 0.015 ? "blocked" : "ok";
      const latency = status === "timeout" ? 10_000 : logNormal(median, 0.6);
      if (status !== "ok") anyError = true;
      calls.push(
        [
          pk, seq, opts.projectId, iso(started), name, iso(t), iso(t + latency), latency, status,
          status === "error" ? "upstream_5xx" : N, rand() < 0.05 ? "t" : "f", (Math.round(rand() * 2000) / 1e6).toString(),
          `{"q":"order ${Math.floor(rand() * 1e6)}","page":${seq}}`, status === "ok" ? `{"ok":true,"items":${Math.floor(rand() * 20)}}` : N,
        ].join("\t"),
      );
      t += latency + 20;
    }
    const ended = t + logNormal(900, 0.5);
    const roll = rand();
    const outcome = roll < (anyError ? 0.7 : 0.88) ? "success" : roll < (anyError ? 0.92 : 0.96) ? "failure" : "escalated";
    const category = outcome === "failure" ? (anyError ? "tool_error" : CATEGORIES[1 + Math.floor(rand() * 3)]) : null;
    runs.push(
      [
        pk, opts.projectId, `run-${pk}`, pk.toString(16).padStart(32, "0"), `s-${Math.floor(pk / 3)}`, workflow, environment,
        model, promptVersion, `${model}@${promptVersion}`, iso(started), iso(ended), ended - started, outcome,
        category ?? N, category ? REASONS[category][Math.floor(rand() * 2)] : N, category && rand() < 0.03 ? "t" : "f",
        outcome === "escalated" ? "high-impact action" : N, outcome === "escalated" ? "1.5" : N,
        500 + Math.floor(rand() * 3000), 100 + Math.floor(rand() * 800), (Math.round(rand() * 50_000) / 1e6).toString(),
        (Math.round(rand() * 100) / 100).toString(), `{"tier":"${rand() < 0.2 ? "enterprise" : "pro"}"}`, callCount, iso(ended + 50), "api",
      ].join("\t"),
    );
  }
  return { runs: runs.join("\n") + "\n", toolCalls: calls.join("\n") + "\n", runCount: runs.length, toolCallCount: calls.length };
}
