import "server-only";
// Gathers a release's numbers for the window and lets lib/shared/gates.ts decide.
import type { Database } from "../db";
import { notFound } from "../http/errors";
import { evaluateGates, resolveGateWindow, type CohortStats, type GateReport } from "@/lib/shared/gates";
import type { GateSettingsResponse } from "@/lib/shared/gate-settings";
import { getCohortStats, getGateSettings, listEvalResults, releaseExists } from "../queries/releases";

/** GET /api/v1/releases/{release}/gates: CONTRACT §6's shape plus what the release page shows. */
export interface ReleaseGatesResponse extends GateReport {
  window: { from: string; to: string };
  settings: GateSettingsResponse;
  /** The release's runs in the window (every environment). */
  releaseStats: CohortStats;
  /** Canary runs of the release vs production runs of the other releases, same window. */
  comparison: { canary: CohortStats; production: CohortStats };
}

export async function getReleaseGates(
  db: Database,
  projectId: string,
  release: string,
  window: { from?: Date; to?: Date },
  now = new Date(),
): Promise<ReleaseGatesResponse> {
  // Another project's release reads exactly like an unknown one.
  if (!(await releaseExists(db, projectId, release))) throw notFound(`release '${release}' not found`);
  const { from, to } = resolveGateWindow(window, now);
  const [settings, evals, stats, canary, production] = await Promise.all([
    getGateSettings(db, projectId),
    listEvalResults(db, projectId, release, 1),
    getCohortStats(db, projectId, { from, to, release }),
    getCohortStats(db, projectId, { from, to, release, environment: "canary" }),
    getCohortStats(db, projectId, { from, to, excludeRelease: release, environment: "production" }),
  ]);
  const latest = evals[0] ?? null;
  const report = evaluateGates(release, {
    settings,
    latestEval: latest && { passed: latest.passed, total: latest.total, goldSet: latest.goldSet, ranAt: latest.ranAt },
    release: { runs: stats.runs, criticalPolicyViolations: stats.criticalPolicyViolations, runP95Ms: stats.runP95Ms },
    canary,
    baseline: production,
  });
  const strip = ({ criticalPolicyViolations: _c, ...rest }: CohortStats & { criticalPolicyViolations: number }): CohortStats => rest;
  return {
    ...report,
    window: { from: from.toISOString(), to: to.toISOString() },
    settings,
    releaseStats: strip(stats),
    comparison: { canary: strip(canary), production: strip(production) },
  };
}
