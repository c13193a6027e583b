// Response schemas of /api/v1/otel/remap; lib/shared/otel-remap.ts takes its types from them.
import { z } from "zod";

/** `interrupted`: its process stopped midway; `failed`: an error (lastError). Both resume. */
export const REMAP_STATUSES = ["running", "done", "failed", "interrupted"] as const;

export const remapJobSchema = z.object({
  id: z.string(),
  projectId: z.string().nullable(),
  /** RFC 3339 (00:00 UTC of the chosen day), or null for every stored trace. */
  since: z.string().nullable(),
  status: z.enum(REMAP_STATUSES),
  totalTraces: z.number(),
  doneTraces: z.number(),
  runsWritten: z.number(),
  /** Traces whose id is a run sent through POST /api/v1/runs: left as sent. */
  runsKept: z.number(),
  /** Traces that made no run (root span missing, or the run would be invalid). */
  tracesWithoutRun: z.number(),
  lastError: z.string().nullable(),
  /** `user`, `cli` or `system`. */
  actorType: z.string(),
  /** The person's email, or the CLI command. */
  actorLabel: z.string().nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const remapJobsResponse = z.object({ jobs: z.array(remapJobSchema) });
export const remapStartedResponse = z.object({ job: remapJobSchema, resumed: z.boolean() });
