// The weekly review's response (CONTRACT §6): KPI overview objects of the week and the week
// before (the same objects the overview API answers), per-workflow KPIs, the week's top failure
// types with last week's count and the open fix item, the slowest tools, and the newest release
// against the one before it.
import { z } from "zod";
import type { FixItemDto } from "./fix-items";
import type { FailureCategory, LatencyPercentiles, OverviewMetrics, WorkflowMetrics } from "./metrics";
import { parseIsoWeek } from "./iso-week";

export const reviewQuerySchema = z.strictObject({
  week: z
    .string()
    .refine((v) => parseIsoWeek(v) !== null, "must be an ISO week like 2026-W42 that exists")
    .optional(),
});

export interface ReviewFailure {
  category: FailureCategory;
  reason: string;
  count: number;
  previousCount: number;
  share: number | null;
  fixItem: FixItemDto | null;
}

export interface ReviewWorkflow {
  workflow: string;
  current: WorkflowMetrics | null;
  previous: WorkflowMetrics | null;
}

export interface ReviewTool {
  tool: string;
  calls: number;
  latencyMs: LatencyPercentiles;
  previousP95Ms: number | null;
  errorRate: number | null;
}

export interface ReviewRelease {
  release: string;
  previousRelease: string;
  current: OverviewMetrics;
  previous: OverviewMetrics;
}

export interface Review {
  week: string;
  previousWeek: string;
  from: string;
  to: string;
  kpis: { current: OverviewMetrics; previous: OverviewMetrics };
  workflows: ReviewWorkflow[];
  topFailures: ReviewFailure[];
  topToolsByP95: ReviewTool[];
  sinceRelease: ReviewRelease | null;
}
