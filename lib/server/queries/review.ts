import "server-only";
// The weekly review (CONTRACT §6) is assembled from the metric queries the overview, workflows,
// tools and failures APIs use, so its numbers are theirs for the same week by construction.
import type { Database } from "../db";
import { getOverview } from "./metrics/overview";
import { getWorkflowMetrics } from "./metrics/workflows";
import { getToolMetrics } from "./metrics/tools";
import { getTopFailureReasons } from "./metrics/failures";
import { releasesSeen } from "./releases";
import { findActiveFixItems, fixItemKey } from "./fix-items";
import { listReviewRisks } from "./risks";
import { getReviewGuardrails } from "./review-guardrails";
import { formatIsoWeek, previousWeek, weekRange, type IsoWeek } from "@/lib/shared/iso-week";
import type { Review, ReviewRelease, ReviewTool, ReviewWorkflow } from "@/lib/shared/review";

const TOP_FAILURES = 10;
const TOP_TOOLS = 5;
// Last week's counts of this week's top reasons: a reason can rank far lower last week, so ask
// for every reason (a week has few distinct ones) rather than last week's top 10.
const ALL_REASONS = 100_000;

export async function getWeeklyReview(db: Database, projectId: string, week: IsoWeek): Promise<Review> {
  const cur = weekRange(week);
  const prevWeek = previousWeek(week);
  const prev = weekRange(prevWeek);
  const curFilter = { projectId, from: cur.from, to: cur.to };
  const prevFilter = { projectId, from: prev.from, to: prev.to };

  // Every part at once: the slowest (the since-release KPIs, each over its release's whole life)
  // sets the page's time, not their sum.
  const [current, previous, wfCur, wfPrev, toolsCur, toolsPrev, failCur, failPrev, sinceRelease, risks, guardrails] = await Promise.all([
    getOverview(db, curFilter),
    getOverview(db, prevFilter),
    getWorkflowMetrics(db, curFilter),
    getWorkflowMetrics(db, prevFilter),
    getToolMetrics(db, curFilter),
    getToolMetrics(db, prevFilter),
    getTopFailureReasons(db, curFilter, TOP_FAILURES),
    getTopFailureReasons(db, prevFilter, ALL_REASONS),
    getSinceRelease(db, projectId, cur.to),
    listReviewRisks(db, projectId, cur.to),
    getReviewGuardrails(db, projectId, cur, prev),
  ]);

  const prevCounts = new Map(failPrev.map((f) => [fixItemKey(f.category, f.reason), f.count]));
  const fixItems = await findActiveFixItems(db, projectId, failCur);
  const topFailures = failCur.map((f) => {
    const key = fixItemKey(f.category, f.reason);
    return { category: f.category, reason: f.reason, count: f.count, previousCount: prevCounts.get(key) ?? 0, share: f.share, fixItem: fixItems.get(key) ?? null };
  });

  // This week's workflows by runs, then those that only ran last week.
  const prevByName = new Map(wfPrev.map((w) => [w.workflow, w]));
  const workflows: ReviewWorkflow[] = wfCur.map((w) => ({ workflow: w.workflow, current: w, previous: prevByName.get(w.workflow) ?? null }));
  const seen = new Set(wfCur.map((w) => w.workflow));
  for (const w of wfPrev) if (!seen.has(w.workflow)) workflows.push({ workflow: w.workflow, current: null, previous: w });

  const prevP95 = new Map(toolsPrev.map((t) => [t.tool, t.latencyMs.p95]));
  const topToolsByP95: ReviewTool[] = toolsCur
    .filter((t) => t.latencyMs.p95 !== null)
    .sort((a, b) => b.latencyMs.p95! - a.latencyMs.p95! || (a.tool < b.tool ? -1 : 1))
    .slice(0, TOP_TOOLS)
    .map((t) => ({ tool: t.tool, calls: t.calls, latencyMs: t.latencyMs, previousP95Ms: prevP95.get(t.tool) ?? null, errorRate: t.errorRate }));

  return {
    week: cur.week,
    previousWeek: formatIsoWeek(prevWeek),
    from: cur.from.toISOString(),
    to: cur.to.toISOString(),
    kpis: { current, previous },
    workflows,
    topFailures,
    topToolsByP95,
    sinceRelease,
    risks,
    guardrails,
  };
}

/**
 * The newest release seen before the week's end against the release seen just before it: each
 * over its own runs from its first run up to the week's end. The page compares them by rates only
 * (lib/shared/review RELEASE_KPIS): a canary's few runs beside production's many are no worse for it.
 */
async function getSinceRelease(db: Database, projectId: string, to: Date): Promise<ReviewRelease | null> {
  const releases = await releasesSeen(db, projectId, to);
  const newest = releases[0];
  if (!newest || !newest.previousRelease) return null;
  const before = releases.find((r) => r.release === newest.previousRelease);
  if (!before) return null;
  // Windows from each release's first run: their sessions are counted from release_sessions (overview.ts).
  const [current, previous] = await Promise.all([
    getOverview(db, { projectId, from: new Date(newest.firstSeenAt), to, release: newest.release }),
    getOverview(db, { projectId, from: new Date(before.firstSeenAt), to, release: before.release }),
  ]);
  return {
    release: newest.release,
    previousRelease: before.release,
    current,
    previous,
    currentFrom: newest.firstSeenAt,
    previousFrom: before.firstSeenAt,
    to: to.toISOString(),
    environments: newest.environments,
    previousEnvironments: before.environments,
  };
}
