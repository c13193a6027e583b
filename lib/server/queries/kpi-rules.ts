import "server-only";
// KPI threshold rules (issue 15), read side: the rules of a project and each rule's value over the
// window [now - windowMinutes, now). The values are the KPIs of CONTRACT §3 exactly as the overview
// computes them from raw rows (queries/metrics/overview.ts overviewFromRaw): the same column
// fragments (queries/metrics/sql.ts), the same filter (workflow, incidents linked to its runs) and
// the same maths (lib/shared/metrics runRates, incidentRatePer1k). Raw rows, not the hourly
// rollups: a window may be 5 minutes and its edges are not whole hours.
import type { Db, DbOrSqlTx, DbOrTx } from "../db/handle";
import type { Prisma } from "../generated/prisma/client";
import { filterSql, incidentsWhere, runsWhere } from "./metrics/filter";
import { criticalPolicyViolationsColumn, runTotals, runTotalsColumns, type RunTotalsRow } from "./metrics/sql";
import { incidentRatePer1k, runRates } from "@/lib/shared/metrics";
import {
  kpiRuleBreached,
  kpiRuleTitle,
  type KpiRuleDto,
  type KpiRuleMetric,
  type KpiRuleSpec,
  type KpiRuleWithValue,
} from "@/lib/shared/kpi-rules";

export const kpiRuleInclude = { approvedBy: { select: { email: true } } } as const;
type KpiRuleRow = Prisma.KpiRuleGetPayload<{ include: typeof kpiRuleInclude }>;

export function kpiRuleSpecOf(row: Pick<KpiRuleRow, "workflow" | "metric" | "threshold" | "windowMinutes">): KpiRuleSpec {
  return { workflow: row.workflow, metric: row.metric as KpiRuleMetric, threshold: row.threshold, windowMinutes: row.windowMinutes };
}

export function toKpiRuleDto(row: KpiRuleRow): KpiRuleDto {
  const spec = kpiRuleSpecOf(row);
  return {
    id: row.id,
    name: row.name,
    ...spec,
    comparator: ">",
    level: row.level === "page" ? "page" : "ticket",
    status: row.status === "approved" ? "approved" : "draft",
    title: kpiRuleTitle({ ...spec, name: row.name }),
    approvedBy: row.approvedBy?.email ?? null,
    approvedAt: row.approvedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listKpiRules(db: DbOrTx, projectId: string): Promise<KpiRuleDto[]> {
  const rows = await db.prisma.kpiRule.findMany({ where: { projectId }, include: kpiRuleInclude, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toKpiRuleDto);
}

export interface KpiRuleValue {
  /** null when the window has no traffic (no runs; for incidents per 1k sessions, no sessions; for cost, no success). */
  value: number | null;
  from: Date;
  to: Date;
}

/** The rule's metric over [now - windowMinutes, now), one statement on the (projectId, startedAt) index. */
export async function getKpiRuleValue(db: DbOrSqlTx, projectId: string, rule: KpiRuleSpec, now: Date): Promise<KpiRuleValue> {
  const from = new Date(now.getTime() - rule.windowMinutes * 60_000);
  const s = filterSql({ projectId, from, to: now, ...(rule.workflow !== null ? { workflow: rule.workflow } : {}) });
  const [row] = await db.sql.query<RunTotalsRow & { sessions: number; criticalPolicyViolations: number; incidentsOpened: number }>(
    `SELECT
    ${runTotalsColumns("r")},
    count(DISTINCT r."sessionId")::int AS "sessions",
    ${criticalPolicyViolationsColumn("r")},
    (SELECT count(*)::int FROM "incidents" i WHERE ${incidentsWhere(s)}) AS "incidentsOpened"
  FROM "runs" r
  WHERE ${runsWhere(s)}`,
    s.params.values,
  );
  const t = runTotals(row);
  const value =
    rule.metric === "cost_per_success_usd"
      ? runRates(t).costPerSuccessUsd
      : rule.metric === "incident_rate_per_1k_sessions"
        ? incidentRatePer1k(row.incidentsOpened, row.sessions)
        : t.runs > 0
          ? row.criticalPolicyViolations
          : null;
  return { value, from, to: now };
}

/** The rules with their current value (the objectives page). One statement at a time (PGlite is one connection). */
export async function listKpiRulesWithValue(db: Db, projectId: string, now: Date): Promise<KpiRuleWithValue[]> {
  const out: KpiRuleWithValue[] = [];
  for (const r of await listKpiRules(db, projectId)) {
    const v = await getKpiRuleValue(db, projectId, r, now);
    out.push({ ...r, current: { value: v.value, breached: kpiRuleBreached(v.value, r.threshold), from: v.from.toISOString(), to: v.to.toISOString() } });
  }
  return out;
}
