import "server-only";
// An incident opened from an alert (issue 15): pre-filled from the alert (title, severity, burn
// rates) and linked to it, with the alert's `incident` timeline event. One core for both ways it
// happens, in the caller's raw-SQL transaction:
//   - a person presses "Open incident" (openIncidentFromAlert, services/alerts.ts), and
//   - the alert evaluation, when an objective with `autoIncident` pages: in the evaluation's own
//     transaction, so the page, its notifications and its incident commit together (actor null:
//     Keel itself; audited as `system`).
// The evaluation's transaction is raw SQL (its advisory lock lives on its connection), so the
// incident is written here in SQL with the same rows as createIncident (services/incidents.ts):
// the incident, its `opened` event and an `incident.open` audit row. Once per alert: the alert row
// is locked and an alert that already has an incident gets none.
import { randomUUID } from "node:crypto";
import type { DbSqlTx } from "../db/handle";
import { recordAudit, type AuditActor } from "./audit";
import { BURN_WINDOW_NAMES, objectiveTitle, type BurnRates, type Sli } from "@/lib/shared/objectives";
import { formatKpiRuleValue, KPI_RULE_METRIC_KPI, kpiRuleTitle, windowLabel, type KpiRuleMetric } from "@/lib/shared/kpi-rules";
import type { Severity } from "@/lib/shared/incidents";

interface AlertForIncident {
  id: string;
  level: "ticket" | "page";
  firedAt: Date;
  burnRates: BurnRates;
  budgetRemaining: number | null;
  incidentNumber: number | null;
  title: string;
  /** A KPI rule's alert: what it measured (instead of burn rates). */
  kpi: { metric: KpiRuleMetric; threshold: number; windowMinutes: number; value: number | null } | null;
}

/** The incident's fields pre-filled from the alert. */
function incidentFields(a: AlertForIncident): { title: string; severity: Severity; description: string } {
  const b = a.burnRates;
  const fmt = (v: number | null) => (v === null ? "no traffic" : v.toFixed(2));
  return {
    title: `${a.level === "page" ? "Page" : "Ticket"}: ${a.title}`.slice(0, 200),
    severity: a.level === "page" ? "SEV1" : "SEV2",
    description: [
      `Opened from alert ${a.id} (fired ${a.firedAt.toISOString()}).`,
      a.kpi
        ? `${KPI_RULE_METRIC_KPI[a.kpi.metric].label} over the last ${windowLabel(a.kpi.windowMinutes)}: ${formatKpiRuleValue(a.kpi.metric, a.kpi.value)} (threshold > ${formatKpiRuleValue(a.kpi.metric, a.kpi.threshold)}).`
        : `Burn rates: 5m ${fmt(b["5m"])}, 30m ${fmt(b["30m"])}, 1h ${fmt(b["1h"])}, 6h ${fmt(b["6h"])}, 3d ${fmt(b["3d"])}.`,
      a.budgetRemaining === null ? "" : `Error budget remaining: ${(a.budgetRemaining * 100).toFixed(1)}%.`,
    ]
      .filter(Boolean)
      .join("\n"),
  };
}

/** The alert, locked for this transaction (two opens of one alert serialise), or null when absent. */
async function lockAlert(tx: DbSqlTx, projectId: string, alertId: string): Promise<AlertForIncident | null> {
  const [row] = await tx.sql.query<{
    id: string;
    level: string;
    firedAt: Date;
    burnRates: Record<string, unknown> | null;
    budgetRemaining: number | null;
    incidentNumber: number | null;
    kpiValue: number | null;
    workflow: string | null;
    sli: string | null;
    tool: string | null;
    thresholdMs: number | null;
    target: number | null;
    periodDays: number | null;
    ruleName: string | null;
    ruleWorkflow: string | null;
    metric: string | null;
    threshold: number | null;
    windowMinutes: number | null;
  }>(
    `SELECT a."id", a."level", a."firedAt", a."burnRates", a."budgetRemaining", a."incidentNumber", a."kpiValue",
            o."workflow", o."sli", o."tool", o."thresholdMs", o."target", o."periodDays",
            k."name" AS "ruleName", k."workflow" AS "ruleWorkflow", k."metric", k."threshold", k."windowMinutes"
       FROM "alerts" a
       LEFT JOIN "objectives" o ON o."projectId" = a."projectId" AND o."id" = a."objectiveId"
       LEFT JOIN "kpi_rules" k ON k."projectId" = a."projectId" AND k."id" = a."kpiRuleId"
      WHERE a."projectId" = $1 AND a."id" = $2 AND (o."id" IS NOT NULL OR k."id" IS NOT NULL)
      FOR UPDATE OF a`,
    [projectId, alertId],
  );
  if (!row) return null;
  const rates = row.burnRates ?? {};
  return {
    id: row.id,
    level: row.level === "page" ? "page" : "ticket",
    firedAt: new Date(row.firedAt),
    burnRates: Object.fromEntries(BURN_WINDOW_NAMES.map((w) => [w, typeof rates[w] === "number" ? rates[w] : null])) as BurnRates,
    budgetRemaining: row.budgetRemaining === null ? null : Number(row.budgetRemaining),
    incidentNumber: row.incidentNumber,
    ...(row.metric !== null
      ? (() => {
          const rule = { name: row.ruleName, workflow: row.ruleWorkflow, metric: row.metric as KpiRuleMetric, threshold: Number(row.threshold), windowMinutes: Number(row.windowMinutes) };
          return { title: kpiRuleTitle(rule), kpi: { ...rule, value: row.kpiValue === null ? null : Number(row.kpiValue) } };
        })()
      : {
          title: objectiveTitle({ ...row, sli: row.sli as Sli, target: Number(row.target), periodDays: Number(row.periodDays) }),
          kpi: null,
        }),
  };
}

/**
 * Opens the incident of an alert and links it, in the caller's transaction; answers its number,
 * or null when the alert is absent or already has an incident (nothing written). `userId` null:
 * Keel opened it (the evaluation). A concurrent incident taking the same number fails the
 * transaction on the unique (projectId, number): the caller retries (the button) or the next
 * evaluation round does.
 */
export async function openIncidentForAlert(tx: DbSqlTx, projectId: string, alertId: string, userId: string | null, now: Date): Promise<number | null> {
  const alert = await lockAlert(tx, projectId, alertId);
  if (!alert || alert.incidentNumber !== null) return null;
  const fields = incidentFields(alert);
  const incident = await insertIncidentSql(tx, {
    projectId,
    ...fields,
    userId,
    now,
    systemLabel: "alert evaluator",
    opened: { alertId },
  });
  await tx.sql.query(`UPDATE "alerts" SET "incidentNumber" = $3 WHERE "projectId" = $1 AND "id" = $2`, [projectId, alertId, incident.number]);
  await tx.sql.query(`INSERT INTO "alert_events" ("projectId", "alertId", "kind", "actorUserId", "payload", "at") VALUES ($1, $2, 'incident', $3, $4::jsonb, $5)`, [
    projectId,
    alertId,
    userId,
    JSON.stringify({ number: incident.number, ...(userId ? {} : { by: "keel" }) }),
    now,
  ]);
  return incident.number;
}

export interface IncidentSqlInput {
  projectId: string;
  title: string;
  severity: Severity;
  description: string;
  /** null: Keel opened it (audited as `system` with `systemLabel`). */
  userId: string | null;
  now: Date;
  systemLabel: string;
  /** Extra keys of the `opened` event and the audit row (what it was opened from). */
  opened: Record<string, unknown>;
  /** Runs to link (pk and the client's id), with a `runs_linked` event. */
  runs?: Array<{ pk: bigint | string; id: string }>;
}

/**
 * An incident written in SQL in the caller's transaction, with the rows createIncident
 * (services/incidents.ts) writes: the incident, its `opened` event, linked runs and their event,
 * and an `incident.open` audit row. For Keel's own incidents (alerts, rollback triggers), whose
 * transaction is raw SQL.
 */
export async function insertIncidentSql(tx: DbSqlTx, i: IncidentSqlInput): Promise<{ id: string; number: number }> {
  const [incident] = await tx.sql.query<{ id: string; number: number }>(
    `INSERT INTO "incidents" ("id", "projectId", "number", "title", "severity", "description", "createdById", "openedAt")
     SELECT $1, $2, COALESCE(max("number"), 0) + 1, $3, $4::"Severity", $5, $6, $7 FROM "incidents" WHERE "projectId" = $2
     RETURNING "id", "number"`,
    [randomUUID(), i.projectId, i.title, i.severity, i.description, i.userId, i.now],
  );
  const by = i.userId ? {} : { by: "keel" };
  const opened = { title: i.title, severity: i.severity, failureCategory: null, failureReason: null, ...i.opened, ...by };
  await tx.sql.query(`INSERT INTO "incident_events" ("incidentId", "kind", "actorUserId", "payload", "at") VALUES ($1, 'opened', $2, $3::jsonb, $4)`, [
    incident!.id,
    i.userId,
    JSON.stringify(opened),
    i.now,
  ]);
  const runs = i.runs ?? [];
  if (runs.length) {
    await tx.sql.query(
      `INSERT INTO "incident_runs" ("incidentId", "runPk", "projectId", "linkedAt") SELECT $1, pk, $2, $3 FROM unnest($4::bigint[]) AS pk ON CONFLICT DO NOTHING`,
      [incident!.id, i.projectId, i.now, runs.map((r) => String(r.pk))],
    );
    await tx.sql.query(`INSERT INTO "incident_events" ("incidentId", "kind", "actorUserId", "payload", "at") VALUES ($1, 'runs_linked', $2, $3::jsonb, $4)`, [
      incident!.id,
      i.userId,
      JSON.stringify({ runIds: runs.map((r) => r.id), ...by }),
      i.now,
    ]);
  }
  const actor: AuditActor = i.userId ? { type: "user", userId: i.userId } : { type: "system", label: i.systemLabel };
  await recordAudit(tx, {
    projectId: i.projectId,
    actor,
    action: "incident.open",
    targetType: "incident",
    targetId: incident!.id,
    after: { number: incident!.number, title: i.title, severity: i.severity, ownerEmail: null, runIds: runs.map((r) => r.id), ...(i.opened as Record<string, string>) },
    at: i.now,
  });
  return incident!;
}

/**
 * The evaluation's hook: after an alert fires at `page` or escalates to it, opens its incident when
 * its objective asks for one (`autoIncident`). Answers the number, or null.
 */
export async function autoIncidentOnPage(tx: DbSqlTx, projectId: string, objectiveId: string, alertId: string, now: Date): Promise<number | null> {
  const [o] = await tx.sql.query<{ autoIncident: boolean }>(`SELECT "autoIncident" FROM "objectives" WHERE "projectId" = $1 AND "id" = $2`, [projectId, objectiveId]);
  return o?.autoIncident ? openIncidentForAlert(tx, projectId, alertId, null, now) : null;
}
