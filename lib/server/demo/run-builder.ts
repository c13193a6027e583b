import "server-only";
// One demo run: its outcome, its tool calls (timed one after another, with the failing call
// and its retries where the failure shows), its tokens and cost. Plain JSON in the exact
// ingest format of CONTRACT §2.
import {
  ESCALATION_MODES,
  FAILURE_MODES,
  PRICE_PER_INPUT_TOKEN,
  PRICE_PER_OUTPUT_TOKEN,
  TOOL_BY_NAME,
  type DemoTool,
  type DemoWorkflow,
  type EscalationKey,
  type FailureCategory,
  type FailureKey,
  type Symptom,
} from "./catalog";
import type { Rng } from "./random";

export type CallStatus = "ok" | "error" | "timeout" | "blocked";

export interface DemoToolCall {
  name: string;
  startedAt: string;
  endedAt: string;
  status: CallStatus;
  errorType?: string;
  retry?: boolean;
  costUsd?: number;
  input?: Record<string, string | number>;
}

export interface DemoRun {
  id: string;
  traceId: string;
  sessionId: string;
  workflow: string;
  environment: "production" | "canary";
  model: string;
  promptVersion: string;
  release: string;
  startedAt: string;
  endedAt: string;
  outcome: "success" | "failure" | "escalated";
  failure?: { category: FailureCategory; reason: string; critical?: boolean };
  escalation?: { reason: string; reviewCostUsd: number };
  usage: { inputTokens: number; outputTokens: number };
  costUsd: number;
  qualityScore?: number;
  toolCalls: DemoToolCall[];
  metadata: Record<string, string>;
}

export interface RunContext {
  workflow: DemoWorkflow;
  sessionId: string;
  startMs: number;
  release: { model: string; promptVersion: string; release: string };
  environment: "production" | "canary";
  /** The ticketing outage is on: its calls time out far more often. */
  ticketingOutage: boolean;
  /** This run fails this way, whatever the odds (the generator's scheduled critical violations). */
  forcedFailure?: FailureKey;
  metadata: Record<string, string>;
  /** Subtracted from the mean quality score (the demo's drifting workflow, docs/quality.md); 0 when absent. */
  qualityPenalty?: number;
}

/**
 * The v13 canary escalates 3.5 times as often as v12, so its gate fails whatever `now` the demo is
 * generated for: at 2.5 times, one `now` in a hundred drew a sample within the 5 pp margin (the
 * canary gate then passed; 600 values of `now` 17 minutes apart: smallest gap 2.8 pp, now 7.7 pp,
 * fifth percentile 13 pp). Failures are alike.
 */
const CANARY_ESCALATION_FACTOR = 3.5;
const OUTAGE_TICKETING_FAILURE_RATE = 0.55;
const MIN_RUN_COST_USD = 0.002;
const MAX_RUN_COST_USD = 0.2;

const iso = (ms: number) => new Date(ms).toISOString();
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function latencyMs(rng: Rng, tool: DemoTool): number {
  const body = rng.chance(tool.tailP) ? rng.between(tool.tailMs[0], tool.tailMs[1]) : rng.lognormal(tool.medianMs, tool.sigma);
  return Math.max(5, Math.min(Math.round(body), tool.timeoutMs - 1));
}

function toolInput(rng: Rng, name: string): Record<string, string | number> {
  const [system] = name.split(".");
  if (system === "kb") return { query: rng.pick(["refund policy", "shipping delays", "reset password", "invoice terms", "data retention"]) };
  if (system === "orders" || system === "shipping") return { orderId: `ORD-${rng.int(100000, 999999)}` };
  if (system === "payments") return { paymentId: `pay_${rng.hex(10)}`, amountUsd: rng.int(5, 400) };
  if (system === "billing") return { invoiceId: `INV-${rng.int(20000, 99999)}` };
  if (system === "ticketing") return { queue: rng.pick(["billing", "tech", "general"]), priority: rng.pick(["p2", "p3", "p3", "p4"]) };
  if (system === "docs") return { documentType: rng.pick(["passport", "driver_license", "utility_bill"]) };
  return { customerId: `cus_${rng.hex(8)}` };
}

function pickOutcome(rng: Rng, ctx: RunContext, plan: string[]) {
  const wf = ctx.workflow;
  if (ctx.forcedFailure) return { outcome: "failure" as const, failure: ctx.forcedFailure };
  const escalationRate = wf.escalationRate * (ctx.environment === "canary" ? CANARY_ESCALATION_FACTOR : 1);
  if (ctx.ticketingOutage && plan.includes("ticketing.create") && rng.chance(OUTAGE_TICKETING_FAILURE_RATE)) {
    return { outcome: "failure" as const, failure: "ticketingTimeout" as FailureKey };
  }
  const r = rng.next();
  if (r < wf.failureRate) return { outcome: "failure" as const, failure: rng.weighted(wf.failures) };
  if (r < wf.failureRate + escalationRate) return { outcome: "escalated" as const, escalation: rng.weighted(wf.escalations) };
  return { outcome: "success" as const };
}

/** The tools called, in order, given where the outcome shows (cut after the failing call). */
function shapePlan(rng: Rng, base: string[], symptom: Symptom | null, escalation?: EscalationKey): string[] {
  let plan = [...base];
  if (symptom?.kind === "call") {
    const at = plan.indexOf(symptom.tool);
    plan = at === -1 ? [...plan, symptom.tool] : plan.slice(0, at + 1);
  } else if (symptom?.kind === "loop") {
    const loops = rng.int(4, 7);
    for (let i = 0; i < loops; i++) plan.push(symptom.tool);
  } else if (escalation === "customerAsked") {
    plan = plan.slice(0, rng.int(0, Math.min(2, plan.length)));
  }
  return plan;
}

export function buildRun(rng: Rng, ctx: RunContext): DemoRun {
  const wf = ctx.workflow;
  const id = rng.uuid();
  const traceId = rng.hex(32);
  const basePlan = wf.plan.filter((step) => rng.chance(step.p)).map((step) => step.tool);
  const picked = pickOutcome(rng, ctx, basePlan);
  const failure = picked.failure ? FAILURE_MODES[picked.failure] : null;
  const escalation = picked.escalation ? ESCALATION_MODES[picked.escalation] : null;
  const symptom = failure?.symptom ?? escalation?.symptom ?? null;
  const plan = shapePlan(rng, basePlan, symptom, picked.escalation);

  const calls: DemoToolCall[] = [];
  let t = ctx.startMs + Math.round(rng.lognormal(900, 0.4));
  const emit = (tool: DemoTool, status: CallStatus, errorType: string | undefined, retry: boolean) => {
    const ms = status === "timeout" ? tool.timeoutMs + rng.int(0, 40) : latencyMs(rng, tool);
    calls.push({
      name: tool.name,
      startedAt: iso(t),
      endedAt: iso(t + ms),
      status,
      ...(errorType ? { errorType } : {}),
      ...(retry ? { retry: true } : {}),
      ...(tool.costUsd > 0 ? { costUsd: tool.costUsd } : {}),
      input: toolInput(rng, tool.name),
    });
    // Backoff before a retry is short; the model thinks longer before the next tool.
    t += ms + (status === "ok" ? Math.round(rng.lognormal(700, 0.45)) : rng.int(200, 1200));
  };

  plan.forEach((name, index) => {
    const tool = TOOL_BY_NAME.get(name);
    if (!tool) throw new Error(`demo catalog: unknown tool ${name}`);
    const isSymptom = symptom?.kind === "call" && index === plan.length - 1 && name === symptom.tool;
    if (isSymptom && symptom.kind === "call") {
      emit(tool, symptom.status, symptom.errorType, false);
      for (let i = 0; i < symptom.retries; i++) emit(tool, symptom.status, symptom.errorType, true);
      return;
    }
    const flakeP = tool.flakeP * (ctx.ticketingOutage && name.startsWith("ticketing.") ? 6 : 1);
    if (rng.chance(flakeP)) {
      emit(tool, tool.flakeErrorType === "timeout" ? "timeout" : "error", tool.flakeErrorType, false);
      emit(tool, "ok", undefined, true);
    } else emit(tool, "ok", undefined, false);
  });
  const endMs = t + Math.round(rng.lognormal(1500, 0.5));

  const canary = ctx.environment === "canary";
  let inputTokens = rng.int(wf.inputTokens[0], wf.inputTokens[1]) + calls.length * rng.int(300, 600);
  if (canary) inputTokens = Math.round(inputTokens * 1.12);
  if (symptom?.kind === "loop") inputTokens *= 3;
  const outputTokens = rng.int(wf.outputTokens[0], wf.outputTokens[1]) + calls.length * rng.int(20, 60);
  const toolCostUsd = calls.reduce((s, c) => s + (c.costUsd ?? 0), 0);
  const modelCostUsd = inputTokens * PRICE_PER_INPUT_TOKEN + outputTokens * PRICE_PER_OUTPUT_TOKEN;
  const costUsd = round(Math.min(MAX_RUN_COST_USD, Math.max(MIN_RUN_COST_USD, toolCostUsd + modelCostUsd)), 6);

  const run: DemoRun = {
    id,
    traceId,
    sessionId: ctx.sessionId,
    workflow: wf.name,
    environment: ctx.environment,
    model: ctx.release.model,
    promptVersion: ctx.release.promptVersion,
    release: ctx.release.release,
    startedAt: iso(ctx.startMs),
    endedAt: iso(endMs),
    outcome: picked.outcome,
    usage: { inputTokens, outputTokens },
    costUsd,
    toolCalls: calls,
    metadata: ctx.metadata,
  };
  if (failure) {
    run.failure = { category: failure.category, reason: failure.reason, ...("critical" in failure ? { critical: true } : {}) };
  }
  if (escalation) {
    run.escalation = { reason: escalation.reason, reviewCostUsd: round(rng.between(escalation.reviewCostUsd[0], escalation.reviewCostUsd[1]), 2) };
  }
  // Post-run scoring covers a sample of runs, as gold-set graders usually do.
  if (rng.chance(0.65)) {
    // The penalty moves the mean only: the same random draws, so no other number of the demo changes.
    const mean = (picked.outcome === "success" ? (canary ? 0.87 : 0.9) : picked.outcome === "escalated" ? 0.7 : 0.35) - (ctx.qualityPenalty ?? 0);
    run.qualityScore = round(Math.min(1, Math.max(0, mean + rng.normal() * 0.07)), 3);
  }
  return run;
}
