// Runs and evals for the gates and releases suites, stored through the real ingest path.
import { expect } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { insertEvalResult } from "@/lib/server/services/releases";

export const FROM = new Date("2026-11-01T00:00:00.000Z");
export const TO = new Date("2026-11-08T00:00:00.000Z");

export interface RunSpec {
  release: string;
  environment?: "production" | "canary" | "staging" | "sandbox";
  outcome?: "success" | "failure" | "escalated";
  durationMs?: number;
  costUsd?: number;
  critical?: boolean;
  /** Minutes after FROM (default 60). */
  at?: number;
  qualityScore?: number;
}

let seq = 0;

export async function addRuns(db: Database, projectId: string, specs: RunSpec[]): Promise<void> {
  const runs = specs.map((s) => {
    const [model, promptVersion] = s.release.split("@");
    const start = new Date(FROM.getTime() + (s.at ?? 60) * 60_000);
    const outcome = s.outcome ?? (s.critical ? "failure" : "success");
    return {
      id: `run-${++seq}-${Math.random().toString(36).slice(2, 8)}`,
      sessionId: `s-${seq}`,
      workflow: "refund-request",
      environment: s.environment ?? "production",
      model,
      promptVersion: promptVersion ?? "v1",
      release: s.release,
      startedAt: start.toISOString(),
      endedAt: new Date(start.getTime() + (s.durationMs ?? 1000)).toISOString(),
      outcome,
      ...(outcome === "failure"
        ? { failure: { category: s.critical ? "policy_violation" : "tool_error", reason: "r", critical: s.critical ?? false } }
        : {}),
      ...(outcome === "escalated" ? { escalation: { reason: "high-impact action" } } : {}),
      costUsd: s.costUsd ?? 0.1,
      ...(s.qualityScore !== undefined ? { qualityScore: s.qualityScore } : {}),
    };
  });
  const result = await ingestRuns(db, projectId, runs);
  expect(result.rejected).toEqual([]);
  expect(result.accepted).toBe(runs.length);
}

/** n runs of a release in one environment, the first `escalated` of them escalated. */
export function cohort(release: string, environment: RunSpec["environment"], n: number, escalated = 0): RunSpec[] {
  return Array.from({ length: n }, (_, i) => ({ release, environment, outcome: i < escalated ? "escalated" : "success" }));
}

export async function addEval(db: Database, projectId: string, release: string, passed: number, total: number, ranAt: string) {
  return insertEvalResult(db, projectId, { release, goldSet: "core", passed, total, ranAt: new Date(ranAt) });
}
