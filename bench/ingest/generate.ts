// Synthetic runs for the ingest benchmark: realistic shape and size (about 5 tool calls each,
// small JSON inputs/outputs, some metadata), deterministic for a given seed.
import { prng } from "../../test/helpers/prng";

export interface BenchRun {
  [key: string]: unknown;
  id: string;
  toolCalls: Record<string, unknown>[];
}

const WORKFLOWS = ["refund-request", "order-status", "password-reset", "invoice-dispute", "plan-upgrade", "address-change"];
const TOOLS = ["ticketing.lookup", "ticketing.create", "crm.customer", "kb.search", "payments.refund", "email.send", "orders.get"];
const MODELS = [
  ["gpt-4.1", "v12"],
  ["gpt-4.1", "v13"],
  ["claude-sonnet-4", "v7"],
] as const;
const REASONS = ["ticketing API timeout", "refund over policy limit", "customer record missing", "hallucinated order id"];
const CATEGORIES = ["tool_error", "policy_violation", "context_failure", "model_failure"] as const;

export function generateRuns(count: number, opts: { prefix: string; seed?: number; startMs?: number }): BenchRun[] {
  const rand = prng(opts.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const startMs = opts.startMs ?? Date.UTC(2026, 9, 1);
  const runs: BenchRun[] = [];
  for (let i = 0; i < count; i++) {
    const started = startMs + i * 1_000 + Math.floor(rand() * 1_000);
    const [model, promptVersion] = pick(MODELS);
    const calls = 3 + Math.floor(rand() * 5); // 3–7, mean 5
    let t = started + 50;
    const toolCalls: Record<string, unknown>[] = [];
    for (let c = 0; c < calls; c++) {
      const latency = 20 + Math.floor(rand() * 800);
      const roll = rand();
      const status = roll < 0.9 ? "ok" : roll < 0.95 ? "error" : roll < 0.98 ? "timeout" : "blocked";
      toolCalls.push({
        name: pick(TOOLS),
        startedAt: new Date(t).toISOString(),
        endedAt: new Date(t + latency).toISOString(),
        status,
        ...(status === "error" ? { errorType: "invalid_parameters" } : {}),
        retry: rand() < 0.05,
        costUsd: Math.round(rand() * 1000) / 1e6,
        input: { query: `customer ${i} asks about order ${Math.floor(rand() * 1e6)}`, page: c },
        output: { ok: status === "ok", items: [Math.floor(rand() * 100), Math.floor(rand() * 100)] },
      });
      t += latency + 10;
    }
    const outcomeRoll = rand();
    const outcome = outcomeRoll < 0.85 ? "success" : outcomeRoll < 0.95 ? "failure" : "escalated";
    runs.push({
      id: `${opts.prefix}-${i}`,
      sessionId: `${opts.prefix}-s-${Math.floor(i / 3)}`,
      workflow: pick(WORKFLOWS),
      environment: rand() < 0.9 ? "production" : "canary",
      model,
      promptVersion,
      startedAt: new Date(started).toISOString(),
      endedAt: new Date(t + 100).toISOString(),
      outcome,
      ...(outcome === "failure"
        ? { failure: { category: pick(CATEGORIES), reason: pick(REASONS), critical: rand() < 0.02 } }
        : {}),
      ...(outcome === "escalated" ? { escalation: { reason: "high-impact action", reviewCostUsd: 1.5 } } : {}),
      usage: { inputTokens: 500 + Math.floor(rand() * 3000), outputTokens: 100 + Math.floor(rand() * 800) },
      costUsd: Math.round(rand() * 50_000) / 1e6,
      qualityScore: Math.round(rand() * 100) / 100,
      toolCalls,
      metadata: { customerTier: pick(["free", "pro", "enterprise"]), region: pick(["eu", "us"]) },
    });
  }
  return runs;
}
