import "server-only";
// The demo's records beyond runs: an incident on the ticketing outage, gold-set results for
// both releases, fix items for the top failure reasons with their change history. Written with
// back-dated timestamps (the services stamp "now"), in the shapes those services write: one
// FixItemChange per field at creation (old value null), one per changed field afterwards, and
// the matching audit_logs rows.
import type { Database } from "../db";
import { recordAudits, type AuditRecord } from "../services/audit";
import type { FailureCategory } from "./catalog";
import { CANARY_RELEASE, STABLE_RELEASE, topFailureReasons, type DemoRun, type DemoTimeline } from "./generator";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const DEMO_GOLD_SET = "support-gold-v3";

type People = Record<"admin" | "owner" | "sre" | "viewer" | "dana", { id: string; email: string }>;

/** SEV2 on the most frequent tool_error reason, linked to its runs of the outage, mitigated. */
export async function createDemoIncident(db: Database, projectId: string, runs: readonly DemoRun[], timeline: DemoTimeline, people: People) {
  const top = topFailureReasons(runs).find((r) => r.category === "tool_error");
  if (!top) return null;
  const matching = runs.filter((r) => r.failure?.category === "tool_error" && r.failure.reason === top.reason);
  const inOutage = matching.filter(
    (r) => r.startedAt >= timeline.outage.from.toISOString() && r.startedAt < timeline.outage.to.toISOString(),
  );
  // The outage's own runs; when the random draw put fewer than 3 in it, the ones nearest to it
  // (an incident with one or two linked runs tells no story, and the demo must not depend on the hour).
  const from = timeline.outage.from.getTime();
  const to = timeline.outage.to.getTime();
  const distance = (r: DemoRun) => {
    const t = Date.parse(r.startedAt);
    return t < from ? from - t : t >= to ? t - to : 0;
  };
  const nearest = [...matching].sort((a, b) => distance(a) - distance(b));
  const linked = (inOutage.length >= 3 ? inOutage : nearest)
    .slice(0, 6)
    .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  const openedAt = new Date((linked.length ? Date.parse(linked[0].startedAt) : timeline.outage.from.getTime()) + 20 * 60_000);
  const mitigatedAt = new Date(timeline.outage.to.getTime() + 10 * 60_000);
  const rows = await db.prisma.run.findMany({ where: { projectId, id: { in: linked.map((r) => r.id) } }, select: { pk: true } });

  const incident = await db.prisma.incident.create({
    data: {
      projectId,
      number: 1,
      title: "Ticketing API timing out: triage runs failing",
      severity: "SEV2",
      status: "mitigated",
      description:
        "ticketing.create calls hit the 10 s client timeout for most triage runs from 13:00 UTC; " +
        "retries made it worse. Mitigated by failing over to the secondary ticketing region. " +
        "Follow-up: circuit breaker and queued ticket creation (see fix items).",
      failureCategory: top.category as FailureCategory,
      failureReason: top.reason,
      ownerId: people.sre.id,
      createdById: people.sre.id,
      openedAt,
      mitigatedAt,
      runs: { create: rows.map((r) => ({ runPk: r.pk, projectId, linkedAt: openedAt })) },
    },
  });
  const sre = { type: "user", userId: people.sre.id } as const;
  await recordAudits(db.prisma, [
      {
        projectId,
        actor: sre,
        action: "incident.open",
        targetType: "incident",
        targetId: incident.id,
        after: { number: 1, title: incident.title, severity: "SEV2", ownerEmail: people.sre.email, runIds: linked.map((r) => r.id) },
        at: openedAt,
      },
      {
        projectId,
        actor: sre,
        action: "incident.update",
        targetType: "incident",
        targetId: incident.id,
        before: { status: "open" },
        after: { status: "mitigated" },
        at: mitigatedAt,
      },
  ]);
  return { number: incident.number, reason: top.reason, linkedRuns: rows.length };
}

/** Gold-set results: v12 passes (latest 0.91), the v13 canary is lower (0.87). */
export async function createDemoEvals(db: Database, projectId: string, timeline: DemoTimeline) {
  const now = timeline.now.getTime();
  const canaryFrom = timeline.canaryFrom.getTime();
  const results = [
    { release: STABLE_RELEASE.release, passed: 178, total: 200, ranAt: new Date(now - 24 * DAY) },
    { release: STABLE_RELEASE.release, passed: 182, total: 200, ranAt: new Date(now - 12 * DAY) },
    { release: CANARY_RELEASE.release, passed: 174, total: 200, ranAt: new Date(canaryFrom - DAY) },
  ];
  await db.prisma.evalResult.createMany({
    data: results.map((r) => ({ projectId, goldSet: DEMO_GOLD_SET, ...r, createdAt: r.ranAt })),
  });
  return results.length;
}

/**
 * Stage changes (release_events), as a pipeline posts them: v12 went sandbox → canary 10% →
 * expansion 50% → full in the month's first days; v13 went to sandbox the day before its canary,
 * took 25% of traffic from the canary's start (the generator's share), and was rolled back an hour
 * before `now`. Every release ENDS in full or rolled_back: a release left in canary or expansion
 * would be watched by the rollback loop, which would open incidents in the demo.
 */
export async function createDemoStageEvents(db: Database, projectId: string, timeline: DemoTimeline, people: People) {
  const from = timeline.from.getTime();
  const canaryFrom = timeline.canaryFrom.getTime();
  const now = timeline.now.getTime();
  const plan: { release: string; stage: "sandbox" | "canary" | "expansion" | "full" | "rolled_back"; trafficPercent: number | null; at: number }[] = [
    { release: STABLE_RELEASE.release, stage: "sandbox", trafficPercent: null, at: from + 2 * HOUR },
    { release: STABLE_RELEASE.release, stage: "canary", trafficPercent: 10, at: from + 8 * HOUR },
    { release: STABLE_RELEASE.release, stage: "expansion", trafficPercent: 50, at: from + DAY },
    { release: STABLE_RELEASE.release, stage: "full", trafficPercent: null, at: from + 2 * DAY },
    { release: CANARY_RELEASE.release, stage: "sandbox", trafficPercent: null, at: canaryFrom - DAY - 2 * HOUR },
    { release: CANARY_RELEASE.release, stage: "canary", trafficPercent: 25, at: canaryFrom },
    { release: CANARY_RELEASE.release, stage: "rolled_back", trafficPercent: null, at: now - HOUR },
  ];
  const rows = plan.map((e, i) => ({
    projectId,
    release: e.release,
    stage: e.stage,
    trafficPercent: e.trafficPercent,
    at: new Date(e.at),
    source: "keel",
    // The key a pipeline's retry would carry (Keel's body with an `id`): the demo's own.
    dedupKey: `keel:demo-stage-${i + 1}`,
    recordedBy: people.owner.email,
    createdAt: new Date(e.at),
  }));
  await db.prisma.releaseEvent.createMany({ data: rows });
  await recordAudits(
    db.prisma,
    rows.map((r) => ({
      projectId,
      actor: { type: "user", userId: people.owner.id } as const,
      action: "release.stage",
      targetType: "release",
      targetId: r.release,
      after: { stage: r.stage, trafficPercent: r.trafficPercent, at: r.at.toISOString(), source: r.source },
      at: r.at,
    })),
  );
  return rows.length;
}

interface FixPlan {
  owner: keyof People;
  createdDaysAgo: number;
  dueInDays: number;
  notes: string;
  /** Later edits: days ago, who, field → new value. */
  edits: { daysAgo: number; by: keyof People; field: "status" | "owner" | "dueDate"; value: string }[];
}

const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Fix items for the top four failure reasons: one in progress, one overdue (in progress, due
 * date already moved once), one freshly reassigned to dana@, one fixed.
 */
export async function createDemoFixItems(db: Database, projectId: string, runs: readonly DemoRun[], now: Date, people: People) {
  const today = Date.parse(dayText(now.getTime()));
  const plans: FixPlan[] = [
    {
      owner: "sre",
      createdDaysAgo: 4,
      dueInDays: 5,
      notes: "Circuit breaker around ticketing.create; queue tickets when the API is slow instead of retrying inline.",
      edits: [{ daysAgo: 3, by: "sre", field: "status", value: "in_progress" }],
    },
    {
      owner: "owner",
      createdDaysAgo: 16,
      dueInDays: -3,
      notes: "Pass the order id from the conversation into the agent context; ask for it when missing.",
      edits: [
        { daysAgo: 12, by: "owner", field: "status", value: "in_progress" },
        { daysAgo: 8, by: "owner", field: "dueDate", value: dayText(today - 3 * DAY) },
      ],
    },
    {
      owner: "owner",
      createdDaysAgo: 3,
      dueInDays: 11,
      notes: "Ground policy answers in kb.search results only; add the refund-policy cases to the gold set.",
      edits: [{ daysAgo: 1, by: "owner", field: "owner", value: people.dana.email }],
    },
    {
      owner: "dana",
      createdDaysAgo: 21,
      dueInDays: -6,
      notes: "Check the refund limit before calling payments.refund; escalate above it.",
      edits: [
        { daysAgo: 18, by: "dana", field: "status", value: "in_progress" },
        { daysAgo: 9, by: "dana", field: "status", value: "fixed" },
      ],
    },
  ];
  const reasons = topFailureReasons(runs).slice(0, plans.length);
  let created = 0;
  for (const [i, r] of reasons.entries()) {
    const plan = plans[i];
    const createdAt = new Date(now.getTime() - plan.createdDaysAgo * DAY);
    const creator = people.owner;
    // The original due date: the overdue item's was moved later by an edit.
    const dueEdit = plan.edits.find((e) => e.field === "dueDate");
    const originalDue = dueEdit ? dayText(today + (plan.dueInDays - 4) * DAY) : dayText(today + plan.dueInDays * DAY);
    const state = { owner: people[plan.owner].email, status: "open", dueDate: originalDue };
    const changes: { at: Date; actorId: string; field: string; oldValue: string | null; newValue: string }[] = [
      { field: "category", value: r.category },
      { field: "reason", value: r.reason },
      { field: "owner", value: state.owner },
      { field: "dueDate", value: state.dueDate },
      { field: "status", value: state.status },
      { field: "notes", value: plan.notes },
    ].map((c) => ({ at: createdAt, actorId: creator.id, field: c.field, oldValue: null, newValue: c.value }));
    const audits: Omit<AuditRecord, "projectId" | "targetType">[] = [
      {
        action: "fix_item.create",
        actor: { type: "user", userId: creator.id },
        at: createdAt,
        after: { category: r.category, reason: r.reason, ...state, notes: plan.notes },
      },
    ];
    let updatedAt = createdAt;
    for (const edit of plan.edits) {
      const at = new Date(now.getTime() - edit.daysAgo * DAY);
      const before = state[edit.field];
      state[edit.field] = edit.value;
      changes.push({ at, actorId: people[edit.by].id, field: edit.field, oldValue: before, newValue: edit.value });
      audits.push({ action: "fix_item.update", actor: { type: "user", userId: people[edit.by].id }, at, before: { [edit.field]: before }, after: { [edit.field]: edit.value } });
      updatedAt = at;
    }
    const ownerId = Object.values(people).find((p) => p.email === state.owner)?.id ?? people.owner.id;
    const item = await db.prisma.fixItem.create({
      data: {
        projectId,
        category: r.category as FailureCategory,
        reason: r.reason,
        ownerId,
        dueDate: new Date(`${state.dueDate}T00:00:00.000Z`),
        status: state.status as "open" | "in_progress" | "fixed",
        notes: plan.notes,
        createdById: creator.id,
        createdAt,
        updatedAt,
        changes: { create: changes },
      },
    });
    await recordAudits(db.prisma, audits.map((a) => ({ projectId, targetType: "fix_item", targetId: item.id, ...a })));
    created++;
  }
  return created;
}
