// The value sets CONTRACT §2 pins, defined once (no dependencies, safe for any bundle). The
// modules that used to spell them out re-export these.
export const ENVIRONMENTS = ["production", "canary", "staging", "sandbox"] as const;
export const OUTCOMES = ["success", "failure", "escalated"] as const;
export const FAILURE_CATEGORIES = ["tool_error", "policy_violation", "context_failure", "model_failure"] as const;
export const TOOL_CALL_STATUSES = ["ok", "error", "timeout", "blocked"] as const;

export type Environment = (typeof ENVIRONMENTS)[number];
export type Outcome = (typeof OUTCOMES)[number];
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];
export type ToolCallStatus = (typeof TOOL_CALL_STATUSES)[number];
