import "server-only";
// Burn-rate alerts of approved objectives (CONTRACT §8, issue 15). One evaluation reads every
// approved objective's status and moves its alert: `firing` when the multi-window rule says ticket
// or page, `resolved` once the objective has stayed clear for the flapping guard's time. Edge-
// triggered: a transition happens once, whatever the number of evaluations or processes.
//   - Statuses and KPI rule values are read first (services/objective-hours.ts: the hourly cache;
//     services/kpi-alerts.ts kpiRuleValues), outside the transaction.
//   - One evaluator: the alert moves are one transaction that first takes a transaction-scoped
//     advisory lock (pg_try_advisory_xact_lock); a second process (or a second call) that does not
//     get it skips this round. On PGlite there is one server and one connection: calls serialise.
//   - One alert per (objective): the unique (projectId, firingKey) holds one firing alert per objective.
//   - Flapping guard: a firing alert whose level drops to none is "recovering" and resolves only
//     after KEEL_ALERT_RESOLVE_AFTER_MS (default 5 min) of continuous calm; burning again in between
//     keeps the same alert (no second notification).
import { randomUUID } from "node:crypto";
import type { Db, DbSqlTx } from "../db/handle";
import { sqlTransaction } from "../db/handle";
import { badRequest } from "../http/errors";
import { getAlert } from "../queries/objectives";
import { recordAudit } from "./audit";
import { evaluateRollbackTriggers } from "./rollback-triggers";
import { autoIncidentOnPage, openIncidentForAlert } from "./alert-incident";
import { objectiveTitle, type AlertDto, type AlertLevel, type ObjectiveSpec, type ObjectiveStatusDto } from "@/lib/shared/objectives";
import { enqueueNotification } from "./notifications";
import { approvedObjectiveStatuses } from "./objective-hours";
import { evaluateKpiRules, kpiRuleValues } from "./kpi-alerts";

/** Any 64-bit constant, the same in every Keel process: "the alert evaluator". */
const EVALUATOR_LOCK_KEY = 7_340_150_815_001;

export function resolveAfterMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.KEEL_ALERT_RESOLVE_AFTER_MS);
  return Number.isFinite(v) && v >= 0 && env.KEEL_ALERT_RESOLVE_AFTER_MS !== "" && env.KEEL_ALERT_RESOLVE_AFTER_MS !== undefined ? v : 5 * 60_000;
}

/** A firing or resolved edge of one alert: what a notification is sent for. */
export interface AlertTransition {
  kind: "firing" | "resolved";
  projectId: string;
  alertId: string;
  /** The objective's id, or null for a KPI rule's alert (then kpiRuleId: services/kpi-alerts.ts). */
  objectiveId: string | null;
  kpiRuleId?: string;
  /** The alert's level: ticket or page (for `resolved`, the level it had). */
  level: "ticket" | "page";
  /** true when a firing alert went from ticket to page (a second `firing` for the same alert). */
  escalated: boolean;
  /** Silenced alerts change state but should not notify. */
  silenced: boolean;
  at: Date;
  summary: string;
  /** The objective's status at the evaluation (null when it was resolved because it went back to draft). */
  status: ObjectiveStatusDto | null;
}

type Change =
  | { kind: "fire"; level: "ticket" | "page"; status: ObjectiveStatusDto }
  | { kind: "escalate"; alertId: string; level: "page"; status: ObjectiveStatusDto }
  | { kind: "resolve"; alertId: string; level: "ticket" | "page"; status: ObjectiveStatusDto | null; reason: string };

/**
 * Called once per alert transition, inside the evaluation's transaction (after the alert row and
 * its timeline event are written), and returns it. Unless the alert is silenced, it queues the
 * notification to the project's routed channels with this transaction's handle, so the delivery
 * rows commit with the transition: exactly one per transition, none when the evaluation rolls back
 * (a second evaluator that lost the lock changes nothing). Never the outer `db` here: on PGlite
 * (one connection) it would wait for this transaction.
 */
export async function onAlertTransition(tx: DbSqlTx, t: AlertTransition): Promise<AlertTransition> {
  if (t.silenced) return t;
  const [objective] = await tx.sql.query<{ workflow: string | null; tool: string | null; sli: string; target: number }>(
    `SELECT "workflow", "tool", "sli", "target" FROM "objectives" WHERE "projectId" = $1 AND "id" = $2`,
    [t.projectId, t.objectiveId],
  );
  await enqueueNotification(tx, {
    projectId: t.projectId,
    type: t.kind === "firing" ? "alert.firing" : "alert.resolved",
    severity: t.level,
    // One per alert: PagerDuty's trigger and resolve share it.
    dedupKey: `keel:alert:${t.alertId}`,
    summary: t.summary,
    alertId: t.alertId,
    now: t.at,
    data: {
      objectiveId: t.objectiveId,
      sli: objective?.sli ?? null,
      target: objective ? Number(objective.target) : null,
      workflow: objective?.workflow ?? null,
      tool: objective?.tool ?? null,
      escalated: t.escalated,
      burnRates: t.status?.burnRates ?? null,
      budgetRemaining: t.status?.budgetRemaining ?? null,
    },
  });
  return t;
}

interface ApprovedObjective extends ObjectiveSpec {
  projectId: string;
  id: string;
}
interface FiringAlert {
  projectId: string;
  id: string;
  objectiveId: string;
  level: "ticket" | "page";
  clearSince: Date | null;
  silencedUntil: Date | null;
}

const levelRank: Record<AlertLevel, number> = { none: 0, ticket: 1, page: 2 };

export async function addEvent(tx: DbSqlTx, projectId: string, alertId: string, kind: string, at: Date, payload: unknown, actorUserId: string | null = null) {
  await tx.sql.query(
    `INSERT INTO "alert_events" ("projectId", "alertId", "kind", "actorUserId", "payload", "at") VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
    [projectId, alertId, kind, actorUserId, payload === null ? null : JSON.stringify(payload), at],
  );
}

function summaryOf(o: ApprovedObjective, kind: "firing" | "resolved", level: "ticket" | "page", status: ObjectiveStatusDto | null): string {
  const title = objectiveTitle(o);
  if (kind === "resolved") return `Resolved: ${title}`;
  const b = status?.burnRates;
  const burn = b ? ` (burn 1h ${b["1h"]?.toFixed(1) ?? "–"}, 6h ${b["6h"]?.toFixed(1) ?? "–"})` : "";
  return `${level === "page" ? "Page" : "Ticket"}: ${title} is burning its error budget${burn}`;
}

export interface EvaluationResult {
  /** false when another evaluator held the lock: this call changed nothing. */
  evaluated: boolean;
  objectives: number;
  transitions: AlertTransition[];
}

/** One evaluation of every approved objective (or one project's) at `now`. */
export async function evaluateAlerts(db: Db, opts: { now?: Date; projectId?: string } = {}): Promise<EvaluationResult> {
  const now = opts.now ?? new Date();
  const calmMs = resolveAfterMs();
  // Statuses first, outside the transaction (reads, and the hourly cache's short writes); the
  // transaction below only moves alerts, so it holds the lock (and PGlite's one connection) briefly.
  const statuses = await approvedObjectiveStatuses(db, now, opts.projectId);
  const kpiValues = await kpiRuleValues(db, now, opts.projectId);
  return sqlTransaction(db, async (tx) => {
    const [lock] = await tx.sql.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock($1::bigint) AS "ok"`, [EVALUATOR_LOCK_KEY]);
    if (!lock?.ok) return { evaluated: false, objectives: 0, transitions: [] };
    const scope = opts.projectId ? `AND "projectId" = $1` : "";
    const params = opts.projectId ? [opts.projectId] : [];
    const objectives = await tx.sql.query<ApprovedObjective>(
      `SELECT "projectId", "id", "workflow", "sli", "tool", "thresholdMs", "target", "periodDays"
       FROM "objectives" WHERE "status" = 'approved' ${scope} ORDER BY "projectId", "id"`,
      params,
    );
    const firing = await tx.sql.query<FiringAlert>(
      `SELECT "projectId", "id", "objectiveId", "level", "clearSince", "silencedUntil" FROM "alerts" WHERE "status" = 'firing' AND "objectiveId" IS NOT NULL ${scope}`,
      params,
    );
    const firingOf = new Map(firing.map((a) => [`${a.projectId}/${a.objectiveId}`, a]));
    const transitions: AlertTransition[] = [];

    const apply = async (o: ApprovedObjective, change: Change, silencedUntil: Date | null) => {
      const alertId = change.kind === "fire" ? randomUUID() : change.alertId;
      const kind = change.kind === "resolve" ? "resolved" : "firing";
      if (change.kind === "fire") {
        await tx.sql.query(
          `INSERT INTO "alerts" ("projectId", "id", "objectiveId", "firingKey", "level", "status", "firedAt", "lastEvaluatedAt", "burnRates", "budgetRemaining", "silencedUntil")
           VALUES ($1, $2, $3, $3, $4, 'firing', $5, $5, $6::jsonb, $7, $8)`,
          [o.projectId, alertId, o.id, change.level, now, JSON.stringify(change.status.burnRates), change.status.budgetRemaining, silencedUntil],
        );
        await addEvent(tx, o.projectId, alertId, "fired", now, { level: change.level, burnRates: change.status.burnRates });
        if (change.level === "page") await autoIncidentOnPage(tx, o.projectId, o.id, alertId, now);
      } else if (change.kind === "escalate") {
        await tx.sql.query(
          `UPDATE "alerts" SET "level" = 'page', "clearSince" = NULL, "lastEvaluatedAt" = $3, "burnRates" = $4::jsonb, "budgetRemaining" = $5
           WHERE "projectId" = $1 AND "id" = $2`,
          [o.projectId, alertId, now, JSON.stringify(change.status.burnRates), change.status.budgetRemaining],
        );
        await addEvent(tx, o.projectId, alertId, "escalated", now, { level: "page", burnRates: change.status.burnRates });
        await autoIncidentOnPage(tx, o.projectId, o.id, alertId, now);
      } else {
        await tx.sql.query(
          `UPDATE "alerts" SET "status" = 'resolved', "firingKey" = NULL, "resolvedAt" = $3, "lastEvaluatedAt" = $3 WHERE "projectId" = $1 AND "id" = $2`,
          [o.projectId, alertId, now],
        );
        await addEvent(tx, o.projectId, alertId, "resolved", now, { reason: change.reason });
      }
      transitions.push(
        await onAlertTransition(tx, {
          kind,
          projectId: o.projectId,
          alertId,
          objectiveId: o.id,
          level: change.level,
          escalated: change.kind === "escalate",
          silenced: silencedUntil !== null && silencedUntil > now,
          at: now,
          summary: summaryOf(o, kind, change.level, change.status),
          status: change.status,
        }),
      );
    };

    for (const o of objectives) {
      const status = statuses.get(`${o.projectId}/${o.id}`);
      if (!status) continue; // approved since the statuses were read: the next evaluation takes it
      const alert = firingOf.get(`${o.projectId}/${o.id}`);
      firingOf.delete(`${o.projectId}/${o.id}`);
      if (status.alert !== "none") {
        if (!alert) {
          const [prev] = await tx.sql.query<{ until: Date | null }>(
            `SELECT max("silencedUntil") AS "until" FROM "alerts" WHERE "projectId" = $1 AND "objectiveId" = $2 AND "silencedUntil" > $3`,
            [o.projectId, o.id, now],
          );
          await apply(o, { kind: "fire", level: status.alert, status }, prev?.until ?? null);
        } else if (levelRank[status.alert] > levelRank[alert.level]) {
          await apply(o, { kind: "escalate", alertId: alert.id, level: "page", status }, alert.silencedUntil);
        } else {
          if (alert.clearSince) await addEvent(tx, o.projectId, alert.id, "refired", now, { level: status.alert, burnRates: status.burnRates });
          await tx.sql.query(`UPDATE "alerts" SET "clearSince" = NULL, "lastEvaluatedAt" = $3 WHERE "projectId" = $1 AND "id" = $2`, [
            o.projectId,
            alert.id,
            now,
          ]);
        }
      } else if (alert) {
        if (!alert.clearSince) {
          await tx.sql.query(`UPDATE "alerts" SET "clearSince" = $3, "lastEvaluatedAt" = $3 WHERE "projectId" = $1 AND "id" = $2`, [o.projectId, alert.id, now]);
          await addEvent(tx, o.projectId, alert.id, "recovering", now, { burnRates: status.burnRates });
        } else if (now.getTime() - new Date(alert.clearSince).getTime() >= calmMs) {
          await apply(o, { kind: "resolve", alertId: alert.id, level: alert.level, status, reason: "recovered" }, alert.silencedUntil);
        } else {
          await tx.sql.query(`UPDATE "alerts" SET "lastEvaluatedAt" = $3 WHERE "projectId" = $1 AND "id" = $2`, [o.projectId, alert.id, now]);
        }
      }
    }
    // Firing alerts whose objective is no longer approved (edited back to draft): nothing measures them now.
    for (const alert of firingOf.values()) {
      const [o] = await tx.sql.query<ApprovedObjective>(
        `SELECT "projectId", "id", "workflow", "sli", "tool", "thresholdMs", "target", "periodDays" FROM "objectives" WHERE "projectId" = $1 AND "id" = $2`,
        [alert.projectId, alert.objectiveId],
      );
      if (o) await apply(o, { kind: "resolve", alertId: alert.id, level: alert.level, status: null, reason: "objective back to draft" }, alert.silencedUntil);
    }
    transitions.push(...(await evaluateKpiRules(tx, { now, calmMs, values: kpiValues, ...(opts.projectId ? { projectId: opts.projectId } : {}) })));
    return { evaluated: true, objectives: objectives.length, transitions };
  });
}

// ---- People acting on an alert (SRE and up) -------------------------------------------------------

async function actOn(
  db: Db,
  projectId: string,
  userId: string,
  alertId: string,
  kind: "acknowledged" | "silenced",
  data: { acknowledgedById?: string; acknowledgedAt?: Date; silencedUntil?: Date },
  at: Date,
): Promise<AlertDto> {
  const before = await getAlert(db, projectId, alertId);
  await db.prisma.$transaction(async (p) => {
    await p.alert.update({ where: { projectId_id: { projectId, id: alertId } }, data });
    const payload = data.silencedUntil ? { until: data.silencedUntil.toISOString() } : {};
    await p.alertEvent.create({ data: { projectId, alertId, kind, actorUserId: userId, payload, at } });
    await recordAudit(p, {
      projectId,
      actor: { type: "user", userId },
      action: kind === "acknowledged" ? "alert.acknowledge" : "alert.silence",
      targetType: "alert",
      targetId: alertId,
      before: kind === "acknowledged" ? { acknowledgedAt: before.acknowledgedAt } : { silencedUntil: before.silencedUntil },
      after: kind === "acknowledged" ? { acknowledgedAt: at.toISOString() } : payload,
    });
  });
  return getAlert(db, projectId, alertId);
}

/** The on-call person takes the alert. Acknowledging twice keeps the first acknowledgement. */
export async function acknowledgeAlert(db: Db, projectId: string, userId: string, alertId: string, now = new Date()): Promise<AlertDto> {
  const alert = await getAlert(db, projectId, alertId);
  if (alert.acknowledgedAt) return alert;
  return actOn(db, projectId, userId, alertId, "acknowledged", { acknowledgedById: userId, acknowledgedAt: now }, now);
}

/** No notifications for this alert (and a new alert of its objective) until now + minutes. */
export async function silenceAlert(db: Db, projectId: string, userId: string, alertId: string, minutes: number, now = new Date()): Promise<AlertDto> {
  return actOn(db, projectId, userId, alertId, "silenced", { silencedUntil: new Date(now.getTime() + minutes * 60_000) }, now);
}

/**
 * Opens an incident pre-filled from the alert (title, severity, burn rates) and links it to the
 * alert, in one transaction (services/alert-incident.ts, the same core the evaluation uses for
 * objectives that open their incident by themselves).
 */
export async function openIncidentFromAlert(db: Db, projectId: string, userId: string, alertId: string, now = new Date()) {
  const alert = await getAlert(db, projectId, alertId);
  const already = (n: number) => badRequest(`alert already has incident #${n}`, [{ path: "id", message: "already has an incident" }]);
  if (alert.incidentNumber !== null) throw already(alert.incidentNumber);
  // Another incident opened at the same moment may take the number first (unique per project): again.
  for (let attempt = 0; ; attempt++) {
    try {
      const incidentNumber = await sqlTransaction(db, (tx) => openIncidentForAlert(tx, projectId, alertId, userId, now));
      if (incidentNumber === null) throw already((await getAlert(db, projectId, alertId)).incidentNumber ?? 0);
      return { alert: await getAlert(db, projectId, alertId), incidentNumber };
    } catch (err) {
      if (attempt < 5 && (err as { code?: unknown }).code === "23505") continue;
      throw err;
    }
  }
}

// ---- The loop inside the server -----------------------------------------------------------------

/** KEEL_ALERT_EVAL_INTERVAL_MS: default 60 s; 0 or "off" turns the loop off (tests, the CLI). */
export function evaluationIntervalMs(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.KEEL_ALERT_EVAL_INTERVAL_MS;
  if (raw === "off" || raw === "0") return null;
  const v = Number(raw);
  return raw && Number.isFinite(v) && v >= 1000 ? v : 60_000;
}

let timer: ReturnType<typeof setInterval> | null = null;

/** Starts the evaluation loop (once per process). A round still running when the next is due is not doubled. */
export function startAlertEvaluator(db: Db, env: NodeJS.ProcessEnv = process.env): void {
  const every = evaluationIntervalMs(env);
  if (every === null || timer) return;
  let running = false;
  timer = setInterval(() => {
    if (running) return;
    running = true;
    // Objectives and KPI rules, then the rollback triggers of releases in canary or expansion.
    evaluateAlerts(db)
      .then(() => evaluateRollbackTriggers(db))
      .catch((err: unknown) => console.error(`[keel] alert evaluation failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = false;
      });
  }, every);
  timer.unref?.();
}
