import "server-only";
// What the demo's agents do: their workflows, the tools they call (with latency shapes and
// prices), how their failures and escalations show up in the tool calls, and the releases.
// Tuned so the dashboards tell a story: ticketing times out (and had an outage), identity
// verification is the slow tool, the v13 canary escalates more than v12 in production.

export const FAILURE_CATEGORIES = ["tool_error", "policy_violation", "context_failure", "model_failure"] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

export interface DemoTool {
  name: string;
  /** Latency body: lognormal around the median; then, rarely, a multi-second tail. */
  medianMs: number;
  sigma: number;
  tailP: number;
  tailMs: readonly [number, number];
  /** What the client gives up after (status `timeout`). */
  timeoutMs: number;
  costUsd: number;
  /** Chance that a call fails transiently and is retried successfully (retry=true). */
  flakeP: number;
  flakeErrorType: string;
}

export const DEMO_TOOLS: readonly DemoTool[] = [
  { name: "kb.search", medianMs: 180, sigma: 0.45, tailP: 0.006, tailMs: [1500, 4000], timeoutMs: 5000, costUsd: 0.0004, flakeP: 0.004, flakeErrorType: "upstream_503" },
  { name: "crm.lookup", medianMs: 230, sigma: 0.4, tailP: 0.01, tailMs: [2000, 6000], timeoutMs: 8000, costUsd: 0.0002, flakeP: 0.02, flakeErrorType: "rate_limited" },
  { name: "crm.update", medianMs: 380, sigma: 0.4, tailP: 0.008, tailMs: [2000, 5000], timeoutMs: 8000, costUsd: 0.0002, flakeP: 0.006, flakeErrorType: "conflict" },
  { name: "orders.get", medianMs: 140, sigma: 0.35, tailP: 0.004, tailMs: [1200, 3000], timeoutMs: 5000, costUsd: 0, flakeP: 0.003, flakeErrorType: "upstream_503" },
  { name: "shipping.track", medianMs: 420, sigma: 0.5, tailP: 0.015, tailMs: [2500, 6000], timeoutMs: 8000, costUsd: 0.0001, flakeP: 0.01, flakeErrorType: "upstream_502" },
  { name: "ticketing.create", medianMs: 650, sigma: 0.5, tailP: 0.02, tailMs: [3000, 9000], timeoutMs: 10000, costUsd: 0, flakeP: 0.015, flakeErrorType: "timeout" },
  { name: "ticketing.update", medianMs: 420, sigma: 0.45, tailP: 0.01, tailMs: [2500, 7000], timeoutMs: 10000, costUsd: 0, flakeP: 0.01, flakeErrorType: "timeout" },
  { name: "payments.lookup", medianMs: 260, sigma: 0.35, tailP: 0.005, tailMs: [1500, 4000], timeoutMs: 8000, costUsd: 0.0005, flakeP: 0.005, flakeErrorType: "upstream_502" },
  { name: "payments.refund", medianMs: 900, sigma: 0.4, tailP: 0.01, tailMs: [3000, 8000], timeoutMs: 15000, costUsd: 0.002, flakeP: 0.008, flakeErrorType: "upstream_502" },
  { name: "billing.invoice", medianMs: 310, sigma: 0.4, tailP: 0.006, tailMs: [1500, 4500], timeoutMs: 8000, costUsd: 0.0003, flakeP: 0.005, flakeErrorType: "upstream_503" },
  { name: "email.send", medianMs: 300, sigma: 0.3, tailP: 0.003, tailMs: [1000, 3000], timeoutMs: 5000, costUsd: 0.0001, flakeP: 0.003, flakeErrorType: "upstream_503" },
  // The slow one: a KYC vendor, seconds at the median and a heavy tail (p95 ≈ 7–9 s).
  { name: "identity.verify", medianMs: 2400, sigma: 0.5, tailP: 0.04, tailMs: [6000, 14000], timeoutMs: 20000, costUsd: 0.045, flakeP: 0.01, flakeErrorType: "timeout" },
  { name: "docs.ocr", medianMs: 1300, sigma: 0.5, tailP: 0.02, tailMs: [4000, 9000], timeoutMs: 15000, costUsd: 0.01, flakeP: 0.01, flakeErrorType: "upstream_503" },
];

export const TOOL_BY_NAME: ReadonlyMap<string, DemoTool> = new Map(DEMO_TOOLS.map((t) => [t.name, t]));

/** How an outcome shows in the tool calls: a failing (and retried) call, or nothing visible. */
export type Symptom =
  | { kind: "call"; tool: string; status: "error" | "timeout" | "blocked"; errorType: string; retries: number }
  | { kind: "silent" }
  /** The agent loops on a tool until a cap stops it (budget cap). */
  | { kind: "loop"; tool: string };

export interface FailureMode {
  category: FailureCategory;
  reason: string;
  critical?: boolean;
  symptom: Symptom;
}

const call = (tool: string, status: "error" | "timeout" | "blocked", errorType: string, retries = 0): Symptom => ({
  kind: "call",
  tool,
  status,
  errorType,
  retries,
});
const SILENT: Symptom = { kind: "silent" };

export const FAILURE_MODES = {
  ticketingTimeout: { category: "tool_error", reason: "ticketing API timeout", symptom: call("ticketing.create", "timeout", "timeout", 1) },
  paymentsGateway: { category: "tool_error", reason: "payments gateway 502", symptom: call("payments.refund", "error", "upstream_502", 1) },
  crmRateLimited: { category: "tool_error", reason: "CRM rate limited", symptom: call("crm.lookup", "error", "rate_limited", 2) },
  identityTimeout: { category: "tool_error", reason: "identity vendor timeout", symptom: call("identity.verify", "timeout", "timeout", 1) },
  piiBlocked: { category: "policy_violation", reason: "PII in response blocked", symptom: call("email.send", "blocked", "pii_detected") },
  refundOverLimit: { category: "policy_violation", reason: "refund over limit", symptom: call("payments.refund", "blocked", "over_limit") },
  // Critical: nothing stopped it, the violation was found afterwards. Not drawn at random: the
  // generator places a handful at fixed times (CRITICAL_VIOLATIONS_DAYS_AGO).
  piiToVendor: { category: "policy_violation", reason: "PII sent to external tool", critical: true, symptom: SILENT },
  unapprovedChange: { category: "policy_violation", reason: "account changed without verification", critical: true, symptom: SILENT },
  missingOrder: { category: "context_failure", reason: "missing order context", symptom: call("orders.get", "error", "not_found") },
  staleAccount: { category: "context_failure", reason: "stale account data", symptom: SILENT },
  kbMiss: { category: "context_failure", reason: "KB article not found", symptom: SILENT },
  unreadableDoc: { category: "context_failure", reason: "document unreadable", symptom: call("docs.ocr", "error", "unreadable") },
  hallucinatedPolicy: { category: "model_failure", reason: "hallucinated policy", symptom: SILENT },
  invalidArgs: { category: "model_failure", reason: "invalid tool arguments", symptom: call("crm.lookup", "error", "invalid_parameters") },
  malformedOutput: { category: "model_failure", reason: "malformed JSON output", symptom: SILENT },
} as const satisfies Record<string, FailureMode>;
export type FailureKey = keyof typeof FAILURE_MODES;

export interface EscalationMode {
  reason: string;
  reviewCostUsd: readonly [number, number];
  symptom: Symptom;
}

export const ESCALATION_MODES = {
  highImpactRefund: { reason: "high-impact action", reviewCostUsd: [1.5, 4], symptom: call("payments.refund", "blocked", "requires_approval") },
  highImpactAccount: { reason: "high-impact action", reviewCostUsd: [1.5, 4], symptom: call("crm.update", "blocked", "requires_approval") },
  budgetCap: { reason: "budget cap exceeded", reviewCostUsd: [0.8, 2], symptom: { kind: "loop", tool: "kb.search" } },
  customerAsked: { reason: "customer asked for human", reviewCostUsd: [2, 6], symptom: SILENT },
  lowConfidence: { reason: "low confidence answer", reviewCostUsd: [1, 3], symptom: SILENT },
} as const satisfies Record<string, EscalationMode>;
export type EscalationKey = keyof typeof ESCALATION_MODES;

export interface DemoWorkflow {
  name: string;
  /** Share of sessions that start with this workflow. */
  weight: number;
  /** The tools it calls, in order, each with the chance it is called in a run. */
  plan: readonly { tool: string; p: number }[];
  failureRate: number;
  escalationRate: number;
  failures: Partial<Record<FailureKey, number>>;
  escalations: Partial<Record<EscalationKey, number>>;
  inputTokens: readonly [number, number];
  outputTokens: readonly [number, number];
  /** What a customer often asks next in the same session. */
  followUp?: string;
}

export const DEMO_WORKFLOWS: readonly DemoWorkflow[] = [
  {
    name: "ticket-triage",
    weight: 0.24,
    plan: [{ tool: "kb.search", p: 0.9 }, { tool: "crm.lookup", p: 0.7 }, { tool: "ticketing.create", p: 1 }, { tool: "ticketing.update", p: 0.3 }],
    failureRate: 0.075,
    escalationRate: 0.04,
    failures: { ticketingTimeout: 8, crmRateLimited: 1.5, kbMiss: 1, hallucinatedPolicy: 1, malformedOutput: 0.8, invalidArgs: 0.7 },
    escalations: { customerAsked: 3, lowConfidence: 1 },
    inputTokens: [2500, 7000],
    outputTokens: [150, 600],
  },
  {
    name: "refund-request",
    weight: 0.22,
    plan: [{ tool: "crm.lookup", p: 1 }, { tool: "orders.get", p: 1 }, { tool: "payments.lookup", p: 0.8 }, { tool: "kb.search", p: 0.6 }, { tool: "payments.refund", p: 0.85 }, { tool: "email.send", p: 0.9 }],
    failureRate: 0.065,
    escalationRate: 0.1,
    failures: { refundOverLimit: 2.5, paymentsGateway: 1.5, missingOrder: 2, hallucinatedPolicy: 1.5, piiBlocked: 0.6, crmRateLimited: 0.5 },
    escalations: { highImpactRefund: 5, budgetCap: 1, customerAsked: 1.5, lowConfidence: 0.5 },
    inputTokens: [4000, 11000],
    outputTokens: [250, 900],
  },
  {
    name: "order-status",
    weight: 0.2,
    plan: [{ tool: "orders.get", p: 1 }, { tool: "shipping.track", p: 0.85 }, { tool: "email.send", p: 0.25 }],
    failureRate: 0.035,
    escalationRate: 0.025,
    failures: { missingOrder: 3, kbMiss: 0.5, malformedOutput: 0.8, hallucinatedPolicy: 0.5 },
    escalations: { customerAsked: 2, lowConfidence: 0.5 },
    inputTokens: [1200, 4000],
    outputTokens: [100, 400],
    followUp: "refund-request",
  },
  {
    name: "account-update",
    weight: 0.12,
    plan: [{ tool: "crm.lookup", p: 1 }, { tool: "identity.verify", p: 0.45 }, { tool: "crm.update", p: 0.95 }, { tool: "email.send", p: 0.7 }],
    failureRate: 0.05,
    escalationRate: 0.07,
    failures: { piiBlocked: 2.5, staleAccount: 2, invalidArgs: 1, crmRateLimited: 1 },
    escalations: { highImpactAccount: 3, customerAsked: 1, lowConfidence: 0.5 },
    inputTokens: [2000, 6000],
    outputTokens: [150, 500],
  },
  {
    name: "invoice-dispute",
    weight: 0.12,
    plan: [{ tool: "billing.invoice", p: 1 }, { tool: "payments.lookup", p: 0.9 }, { tool: "kb.search", p: 0.8 }, { tool: "ticketing.create", p: 0.5 }, { tool: "email.send", p: 0.6 }],
    failureRate: 0.07,
    escalationRate: 0.13,
    failures: { hallucinatedPolicy: 3, ticketingTimeout: 1.5, kbMiss: 1.5, staleAccount: 0.7, malformedOutput: 0.5 },
    escalations: { budgetCap: 2.5, customerAsked: 2, lowConfidence: 1.5 },
    inputTokens: [5000, 14000],
    outputTokens: [300, 1100],
  },
  {
    name: "kyc-check",
    weight: 0.1,
    plan: [{ tool: "docs.ocr", p: 1 }, { tool: "identity.verify", p: 1 }, { tool: "crm.update", p: 0.85 }],
    failureRate: 0.06,
    escalationRate: 0.09,
    failures: { identityTimeout: 2.5, unreadableDoc: 2.5, invalidArgs: 0.5, malformedOutput: 0.5 },
    escalations: { lowConfidence: 3, highImpactAccount: 1 },
    inputTokens: [3000, 8000],
    outputTokens: [200, 600],
  },
  {
    name: "shipping-change",
    weight: 0.06,
    plan: [{ tool: "orders.get", p: 1 }, { tool: "shipping.track", p: 0.6 }, { tool: "crm.update", p: 0.5 }, { tool: "email.send", p: 0.8 }],
    failureRate: 0.045,
    escalationRate: 0.05,
    failures: { missingOrder: 2, staleAccount: 1, invalidArgs: 1, piiBlocked: 0.5 },
    escalations: { customerAsked: 1.5, highImpactAccount: 0.5 },
    inputTokens: [1500, 5000],
    outputTokens: [120, 450],
  },
];

export const WORKFLOW_BY_NAME: ReadonlyMap<string, DemoWorkflow> = new Map(DEMO_WORKFLOWS.map((w) => [w.name, w]));

/** v12 runs in production all month; v13 runs as a canary for the last days. */
export const DEMO_MODEL = "gpt-4.1";
export const STABLE_RELEASE = { model: DEMO_MODEL, promptVersion: "v12", release: "gpt-4.1@v12" } as const;
export const CANARY_RELEASE = { model: DEMO_MODEL, promptVersion: "v13", release: "gpt-4.1@v13" } as const;

/** gpt-4.1 list prices, USD per token. */
export const PRICE_PER_INPUT_TOKEN = 2 / 1_000_000;
export const PRICE_PER_OUTPUT_TOKEN = 8 / 1_000_000;
