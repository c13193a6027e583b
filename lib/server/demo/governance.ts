import "server-only";
// The demo's governance records (issue 18, docs/governance.md): two runbooks (one for the top
// failure reason, one for the refund workflow) with a version history, three risks (one whose
// review is overdue) and the four ownership areas assigned to the demo people. Back-dated like the
// other demo records; nothing here changes a metric.
import type { Database } from "../db";
import type { FailureCategory } from "./catalog";
import { topFailureReasons, type DemoRun } from "./generator";

const DAY = 86_400_000;
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type People = Record<"admin" | "owner" | "sre" | "viewer" | "dana", { id: string; email: string }>;

const TOP_V1 = `## When it fires
Runs fail with this reason when the tool call times out and the agent gives up.

## Steps
1. Open the failing runs from the Failures page and check the tool's p95 on the Tools page.
2. Check the vendor's status page; if it is down, open an incident (SEV2 when over 5% of runs fail).
3. Retry once with the same idempotency key; never create a second ticket.`;

const TOP_V2 = `${TOP_V1}
4. If the tool stays slow for 30 minutes, switch the workflow to queue tickets and tell support.

## Escalation
Page the on-call SRE, then the vendor's support line.`;

const REFUND = `## Refund workflow
- Refunds above the limit always go to a person (escalation, not failure).
- A \`payments.refund\` error: check the payment provider's dashboard before retrying.
- Never retry a refund without its idempotency key.`;

export async function createDemoGovernance(db: Database, projectId: string, runs: readonly DemoRun[], now: Date, people: People) {
  const top = topFailureReasons(runs)[0];
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const runbooks = [
    {
      title: top ? `${top.reason}: what to do` : "Top failure: what to do",
      owner: people.sre.id,
      attach: top ? { failureCategory: top.category as FailureCategory, failureReason: top.reason } : {},
      versions: [
        { body: TOP_V1, by: people.sre.id, at: at(40) },
        { body: TOP_V2, by: people.owner.id, at: at(6) },
      ],
    },
    // Reviewed long ago: flagged "review overdue" in the demo.
    { title: "Refund workflow", owner: people.owner.id, attach: { workflow: "refund-request" }, versions: [{ body: REFUND, by: people.owner.id, at: at(120) }] },
  ];
  const ids: string[] = [];
  for (const rb of runbooks) {
    const last = rb.versions[rb.versions.length - 1]!;
    const row = await db.prisma.runbook.create({
      data: {
        projectId,
        title: rb.title,
        body: last.body,
        version: rb.versions.length,
        ownerId: rb.owner,
        ...rb.attach,
        lastReviewedAt: last.at,
        createdAt: rb.versions[0]!.at,
        updatedAt: last.at,
        versions: { create: rb.versions.map((v, i) => ({ version: i + 1, title: rb.title, body: v.body, authorId: v.by, createdAt: v.at })) },
      },
    });
    ids.push(row.id);
  }

  const today = Date.parse(`${dayText(now.getTime())}T00:00:00.000Z`);
  const risks = [
    { title: "Answer quality drifts after prompt releases", category: "quality_drift", likelihood: 3, impact: 4, owner: people.owner.id, status: "mitigating", review: 10, mitigation: "Gold set on every prompt release; canary analysis before expansion.", runbook: null },
    { title: "Ticketing vendor outages overload the on-call", category: "operational_overload", likelihood: 4, impact: 3, owner: people.sre.id, status: "open", review: -5, mitigation: "Queue tickets when the API is slow; runbook for the timeout.", runbook: ids[0]! },
    { title: "Model price change doubles cost per success", category: "cost_spike", likelihood: 2, impact: 4, owner: people.dana.id, status: "accepted", review: 30, mitigation: "Budget alerts on cost per success.", runbook: null },
  ];
  for (const r of risks) {
    await db.prisma.risk.create({
      data: {
        projectId,
        title: r.title,
        category: r.category,
        likelihood: r.likelihood,
        impact: r.impact,
        ownerId: r.owner,
        mitigation: r.mitigation,
        status: r.status,
        reviewDate: new Date(today + r.review * DAY),
        createdAt: at(30),
        updatedAt: at(30),
        ...(r.runbook ? { links: { create: [{ kind: "runbook", targetId: r.runbook }] } } : {}),
      },
    });
  }

  await db.prisma.ownershipArea.createMany({
    data: [
      { projectId, key: "release_gates", label: "Platform standards & release gates", userId: people.admin.id },
      { projectId, key: "policy_audit", label: "Policy controls & audit", userId: people.dana.id },
      { projectId, key: "acceptance_criteria", label: "Acceptance criteria", userId: people.owner.id },
      { projectId, key: "reliability", label: "Incident response & reliability budgets", userId: people.sre.id },
    ],
  });
  return { runbooks: ids.length, risks: risks.length };
}
