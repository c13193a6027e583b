// The framework set-ups of interop/agents, by the id used in fixtures and tests.
export const FRAMEWORKS = [
  { id: "vercel", script: "vercel.mjs", variant: "plain" },
  { id: "vercel-legacy", script: "vercel.mjs", variant: "legacy" },
  { id: "vercel-openinference", script: "vercel.mjs", variant: "openinference" },
  { id: "langgraph-openinference", script: "langgraph-openinference.mjs" },
  { id: "openai-openinference", script: "openai-openinference.mjs" },
  { id: "openllmetry", script: "openllmetry.mjs" },
];
