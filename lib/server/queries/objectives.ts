import "server-only";
// Objectives and their alerts (CONTRACT §8), read side. Every lookup names the project: another
// project's objective or alert is absent (404).
import type { Db, DbOrTx } from "../db/handle";
import type { Prisma } from "../generated/prisma/client";
import { notFound } from "../http/errors";
import {
  BURN_WINDOW_NAMES,
  objectiveTitle,
  type AlertDeliveryDto,
  type AlertDto,
  type BurnRates,
  type ObjectiveDto,
  type ObjectiveSpec,
  type ObjectiveWithStatus,
  type Sli,
} from "@/lib/shared/objectives";
import type { ALERT_EVENT_KINDS } from "@/lib/shared/api/objectives";
import type { ChannelType } from "@/lib/shared/channels";
import { deliveryLogSelect, toDeliveryItem } from "./channels";
import { getObjectiveStatuses } from "./objective-status";
import { kpiRuleSpecOf } from "./kpi-rules";
import { kpiRuleTitle } from "@/lib/shared/kpi-rules";

export const objectiveInclude = { approvedBy: { select: { email: true } } } as const;
type ObjectiveRow = Prisma.ObjectiveGetPayload<{ include: typeof objectiveInclude }>;

export function objectiveSpecOf(row: Pick<ObjectiveRow, "workflow" | "sli" | "tool" | "thresholdMs" | "target" | "periodDays">): ObjectiveSpec {
  return { workflow: row.workflow, sli: row.sli as Sli, tool: row.tool, thresholdMs: row.thresholdMs, target: row.target, periodDays: row.periodDays };
}

export function toObjectiveDto(row: ObjectiveRow): ObjectiveDto {
  return {
    id: row.id,
    ...objectiveSpecOf(row),
    autoIncident: row.autoIncident,
    status: row.status === "approved" ? "approved" : "draft",
    approvedBy: row.approvedBy?.email ?? null,
    approvedAt: row.approvedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listObjectives(db: DbOrTx, projectId: string, opts: { status?: "approved" } = {}): Promise<ObjectiveDto[]> {
  const rows = await db.prisma.objective.findMany({
    where: { projectId, ...(opts.status ? { status: opts.status } : {}) },
    include: objectiveInclude,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toObjectiveDto);
}

export async function getObjective(db: DbOrTx, projectId: string, id: string): Promise<ObjectiveDto> {
  const row = await db.prisma.objective.findUnique({ where: { projectId_id: { projectId, id } }, include: objectiveInclude });
  if (!row) throw notFound(`objective '${id}' not found`);
  return toObjectiveDto(row);
}

/** Objectives with their status at `now` (the objectives page; the overview asks for approved ones). */
export async function listObjectivesWithStatus(
  db: Db,
  projectId: string,
  now: Date,
  opts: { status?: "approved" } = {},
): Promise<ObjectiveWithStatus[]> {
  const objectives = await listObjectives(db, projectId, opts);
  const out: ObjectiveWithStatus[] = [];
  // One statement at a time: PGlite is one connection, and a pool of a few serves a page as well.
  const { statuses } = await getObjectiveStatuses(db, projectId, objectives, now);
  for (const o of objectives) out.push({ ...o, current: statuses.get(o.id)! });
  return out;
}

const alertInclude = {
  objective: true,
  kpiRule: true,
  acknowledgedBy: { select: { email: true } },
  events: { orderBy: { id: "asc" }, include: { actor: { select: { email: true } } } },
} as const satisfies Prisma.AlertInclude;
type AlertRow = Prisma.AlertGetPayload<{ include: typeof alertInclude }>;

function burnRatesOf(json: Prisma.JsonValue): BurnRates {
  const o = (json ?? {}) as Record<string, unknown>;
  return Object.fromEntries(BURN_WINDOW_NAMES.map((w) => [w, typeof o[w] === "number" ? o[w] : null])) as BurnRates;
}

function toAlertDto(row: AlertRow, deliveries: AlertDeliveryDto[]): AlertDto {
  return {
    id: row.id,
    objectiveId: row.objectiveId,
    kpiRuleId: row.kpiRuleId,
    title: row.kpiRule ? kpiRuleTitle({ ...kpiRuleSpecOf(row.kpiRule), name: row.kpiRule.name }) : row.objective ? objectiveTitle(objectiveSpecOf(row.objective)) : "",
    kpi: row.kpiRule ? { ...kpiRuleSpecOf(row.kpiRule), value: row.kpiValue } : null,
    level: row.level === "page" ? "page" : "ticket",
    status: row.status === "firing" ? "firing" : "resolved",
    firedAt: row.firedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    burnRates: burnRatesOf(row.burnRates),
    budgetRemaining: row.budgetRemaining,
    acknowledgedBy: row.acknowledgedBy?.email ?? null,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    silencedUntil: row.silencedUntil?.toISOString() ?? null,
    incidentNumber: row.incidentNumber,
    events: row.events.map((e) => ({
      kind: e.kind as (typeof ALERT_EVENT_KINDS)[number],
      at: e.at.toISOString(),
      actor: e.actor?.email ?? null,
      payload: (e.payload ?? null) as Record<string, unknown> | null,
    })),
    deliveries,
  };
}

/**
 * The delivery log of the given alerts, by alert id: one query for all of them (never one per
 * alert). The channel by name and type only: its URL, routing key and secret stay in the table.
 */
async function deliveriesOfAlerts(db: DbOrTx, projectId: string, alertIds: string[]): Promise<Map<string, AlertDeliveryDto[]>> {
  const byAlert = new Map<string, AlertDeliveryDto[]>(alertIds.map((id) => [id, []]));
  if (alertIds.length === 0) return byAlert;
  const rows = await db.prisma.notificationDelivery.findMany({
    where: { projectId, alertId: { in: alertIds } },
    // Not the payload (the body sent): the log shows how it went, not what it said.
    select: { ...deliveryLogSelect, channel: { select: { name: true, type: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  for (const r of rows) {
    const d = toDeliveryItem(r);
    byAlert.get(r.alertId!)?.push({
      id: d.id,
      channelId: d.channelId,
      channelName: r.channel.name,
      channelType: r.channel.type as ChannelType,
      type: d.type,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      lastAttemptAt: d.lastAttemptAt,
      deliveredAt: d.deliveredAt,
      createdAt: d.createdAt,
    });
  }
  return byAlert;
}

/** Firing alerts first (newest first), then those resolved in the last `recentDays`. */
export async function listAlerts(db: DbOrTx, projectId: string, opts: { objectiveId?: string; now?: Date; recentDays?: number } = {}): Promise<AlertDto[]> {
  const since = new Date((opts.now ?? new Date()).getTime() - (opts.recentDays ?? 7) * 86_400_000);
  const rows = await db.prisma.alert.findMany({
    where: {
      projectId,
      ...(opts.objectiveId ? { objectiveId: opts.objectiveId } : {}),
      OR: [{ status: "firing" }, { resolvedAt: { gte: since } }],
    },
    include: alertInclude,
    orderBy: [{ firedAt: "desc" }, { id: "asc" }],
    take: 200,
  });
  const deliveries = await deliveriesOfAlerts(db, projectId, rows.map((r) => r.id));
  return rows.map((r) => toAlertDto(r, deliveries.get(r.id) ?? [])).sort((a, b) => Number(b.status === "firing") - Number(a.status === "firing"));
}

export async function getAlert(db: DbOrTx, projectId: string, id: string): Promise<AlertDto> {
  const row = await db.prisma.alert.findUnique({ where: { projectId_id: { projectId, id } }, include: alertInclude });
  if (!row) throw notFound(`alert '${id}' not found`);
  const deliveries = await deliveriesOfAlerts(db, projectId, [id]);
  return toAlertDto(row, deliveries.get(id) ?? []);
}
