import "server-only";
// Runbooks (issue 18, docs/governance.md), read side: the list (no bodies), one runbook with its
// body, its versions, and the runbooks that apply to a run / failure type (lib/shared/runbooks.ts).
import type { DbOrTx } from "../db/handle";
import type { Prisma } from "../generated/prisma/client";
import { notFound } from "../http/errors";
import {
  runbookApplies,
  runbookFlags,
  runbookReviewDueDate,
  type Runbook,
  type RunbookListQuery,
  type RunbookSummary,
  type RunbookVersion,
} from "@/lib/shared/runbooks";

export const runbookInclude = { owner: { select: { id: true, email: true, name: true } } } as const;
type RunbookRow = Prisma.RunbookGetPayload<{ include: typeof runbookInclude }>;

/** The user ids of the project's members: an owner who is not one any more leaves the runbook flagged. */
export async function memberIds(db: DbOrTx, projectId: string): Promise<Set<string>> {
  const rows = await db.prisma.membership.findMany({ where: { projectId }, select: { userId: true } });
  return new Set(rows.map((r) => r.userId));
}

export function toRunbookSummary(row: RunbookRow, members: Set<string>, now: Date = new Date()): RunbookSummary {
  const ownerIsMember = row.owner !== null && members.has(row.owner.id);
  return {
    id: row.id,
    title: row.title,
    version: row.version,
    workflow: row.workflow,
    tool: row.tool,
    category: row.failureCategory,
    reason: row.failureReason,
    owner: row.owner?.email ?? null,
    ownerName: row.owner?.name ?? null,
    lastReviewedAt: row.lastReviewedAt.toISOString(),
    reviewDueDate: runbookReviewDueDate(row.lastReviewedAt),
    flags: runbookFlags({ ownerIsMember, lastReviewedAt: row.lastReviewedAt }, now),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Every runbook of the project (title order), or, when any filter is given, those that apply to
 * that context (each of the runbook's set attachments equals the given value).
 */
export async function listRunbooks(db: DbOrTx, projectId: string, filter: RunbookListQuery = {}, now: Date = new Date()): Promise<RunbookSummary[]> {
  const rows = await db.prisma.runbook.findMany({ where: { projectId }, include: runbookInclude, orderBy: [{ title: "asc" }, { id: "asc" }] });
  const filtered = Object.values(filter).some((v) => v !== undefined);
  const members = await memberIds(db, projectId);
  return rows
    .filter((r) => !filtered || runbookApplies({ workflow: r.workflow, tool: r.tool, category: r.failureCategory, reason: r.failureReason }, filter))
    .map((r) => toRunbookSummary(r, members, now));
}

export async function getRunbook(db: DbOrTx, projectId: string, id: string, now: Date = new Date()): Promise<Runbook> {
  const row = await db.prisma.runbook.findUnique({ where: { projectId_id: { projectId, id } }, include: runbookInclude });
  // Another project's runbook is as absent as an unknown one.
  if (!row) throw notFound(`runbook '${id}' not found`);
  return { ...toRunbookSummary(row, await memberIds(db, projectId), now), body: row.body };
}

/** Every version, newest first, with its author and time. */
export async function listRunbookVersions(db: DbOrTx, projectId: string, id: string): Promise<RunbookVersion[]> {
  const exists = await db.prisma.runbook.findUnique({ where: { projectId_id: { projectId, id } }, select: { id: true } });
  if (!exists) throw notFound(`runbook '${id}' not found`);
  const rows = await db.prisma.runbookVersion.findMany({
    where: { projectId, runbookId: id },
    include: { author: { select: { email: true } } },
    orderBy: { version: "desc" },
  });
  return rows.map((v) => ({ version: v.version, title: v.title, body: v.body, author: v.author?.email ?? null, createdAt: v.createdAt.toISOString() }));
}
