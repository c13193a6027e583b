import "server-only";
// The delivery worker (issue 15): at-least-once delivery of notification rows with exponential
// backoff and jitter, Retry-After honoured, and `failed` after the last attempt. Deliveries are
// rows, not timers: whatever was pending when a process stopped is due again for the next worker.
//
// Claiming: one UPDATE takes up to `batch` due rows (FOR UPDATE SKIP LOCKED, so two processes on
// one PostgreSQL never take the same row), counts the attempt and moves nextAttemptAt past the
// request's timeout (a lease): a worker that dies mid-request leaves the row due again once the
// lease ends, never lost, never sent twice at once. A newer delivery waits while an older one of
// the same channel and dedupKey is pending, so PagerDuty never gets `resolve` before `trigger`.
import type { Db } from "../db/handle";
import { deliverySettings } from "../env";
import { attempt, type AttemptOutcome, type OutgoingDelivery } from "../notifications/send";
import type { ChannelType, NotificationType } from "@/lib/shared/channels";

export interface DeliveryOptions {
  timeoutMs?: number;
  maxAttempts?: number;
  /** Rows claimed per run (default 20), sent concurrently. */
  batch?: number;
  /** Jitter source in [0, 1); tests pin it. */
  random?: () => number;
  /** Only this project's deliveries (tests; a test send), or only one delivery of it (a test send attempts its row at once). */
  only?: { projectId: string; id?: string };
}

export interface DeliveryRunResult {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

const BACKOFF_BASE_MS = 10_000;
const BACKOFF_CAP_MS = 30 * 60_000;
/** A receiver asking for more than a day is answered after a day. */
const RETRY_AFTER_CAP_MS = 24 * 60 * 60_000;
const LEASE_SLACK_MS = 30_000;

/** Delay before attempt n+1 after n failed ones: base·2^(n-1), capped, with "equal jitter" (½ fixed, ½ random). */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const full = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (full / 2) * random());
}

interface ClaimedRow {
  projectId: string;
  id: string;
  type: NotificationType;
  payload: Record<string, unknown>;
  attempts: number;
  channelType: ChannelType;
  url: string;
  secret: string | null;
  routingKey: string | null;
}

async function claim(db: Db, now: Date, leaseUntil: Date, batch: number, only?: DeliveryOptions["only"]): Promise<ClaimedRow[]> {
  const params: unknown[] = [now, leaseUntil, batch];
  let onlyClause = "";
  if (only) {
    params.push(only.projectId);
    onlyClause = `AND c."projectId" = $4`;
    if (only.id !== undefined) {
      params.push(only.id);
      onlyClause += ` AND c.id = $5`;
    }
  }
  return db.sql.query<ClaimedRow>(
    `UPDATE notification_deliveries d
        SET attempts = d.attempts + 1, "nextAttemptAt" = $2, "lastAttemptAt" = $1
       FROM (SELECT c."projectId", c.id
               FROM notification_deliveries c
              WHERE c.status = 'pending' AND c."nextAttemptAt" <= $1 ${onlyClause}
                AND NOT EXISTS (
                      SELECT 1 FROM notification_deliveries o
                       WHERE o."projectId" = c."projectId" AND o."channelId" = c."channelId"
                         AND o."dedupKey" = c."dedupKey" AND o.status = 'pending'
                         AND (o."createdAt", o.id) < (c."createdAt", c.id))
              ORDER BY c."nextAttemptAt", c.id
              LIMIT $3
              FOR UPDATE OF c SKIP LOCKED) picked,
            notification_channels ch
      WHERE d."projectId" = picked."projectId" AND d.id = picked.id
        AND ch."projectId" = d."projectId" AND ch.id = d."channelId"
  RETURNING d."projectId", d.id, d.type, d.payload, d.attempts,
            ch.type AS "channelType", ch.url, ch.secret, ch."routingKey"`,
    params,
  );
}

/** Records one attempt's outcome; only for the attempt this worker claimed (attempts matches). */
async function record(db: Db, row: ClaimedRow, outcome: AttemptOutcome, now: Date, opts: Required<Pick<DeliveryOptions, "maxAttempts" | "random">>) {
  let status: "delivered" | "pending" | "failed";
  let next: Date | null = null;
  let error: string | null;
  if (outcome.kind === "delivered") {
    status = "delivered";
    error = null;
  } else if (outcome.kind === "failed" || row.attempts >= opts.maxAttempts) {
    status = "failed";
    error = outcome.kind === "retry" ? `${outcome.error} (gave up after ${row.attempts} attempts)` : outcome.error;
  } else {
    status = "pending";
    error = outcome.error;
    const delay = outcome.retryAfterMs !== null ? Math.min(outcome.retryAfterMs, RETRY_AFTER_CAP_MS) : backoffMs(row.attempts, opts.random);
    next = new Date(now.getTime() + delay);
  }
  await db.sql.query(
    `UPDATE notification_deliveries
        SET status = $3::varchar, "lastStatusCode" = $4::int, "lastError" = $5::text,
            "deliveredAt" = CASE WHEN $3::varchar = 'delivered' THEN $6::timestamptz ELSE NULL END,
            "nextAttemptAt" = COALESCE($7::timestamptz, "nextAttemptAt")
      WHERE "projectId" = $1 AND id = $2 AND attempts = $8 AND status = 'pending'`,
    [row.projectId, row.id, status, outcome.statusCode, error, now, next, row.attempts],
  );
  return status;
}

/**
 * One pass: claim the due deliveries (at `now`, injectable), attempt each once, record the
 * outcomes. Call it again for the next batch; the server's loop calls it every few seconds.
 */
export async function runDeliveries(db: Db, now: Date = new Date(), options: DeliveryOptions = {}): Promise<DeliveryRunResult> {
  const settings = deliverySettings();
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  const opts = { maxAttempts: options.maxAttempts ?? settings.maxAttempts, random: options.random ?? Math.random };
  const leaseUntil = new Date(now.getTime() + timeoutMs + LEASE_SLACK_MS);
  const rows = await claim(db, now, leaseUntil, options.batch ?? 20, options.only);
  const result: DeliveryRunResult = { attempted: rows.length, delivered: 0, retrying: 0, failed: 0 };
  await Promise.all(
    rows.map(async (row) => {
      const outgoing: OutgoingDelivery = {
        id: row.id,
        type: row.type,
        payload: row.payload,
        channel: { type: row.channelType, url: row.url, secret: row.secret, routingKey: row.routingKey },
      };
      const outcome = await attempt(outgoing, { timeoutMs, now });
      const status = await record(db, row, outcome, now, opts);
      if (status === "delivered") result.delivered++;
      else if (status === "failed") result.failed++;
      else result.retrying++;
    }),
  );
  return result;
}

const worker = globalThis as unknown as { __keelDeliveryTimer?: ReturnType<typeof setInterval> };

/** The server's loop (started in lib/server/startup.ts): a pass now, then every intervalMs; passes never overlap. */
export function startDeliveryWorker(db: Db): void {
  const { intervalMs } = deliverySettings();
  if (intervalMs === 0 || worker.__keelDeliveryTimer) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Drain what is due in batches, so a backlog after a restart goes out at once.
      for (let i = 0; i < 50; i++) if ((await runDeliveries(db)).attempted === 0) break;
    } catch (err) {
      console.error("[keel] notification delivery failed", err);
    } finally {
      running = false;
    }
  };
  void tick();
  worker.__keelDeliveryTimer = setInterval(() => void tick(), intervalMs);
  worker.__keelDeliveryTimer.unref?.();
}
