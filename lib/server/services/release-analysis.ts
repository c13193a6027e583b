import "server-only";
// A release's canary analysis (CONTRACT §9): gathers the two cohorts of the window, the latest
// gold-set result and the project's thresholds, and lets lib/shared/canary.ts decide. Read only;
// the API, the Flagger hook, the release page and the rollback triggers all answer from here.
import type { Db } from "../db/handle";
import { notFound } from "../http/errors";
import { getGateSettings, listEvalResults, releaseExists } from "../queries/releases";
import { getCanaryCohorts, getLiveKpis, getQualityByDay, latestStageEvent, listReleaseEvents, stageEventBefore } from "../queries/rollouts";
import { analyseCanary } from "@/lib/shared/canary";
import { DEFAULT_GATE_WINDOW_MS, resolveGateWindow } from "@/lib/shared/gates";
import type { ReleaseAnalysis } from "@/lib/shared/rollouts";

/**
 * The window when the caller gives none: `to` = now; `from` = the release's latest stage change
 * (each stage is judged on its own traffic), but at most 7 days back, like the gates. A release
 * whose latest change is a rollback is judged on the stage it rolled back: from the change before
 * the rollback to the rollback.
 */
export async function analysisWindow(
  db: Db,
  projectId: string,
  release: string,
  q: { from?: Date; to?: Date },
  now: Date,
): Promise<{ from: Date; to: Date; stage: ReleaseAnalysis["stage"] }> {
  const to = q.to ?? (q.from && q.from > now ? new Date(q.from.getTime() + DEFAULT_GATE_WINDOW_MS) : now);
  const stage = await latestStageEvent(db, projectId, release, to);
  if (q.from) return { from: q.from, to, stage };
  if (stage?.stage === "rolled_back" && q.to === undefined) {
    const before = await stageEventBefore(db, projectId, release, new Date(stage.at));
    if (before) {
      const end = Date.parse(stage.at);
      return { from: new Date(Math.max(Date.parse(before.at), end - DEFAULT_GATE_WINDOW_MS)), to: new Date(end), stage };
    }
  }
  const floor = to.getTime() - DEFAULT_GATE_WINDOW_MS;
  const since = stage ? Date.parse(stage.at) : floor;
  // A stage change at `to` itself leaves no traffic yet: the window is then empty, not inverted.
  return { from: new Date(Math.min(Math.max(since, floor), to.getTime())), to, stage };
}

export async function getReleaseAnalysis(
  db: Db,
  projectId: string,
  release: string,
  q: { from?: Date; to?: Date },
  now = new Date(),
): Promise<ReleaseAnalysis> {
  // Another project's release reads exactly like an unknown one.
  if (!(await releaseExists(db, projectId, release))) throw notFound(`release '${release}' not found`);
  const { from, to, stage } = await analysisWindow(db, projectId, release, q, now);
  const [gates, evals, cohorts] = await Promise.all([
    getGateSettings(db, projectId),
    listEvalResults(db, projectId, release, 1),
    getCanaryCohorts(db, projectId, release, from, to),
  ]);
  const settings = {
    margin: gates.canaryEscalationMargin,
    confidence: gates.canaryConfidence,
    latencyTolerance: gates.canaryLatencyTolerance,
    goldSetMinPassRate: gates.goldSetMinPassRate,
  };
  const latest = evals[0] ?? null;
  const analysis = analyseCanary(release, {
    settings,
    ...cohorts,
    latestEval: latest && { goldSet: latest.goldSet, passed: latest.passed, total: latest.total, ranAt: latest.ranAt },
  });
  return { ...analysis, window: { from: from.toISOString(), to: to.toISOString() }, settings, stage };
}

const DAY_MS = 86_400_000;

/** A release's stage changes, oldest first, each with the live KPIs of the 24 h before and after it. */
export async function getStageHistory(db: Db, projectId: string, release: string, now = new Date()) {
  if (!(await releaseExists(db, projectId, release))) throw notFound(`release '${release}' not found`);
  const events = await listReleaseEvents(db, projectId, { release, limit: 100 });
  const withImpact = await Promise.all(
    events.map(async (e) => {
      const at = new Date(e.at);
      const after = new Date(Math.min(at.getTime() + DAY_MS, Math.max(now.getTime(), at.getTime())));
      const [before, afterKpis] = await Promise.all([
        getLiveKpis(db, projectId, new Date(at.getTime() - DAY_MS), at),
        getLiveKpis(db, projectId, at, after),
      ]);
      return { ...e, impact: { before, after: afterKpis } };
    }),
  );
  return { release, events: withImpact };
}

/** Mean qualityScore per day of the window (default: the analysis window's default, 7 days at most). */
export async function getReleaseQuality(db: Db, projectId: string, release: string, q: { from?: Date; to?: Date }, now = new Date()) {
  if (!(await releaseExists(db, projectId, release))) throw notFound(`release '${release}' not found`);
  const { from, to } = resolveGateWindow(q, now);
  return { release, days: await getQualityByDay(db, projectId, release, from, to) };
}
