// Chart colours, shared so an outcome or a failure category has one colour on every page.
export const COLORS = {
  accent: "#274ce4",
  accentSoft: "#94b6fb",
  success: "#10b981",
  escalated: "#f59e0b",
  failure: "#f43f5e",
  muted: "#94a3b8",
  grid: "#eef2f7",
  axis: "#64748b",
} as const;

export const CATEGORY_COLORS: Record<string, string> = {
  tool_error: "#6366f1",
  policy_violation: "#e11d48",
  context_failure: "#f59e0b",
  model_failure: "#0ea5e9",
};
