import "server-only";
// KPI threshold rules (issue 15), write side: create (a draft), patch, approve — like objectives
// (services/objectives.ts). Only owners and admins reach these (the routes' `objectives:write`);
// every change writes one audit_logs row in the same transaction. Changing the metric, threshold,
// window or scope of an approved rule sends it back to draft; its name and level do not.
import type { Db } from "../db/handle";
import { transaction } from "../db/handle";
import { notFound } from "../http/errors";
import { kpiRuleInclude, kpiRuleSpecOf, toKpiRuleDto } from "../queries/kpi-rules";
import { recordAudit } from "./audit";
import {
  DEFAULT_WINDOW_MINUTES,
  KPI_RULE_SPEC_FIELDS,
  type KpiRuleCreate,
  type KpiRuleDto,
  type KpiRulePatch,
  type KpiRuleSpec,
} from "@/lib/shared/kpi-rules";

export async function createKpiRule(db: Db, projectId: string, actorUserId: string, input: KpiRuleCreate): Promise<KpiRuleDto> {
  const spec: KpiRuleSpec = {
    workflow: input.workflow ?? null,
    metric: input.metric,
    // Only critical_policy_violations may leave it out (the schema): any violation fires.
    threshold: input.threshold ?? 0,
    windowMinutes: input.windowMinutes ?? DEFAULT_WINDOW_MINUTES,
  };
  const data = { ...spec, name: input.name ?? null, level: input.level ?? "ticket" };
  return transaction(db, async (tx) => {
    const row = await tx.prisma.kpiRule.create({ data: { projectId, ...data, status: "draft", createdById: actorUserId }, include: kpiRuleInclude });
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actorUserId },
      action: "kpi_rule.create",
      targetType: "kpi_rule",
      targetId: row.id,
      after: { ...data, status: "draft" },
    });
    return toKpiRuleDto(row);
  });
}

export async function updateKpiRule(db: Db, projectId: string, actorUserId: string, id: string, patch: KpiRulePatch): Promise<KpiRuleDto> {
  return transaction(db, async (tx) => {
    const current = await tx.prisma.kpiRule.findUnique({ where: { projectId_id: { projectId, id } }, include: kpiRuleInclude });
    if (!current) throw notFound(`KPI rule '${id}' not found`);
    const before = { ...kpiRuleSpecOf(current), name: current.name, level: current.level };
    const after = { ...before };
    for (const f of [...KPI_RULE_SPEC_FIELDS, "name", "level"] as const)
      if (patch[f] !== undefined) (after as Record<string, unknown>)[f] = patch[f];
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((f) => after[f] !== before[f]);
    if (changed.length === 0) return toKpiRuleDto(current);

    const backToDraft = current.status === "approved" && KPI_RULE_SPEC_FIELDS.some((f) => changed.includes(f));
    const row = await tx.prisma.kpiRule.update({
      where: { projectId_id: { projectId, id } },
      data: { ...after, ...(backToDraft ? { status: "draft", approvedById: null, approvedAt: null } : {}) },
      include: kpiRuleInclude,
    });
    const pick = (s: typeof after) => Object.fromEntries(changed.map((f) => [f, s[f]]));
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actorUserId },
      action: "kpi_rule.update",
      targetType: "kpi_rule",
      targetId: id,
      before: { ...pick(before), ...(backToDraft ? { status: "approved" } : {}) },
      after: { ...pick(after), ...(backToDraft ? { status: "draft" } : {}) },
    });
    return toKpiRuleDto(row);
  });
}

/** draft → approved, keeping who and when. Approving an approved rule changes nothing. */
export async function approveKpiRule(db: Db, projectId: string, actorUserId: string, id: string, now = new Date()): Promise<KpiRuleDto> {
  return transaction(db, async (tx) => {
    const current = await tx.prisma.kpiRule.findUnique({ where: { projectId_id: { projectId, id } }, include: kpiRuleInclude });
    if (!current) throw notFound(`KPI rule '${id}' not found`);
    if (current.status === "approved") return toKpiRuleDto(current);
    const row = await tx.prisma.kpiRule.update({
      where: { projectId_id: { projectId, id } },
      data: { status: "approved", approvedById: actorUserId, approvedAt: now },
      include: kpiRuleInclude,
    });
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actorUserId },
      action: "kpi_rule.approve",
      targetType: "kpi_rule",
      targetId: id,
      before: { status: "draft" },
      after: { status: "approved", approvedAt: now.toISOString() },
    });
    return toKpiRuleDto(row);
  });
}
