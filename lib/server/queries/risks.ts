import "server-only";
// The risk register (issue 18, docs/governance.md), read side: the list (score order), one risk
// with its links, and the risks the weekly review lists.
import type { Db, DbOrTx } from "../db/handle";
import type { Prisma } from "../generated/prisma/client";
import { notFound } from "../http/errors";
import { dateValue } from "./fix-items";
import { listObjectivesWithStatus, objectiveSpecOf } from "./objectives";
import { objectiveTitle } from "@/lib/shared/objectives";
import { utcToday } from "@/lib/shared/fix-items";
import { isRiskOverdue, riskScore, type ReviewRisk, type Risk, type RiskCategory, type RiskLinkKind, type RiskListQuery, type RiskStatus } from "@/lib/shared/risks";

const riskInclude = { owner: { select: { email: true, name: true } }, links: true } as const;
type RiskRow = Prisma.RiskGetPayload<{ include: typeof riskInclude }>;

/** Labels of the link targets that still exist (a deleted objective, fix item or runbook drops out). */
async function linkLabels(db: DbOrTx, projectId: string, rows: RiskRow[]): Promise<Map<string, string>> {
  const ids = (kind: RiskLinkKind) => [...new Set(rows.flatMap((r) => r.links.filter((l) => l.kind === kind).map((l) => l.targetId)))];
  const out = new Map<string, string>();
  const objectiveIds = ids("objective");
  if (objectiveIds.length) {
    const objectives = await db.prisma.objective.findMany({ where: { projectId, id: { in: objectiveIds } } });
    for (const o of objectives) out.set(`objective:${o.id}`, objectiveTitle(objectiveSpecOf(o)));
  }
  const fixItemIds = ids("fix_item");
  if (fixItemIds.length) {
    const items = await db.prisma.fixItem.findMany({ where: { projectId, id: { in: fixItemIds } }, select: { id: true, reason: true } });
    for (const f of items) out.set(`fix_item:${f.id}`, f.reason);
  }
  const runbookIds = ids("runbook");
  if (runbookIds.length) {
    const runbooks = await db.prisma.runbook.findMany({ where: { projectId, id: { in: runbookIds } }, select: { id: true, title: true } });
    for (const r of runbooks) out.set(`runbook:${r.id}`, r.title);
  }
  return out;
}

function toRisk(row: RiskRow, labels: Map<string, string>, now: Date): Risk {
  const reviewDate = row.reviewDate.toISOString().slice(0, 10);
  const status = row.status as RiskStatus;
  return {
    id: row.id,
    title: row.title,
    category: row.category as RiskCategory,
    likelihood: row.likelihood,
    impact: row.impact,
    score: riskScore(row),
    owner: row.owner.email,
    ownerName: row.owner.name,
    mitigation: row.mitigation,
    status,
    reviewDate,
    overdue: isRiskOverdue({ reviewDate, status }, now),
    links: row.links
      .filter((l) => labels.has(`${l.kind}:${l.targetId}`))
      .map((l) => ({ kind: l.kind as RiskLinkKind, id: l.targetId, label: labels.get(`${l.kind}:${l.targetId}`)! }))
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label)),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Highest score first, then the earliest review date, then title. */
export async function listRisks(db: DbOrTx, projectId: string, filter: RiskListQuery = {}, now: Date = new Date()): Promise<Risk[]> {
  const where: Prisma.RiskWhereInput = { projectId };
  if (filter.status) where.status = filter.status;
  if (filter.owner) where.owner = { email: filter.owner };
  const rows = await db.prisma.risk.findMany({ where, include: riskInclude });
  const labels = await linkLabels(db, projectId, rows);
  return rows
    .map((r) => toRisk(r, labels, now))
    .filter((r) => filter.overdue === undefined || r.overdue === filter.overdue)
    .sort((a, b) => b.score - a.score || a.reviewDate.localeCompare(b.reviewDate) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

export async function getRisk(db: DbOrTx, projectId: string, id: string, now: Date = new Date()): Promise<Risk> {
  const row = await db.prisma.risk.findUnique({ where: { projectId_id: { projectId, id } }, include: riskInclude });
  if (!row) throw notFound(`risk '${id}' not found`);
  return toRisk(row, await linkLabels(db, projectId, [row]), now);
}

/** Open-review count for the overview card: not closed, review date before today (UTC). */
export async function countOverdueRisks(db: DbOrTx, projectId: string, now: Date = new Date()): Promise<number> {
  return db.prisma.risk.count({ where: { projectId, status: { not: "closed" }, reviewDate: { lt: dateValue(utcToday(now)) } } });
}

/**
 * The weekly review's risks (docs/governance.md): every risk not closed whose review date falls on
 * or before the last day (Sunday) of the reviewed week, or that links an objective whose current
 * health is at risk or breached. Score order.
 */
export async function listReviewRisks(db: Db, projectId: string, weekEnd: Date, now: Date = new Date()): Promise<ReviewRisk[]> {
  const lastDay = new Date(weekEnd.getTime() - 86_400_000).toISOString().slice(0, 10);
  const risks = (await listRisks(db, projectId, {}, now)).filter((r) => r.status !== "closed");
  const linksObjective = risks.some((r) => r.links.some((l) => l.kind === "objective"));
  const unhealthy = new Set<string>();
  if (linksObjective) {
    for (const o of await listObjectivesWithStatus(db, projectId, now)) {
      if (o.current.health === "at_risk" || o.current.health === "breached") unhealthy.add(o.id);
    }
  }
  const out: ReviewRisk[] = [];
  for (const r of risks) {
    const reasons: ReviewRisk["reasons"] = [];
    if (r.reviewDate <= lastDay) reasons.push("review_due");
    if (r.links.some((l) => l.kind === "objective" && unhealthy.has(l.id))) reasons.push("objective_at_risk");
    if (reasons.length) out.push({ id: r.id, title: r.title, score: r.score, owner: r.owner, status: r.status, reviewDate: r.reviewDate, overdue: r.overdue, reasons });
  }
  return out;
}
