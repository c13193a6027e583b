import "server-only";
// Alerts of KPI threshold rules (issue 15), evaluated by evaluateAlerts (./alerts.ts): the values
// first, outside any transaction (kpiRuleValues: raw rows over each rule's window), then the alert
// moves inside its transaction, under its advisory lock and at its `now`, after the objectives: the same `alerts`
// rows and lifecycle as an objective's alert (firing → resolved, one firing alert per rule through
// the unique (projectId, firingKey) with firingKey `kpi:<rule id>`, the same flapping guard, silence,
// timeline events and notifications in the same transaction). A rule breaches when its KPI over
// [now - windowMinutes, now) is greater than its threshold; no traffic (a null value) never breaches.
import { randomUUID } from "node:crypto";
import type { Db, DbSqlTx } from "../db/handle";
import { getKpiRuleValue } from "../queries/kpi-rules";
import { addEvent, type AlertTransition } from "./alerts";
import { enqueueNotification } from "./notifications";
import { formatKpiRuleValue, kpiRuleBreached, kpiRuleTitle, windowLabel, type KpiRuleMetric, type KpiRuleSpec } from "@/lib/shared/kpi-rules";

interface RuleRow extends KpiRuleSpec {
  projectId: string;
  id: string;
  name: string | null;
  level: "ticket" | "page";
}
interface FiringRow {
  projectId: string;
  id: string;
  kpiRuleId: string;
  level: "ticket" | "page";
  clearSince: Date | null;
  silencedUntil: Date | null;
}

const RULE_COLUMNS = `"projectId", "id", "name", "workflow", "metric", "threshold", "windowMinutes", "level"`;

function summaryOf(r: RuleRow, kind: "firing" | "resolved", level: "ticket" | "page", value: number | null): string {
  const title = kpiRuleTitle(r);
  if (kind === "resolved") return `Resolved: ${title}`;
  return `${level === "page" ? "Page" : "Ticket"}: ${title} — ${formatKpiRuleValue(r.metric, value)} over the last ${windowLabel(r.windowMinutes)} (threshold ${formatKpiRuleValue(r.metric, r.threshold)})`;
}

type Change =
  | { kind: "fire"; level: "ticket" | "page"; value: number | null }
  | { kind: "escalate"; alertId: string; level: "page"; value: number | null }
  | { kind: "resolve"; alertId: string; level: "ticket" | "page"; value: number | null; reason: string };

/** The value at `now` of every approved KPI rule (or one project's), keyed `projectId/id`. One statement per rule. */
export async function kpiRuleValues(db: Db, now: Date, projectId?: string): Promise<Map<string, number | null>> {
  const rules = await db.sql.query<RuleRow>(
    `SELECT ${RULE_COLUMNS} FROM "kpi_rules" WHERE "status" = 'approved' ${projectId ? `AND "projectId" = $1` : ""} ORDER BY "projectId", "id"`,
    projectId ? [projectId] : [],
  );
  const out = new Map<string, number | null>();
  for (const raw of rules) {
    const r: RuleRow = { ...raw, threshold: Number(raw.threshold), metric: raw.metric as KpiRuleMetric };
    out.set(`${r.projectId}/${r.id}`, (await getKpiRuleValue(db, r.projectId, r, now)).value);
  }
  return out;
}

/**
 * One evaluation of every approved KPI rule (or one project's) at `now`, inside the caller's
 * transaction, on the values kpiRuleValues read just before (a rule approved in between waits for
 * the next evaluation).
 */
export async function evaluateKpiRules(
  tx: DbSqlTx,
  opts: { now: Date; calmMs: number; values: Map<string, number | null>; projectId?: string },
): Promise<AlertTransition[]> {
  const { now, calmMs } = opts;
  const scope = opts.projectId ? `AND "projectId" = $1` : "";
  const params = opts.projectId ? [opts.projectId] : [];
  const rules = await tx.sql.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM "kpi_rules" WHERE "status" = 'approved' ${scope} ORDER BY "projectId", "id"`, params);
  const firing = await tx.sql.query<FiringRow>(
    `SELECT "projectId", "id", "kpiRuleId", "level", "clearSince", "silencedUntil" FROM "alerts"
     WHERE "status" = 'firing' AND "kpiRuleId" IS NOT NULL ${scope}`,
    params,
  );
  const firingOf = new Map(firing.map((a) => [`${a.projectId}/${a.kpiRuleId}`, a]));
  const transitions: AlertTransition[] = [];
  const touch = (a: FiringRow, set = "") =>
    tx.sql.query(`UPDATE "alerts" SET ${set}"lastEvaluatedAt" = $3 WHERE "projectId" = $1 AND "id" = $2`, [a.projectId, a.id, now]);

  const apply = async (r: RuleRow, change: Change, silencedUntil: Date | null) => {
    const alertId = change.kind === "fire" ? randomUUID() : change.alertId;
    const kind = change.kind === "resolve" ? "resolved" : "firing";
    if (change.kind === "fire") {
      await tx.sql.query(
        `INSERT INTO "alerts" ("projectId", "id", "kpiRuleId", "firingKey", "level", "status", "firedAt", "lastEvaluatedAt", "burnRates", "kpiValue", "silencedUntil")
         VALUES ($1, $2, $3, $4, $5, 'firing', $6, $6, '{}'::jsonb, $7, $8)`,
        [r.projectId, alertId, r.id, `kpi:${r.id}`, change.level, now, change.value, silencedUntil],
      );
      await addEvent(tx, r.projectId, alertId, "fired", now, { level: change.level, value: change.value, threshold: r.threshold });
    } else if (change.kind === "escalate") {
      await tx.sql.query(
        `UPDATE "alerts" SET "level" = 'page', "clearSince" = NULL, "lastEvaluatedAt" = $3, "kpiValue" = $4 WHERE "projectId" = $1 AND "id" = $2`,
        [r.projectId, alertId, now, change.value],
      );
      await addEvent(tx, r.projectId, alertId, "escalated", now, { level: "page", value: change.value, threshold: r.threshold });
    } else {
      await tx.sql.query(
        `UPDATE "alerts" SET "status" = 'resolved', "firingKey" = NULL, "resolvedAt" = $3, "lastEvaluatedAt" = $3 WHERE "projectId" = $1 AND "id" = $2`,
        [r.projectId, alertId, now],
      );
      await addEvent(tx, r.projectId, alertId, "resolved", now, { reason: change.reason, value: change.value });
    }
    const t: AlertTransition = {
      kind,
      projectId: r.projectId,
      alertId,
      objectiveId: null,
      kpiRuleId: r.id,
      level: change.level,
      escalated: change.kind === "escalate",
      silenced: silencedUntil !== null && silencedUntil > now,
      at: now,
      summary: summaryOf(r, kind, change.level, change.value),
      status: null,
    };
    // As onAlertTransition does for objectives: the notification commits with the transition.
    if (!t.silenced)
      await enqueueNotification(tx, {
        projectId: r.projectId,
        type: kind === "firing" ? "alert.firing" : "alert.resolved",
        severity: change.level,
        dedupKey: `keel:alert:${alertId}`,
        summary: t.summary,
        alertId,
        now,
        data: {
          kpiRuleId: r.id,
          metric: r.metric,
          comparator: ">",
          threshold: r.threshold,
          windowMinutes: r.windowMinutes,
          value: change.value,
          workflow: r.workflow,
          ...(r.metric === "critical_policy_violations" ? { failureCategory: "policy_violation" } : {}),
          escalated: t.escalated,
        },
      });
    transitions.push(t);
  };

  for (const raw of rules) {
    const r: RuleRow = { ...raw, threshold: Number(raw.threshold), metric: raw.metric as KpiRuleMetric };
    const key = `${r.projectId}/${r.id}`;
    if (!opts.values.has(key)) continue;
    const value = opts.values.get(key)!;
    const alert = firingOf.get(`${r.projectId}/${r.id}`);
    firingOf.delete(`${r.projectId}/${r.id}`);
    if (kpiRuleBreached(value, r.threshold)) {
      if (!alert) {
        const [prev] = await tx.sql.query<{ until: Date | null }>(
          `SELECT max("silencedUntil") AS "until" FROM "alerts" WHERE "projectId" = $1 AND "kpiRuleId" = $2 AND "silencedUntil" > $3`,
          [r.projectId, r.id, now],
        );
        await apply(r, { kind: "fire", level: r.level, value }, prev?.until ?? null);
      } else if (r.level === "page" && alert.level === "ticket") {
        await apply(r, { kind: "escalate", alertId: alert.id, level: "page", value }, alert.silencedUntil);
      } else {
        if (alert.clearSince) await addEvent(tx, r.projectId, alert.id, "refired", now, { level: alert.level, value });
        await touch(alert, `"clearSince" = NULL, `);
      }
    } else if (alert) {
      if (!alert.clearSince) {
        await tx.sql.query(`UPDATE "alerts" SET "clearSince" = $3, "lastEvaluatedAt" = $3 WHERE "projectId" = $1 AND "id" = $2`, [r.projectId, alert.id, now]);
        await addEvent(tx, r.projectId, alert.id, "recovering", now, { value });
      } else if (now.getTime() - new Date(alert.clearSince).getTime() >= calmMs) {
        await apply(r, { kind: "resolve", alertId: alert.id, level: alert.level, value, reason: "recovered" }, alert.silencedUntil);
      } else {
        await touch(alert);
      }
    }
  }
  // Firing alerts whose rule is no longer approved (edited back to draft): nothing measures them now.
  for (const alert of firingOf.values()) {
    const [raw] = await tx.sql.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM "kpi_rules" WHERE "projectId" = $1 AND "id" = $2`, [alert.projectId, alert.kpiRuleId]);
    if (raw) {
      const r: RuleRow = { ...raw, threshold: Number(raw.threshold), metric: raw.metric as KpiRuleMetric };
      await apply(r, { kind: "resolve", alertId: alert.id, level: alert.level, value: null, reason: "rule back to draft" }, alert.silencedUntil);
    }
  }
  return transitions;
}
