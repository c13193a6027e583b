// A remap of stored OpenTelemetry traces (`keel otel remap`, Settings → OpenTelemetry) as
// GET/POST /api/v1/otel/remap answer it; lib/server/otel/remap.ts makes it, lib/client reads it.

/** `interrupted`: its process stopped midway; `failed`: an error (lastError). Both resume. */
export type RemapStatus = "running" | "done" | "failed" | "interrupted";

export interface RemapJob {
  id: string;
  projectId: string | null;
  /** RFC 3339 (00:00 UTC of the chosen day), or null for every stored trace. */
  since: string | null;
  status: RemapStatus;
  totalTraces: number;
  doneTraces: number;
  runsWritten: number;
  /** Traces whose id is a run sent through POST /api/v1/runs: left as sent. */
  runsKept: number;
  /** Traces that made no run (root span missing, or the run would be invalid). */
  tracesWithoutRun: number;
  lastError: string | null;
  /** `user`, `cli` or `system`. */
  actorType: string;
  /** The person's email, or the CLI command. */
  actorLabel: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}
