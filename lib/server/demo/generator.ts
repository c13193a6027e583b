import "server-only";
// The demo's month of agent traffic, deterministic for a seed and an end time: sessions arrive
// hour by hour with weekday and time-of-day seasonality and slow growth; each session holds one
// to four runs; a ticketing outage a few days ago; the v13 canary in the last days; order-status
// answers slowly getting worse over the last week (quality drift, docs/quality.md).
import {
  CANARY_RELEASE,
  DEMO_WORKFLOWS,
  STABLE_RELEASE,
  WORKFLOW_BY_NAME,
  type DemoWorkflow,
} from "./catalog";
import { Rng } from "./random";
import { buildRun, type DemoRun } from "./run-builder";

export * from "./catalog";
export { Rng } from "./random";
export { type DemoRun, type DemoToolCall } from "./run-builder";

export const DEMO_SEED = 20261125;

export interface DemoOptions {
  seed?: number;
  /** The end of the month of data (exclusive); default: the current time. */
  now?: Date;
  days?: number;
  /** About how many runs to make (the arrivals are random around it). */
  targetRuns?: number;
  /** The v13 canary runs for this many days before `now`… */
  canaryDays?: number;
  /** …taking this share of the sessions that start then. */
  canaryShare?: number;
}

export interface DemoTimeline {
  from: Date;
  now: Date;
  canaryFrom: Date;
  /** The ticketing outage behind the demo incident. */
  outage: { from: Date; to: Date };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 1 run: half the sessions; the rest are follow-ups of 2–4 runs (mean 1.85 runs a session). */
const RUNS_PER_SESSION = { "1": 50, "2": 25, "3": 15, "4": 10 } as const;
const MEAN_RUNS_PER_SESSION = 1.85;
/**
 * Critical policy violations are rare and each one matters: a fixed handful, all in v12
 * production, each on the first KYC or account run after its time.
 */
export const CRITICAL_VIOLATIONS_DAYS_AGO = [26.3, 19.1, 11.6, 6.2, 2.4] as const;
const CRITICAL_FAILURE_BY_WORKFLOW: Readonly<Record<string, "piiToVendor" | "unapprovedChange">> = {
  "kyc-check": "piiToVendor",
  "account-update": "unapprovedChange",
};

function resolved(opts: DemoOptions) {
  return {
    seed: opts.seed ?? DEMO_SEED,
    now: opts.now ?? new Date(),
    days: opts.days ?? 30,
    targetRuns: opts.targetRuns ?? 7000,
    canaryDays: opts.canaryDays ?? 4,
    canaryShare: opts.canaryShare ?? 0.25,
  };
}

export function demoTimeline(opts: DemoOptions = {}): DemoTimeline {
  const o = resolved(opts);
  const nowMs = o.now.getTime();
  // The outage: 13:00–16:00 UTC, five days ago; long enough to page someone (SEV2).
  const outageDay = Math.floor((nowMs - 5 * DAY) / DAY) * DAY;
  return {
    from: new Date(nowMs - o.days * DAY),
    now: new Date(nowMs),
    canaryFrom: new Date(nowMs - o.canaryDays * DAY),
    outage: { from: new Date(outageDay + 13 * HOUR), to: new Date(outageDay + 16 * HOUR) },
  };
}

/** Traffic by day of week (Sunday first): weekends are quiet. */
const WEEKDAY_FACTOR = [0.45, 1, 1.05, 1.05, 1, 0.9, 0.55];

/** Traffic by UTC hour: a floor at night and a European-plus-American business-day hump. */
function hourFactor(hour: number): number {
  return 0.25 + Math.exp(-(((hour - 15) / 4.5) ** 2));
}

function nextWorkflow(rng: Rng, previous: DemoWorkflow): DemoWorkflow {
  const r = rng.next();
  if (r < 0.7) return previous;
  if (r < 0.9 && previous.followUp) return WORKFLOW_BY_NAME.get(previous.followUp) ?? previous;
  return pickWorkflow(rng);
}

function pickWorkflow(rng: Rng): DemoWorkflow {
  const name = rng.weighted(Object.fromEntries(DEMO_WORKFLOWS.map((w) => [w.name, w.weight])));
  return WORKFLOW_BY_NAME.get(name) ?? DEMO_WORKFLOWS[0];
}

function sessionMetadata(rng: Rng): Record<string, string> {
  return {
    channel: rng.weighted({ chat: 6, email: 3, web: 2 }),
    customerTier: rng.weighted({ free: 5, pro: 3.5, enterprise: 1.5 }),
    locale: rng.weighted({ "en-US": 5, "en-GB": 2, "de-DE": 1.5, "fr-FR": 1, "es-ES": 1 }),
  };
}

/**
 * The demo's quality drift: order-status runs of the last 7 days score lower — the penalty ramps
 * from 0 to 0.16 over 3 days and stays — so its 7-day mean falls about 0.09 below its 28-day mean
 * (over the default margin of 0.05) while its outcomes, costs and every other number stay as they were.
 */
const QUALITY_DRIFT = { workflow: "order-status", days: 7, rampDays: 3, penalty: 0.16 } as const;

function qualityPenalty(workflow: string, atMs: number, nowMs: number): number {
  const since = atMs - (nowMs - QUALITY_DRIFT.days * DAY);
  if (workflow !== QUALITY_DRIFT.workflow || since < 0) return 0;
  return QUALITY_DRIFT.penalty * Math.min(1, since / (QUALITY_DRIFT.rampDays * DAY));
}

/** The runs, oldest first, every one ending before `now`. */
export function generateDemoRuns(opts: DemoOptions = {}): DemoRun[] {
  const o = resolved(opts);
  const timeline = demoTimeline(opts);
  const rng = new Rng(o.seed);
  const startMs = timeline.from.getTime();
  const nowMs = timeline.now.getTime();
  const hours = Math.ceil((nowMs - startMs) / HOUR);

  const weights: number[] = [];
  for (let h = 0; h < hours; h++) {
    const at = new Date(startMs + h * HOUR);
    const growth = 0.9 + 0.2 * (h / hours);
    weights.push(WEEKDAY_FACTOR[at.getUTCDay()] * hourFactor(at.getUTCHours()) * growth);
  }
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const sessions = o.targetRuns / MEAN_RUNS_PER_SESSION;

  const criticalAt = CRITICAL_VIOLATIONS_DAYS_AGO.map((d) => nowMs - d * DAY)
    .filter((t) => t >= startMs)
    .sort((a, b) => a - b);
  let nextCritical = 0;

  const runs: DemoRun[] = [];
  for (let h = 0; h < hours; h++) {
    const arrivals = rng.poisson((sessions * weights[h]) / totalWeight);
    for (let s = 0; s < arrivals; s++) {
      const sessionStart = startMs + h * HOUR + Math.floor(rng.next() * HOUR);
      const canary = sessionStart >= timeline.canaryFrom.getTime() && rng.chance(o.canaryShare);
      const sessionId = `sess_${rng.hex(14)}`;
      const metadata = sessionMetadata(rng);
      const count = Number(rng.weighted(RUNS_PER_SESSION));
      let workflow = pickWorkflow(rng);
      let at = sessionStart;
      for (let i = 0; i < count; i++) {
        if (i > 0) workflow = nextWorkflow(rng, workflow);
        const critical = CRITICAL_FAILURE_BY_WORKFLOW[workflow.name];
        const forceCritical = !canary && critical !== undefined && nextCritical < criticalAt.length && at >= criticalAt[nextCritical];
        if (forceCritical) nextCritical++;
        const run = buildRun(rng, {
          workflow,
          sessionId,
          startMs: at,
          release: canary ? CANARY_RELEASE : STABLE_RELEASE,
          environment: canary ? "canary" : "production",
          ticketingOutage: at >= timeline.outage.from.getTime() && at < timeline.outage.to.getTime(),
          ...(forceCritical ? { forcedFailure: critical } : {}),
          metadata,
          qualityPenalty: qualityPenalty(workflow.name, at, nowMs),
        });
        const endMs = Date.parse(run.endedAt);
        if (endMs >= nowMs) break;
        runs.push(run);
        // The customer reads, replies; the next run of the session starts a while later.
        at = endMs + Math.round(rng.lognormal(90_000, 0.8));
      }
    }
  }
  return runs.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : 1));
}

/** Failed runs grouped by (category, reason), most frequent first (CONTRACT §3 order). */
export function topFailureReasons(runs: readonly DemoRun[]) {
  const counts = new Map<string, { category: string; reason: string; count: number }>();
  for (const run of runs) {
    if (!run.failure) continue;
    const key = `${run.failure.category}\u0000${run.failure.reason}`;
    const entry = counts.get(key) ?? { category: run.failure.category, reason: run.failure.reason, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...counts.values()].sort(
    (a, b) => b.count - a.count || byCodePoint(a.reason, b.reason) || byCodePoint(a.category, b.category),
  );
}
