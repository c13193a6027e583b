import "server-only";
// The metric queries: the only place metric SQL lives (STYLE.md). Each is a function of a
// filter {projectId, from, to, workflow?, environment?, release?}; the project is in every WHERE.
export { getOverview } from "./overview";
export { getWorkflowMetrics } from "./workflows";
export { getToolMetrics } from "./tools";
export { getTopFailureReasons } from "./failures";
export { getTimeseries, type TimeseriesRequest } from "./timeseries";
export { getReleaseMetrics } from "./releases";
export { getGuardrailMetrics } from "./guardrails";
export type { MetricsFilter } from "./filter";
