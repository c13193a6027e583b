import "server-only";
// One HTTP attempt of one delivery, and what it means for the next: delivered, retry (when), or
// failed for good. No database here (../services/deliveries.ts claims rows and records outcomes).
import { createHmac } from "node:crypto";
import type { ChannelType, NotificationType } from "@/lib/shared/channels";

export interface OutgoingDelivery {
  id: string;
  type: NotificationType;
  payload: Record<string, unknown>;
  channel: { type: ChannelType; url: string; secret: string | null; routingKey: string | null };
}

export type AttemptOutcome =
  | { kind: "delivered"; statusCode: number }
  /** retryAfterMs: what the receiver asked for (429/503 Retry-After), else null (backoff decides). */
  | { kind: "retry"; statusCode: number | null; error: string; retryAfterMs: number | null }
  | { kind: "failed"; statusCode: number | null; error: string };

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the X-Keel-Signature a receiver recomputes. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

export function requestOf(d: OutgoingDelivery): { url: string; headers: Record<string, string>; body: string } {
  const bodyObject = d.channel.type === "pagerduty" ? { routing_key: d.channel.routingKey ?? "", ...d.payload } : d.payload;
  const body = JSON.stringify(bodyObject);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Keel-Notifications/1" };
  if (d.channel.type === "webhook") {
    headers["x-keel-event"] = d.type;
    headers["x-keel-delivery"] = d.id;
    if (d.channel.secret) headers["x-keel-signature"] = signBody(d.channel.secret, body);
  }
  return { url: d.channel.url, headers, body };
}

/** Statuses worth another attempt: timeouts, conflicts of the moment, rate limits, server errors. */
const RETRYABLE = new Set([408, 409, 425, 429]);
const MAX_ERROR_CHARS = 300;

/**
 * Retry-After as milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110 §10.2.3);
 * null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now.getTime()) : null;
}

export async function attempt(d: OutgoingDelivery, opts: { timeoutMs: number; now: Date }): Promise<AttemptOutcome> {
  const req = requestOf(d);
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: "POST",
      headers: req.headers,
      body: req.body,
      // A redirect is a misconfigured URL; following it would post the payload somewhere unnamed.
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const error =
      e.name === "TimeoutError"
        ? `no answer within ${opts.timeoutMs} ms`
        : `request failed: ${e.cause?.code ?? e.cause?.message ?? e.message ?? String(err)}`;
    return { kind: "retry", statusCode: null, error, retryAfterMs: null };
  }
  // Read (a bounded part of) the answer: it frees the connection and says why a request failed.
  const text = await res.text().then(
    (t) => t.slice(0, MAX_ERROR_CHARS),
    () => "",
  );
  const status = res.status;
  if (status >= 200 && status < 300) return { kind: "delivered", statusCode: status };
  const error = `HTTP ${status}${text.trim() ? `: ${text.trim()}` : ""}`.slice(0, MAX_ERROR_CHARS);
  if (status >= 500 || RETRYABLE.has(status))
    return {
      kind: "retry",
      statusCode: status,
      error,
      retryAfterMs: status === 429 || status === 503 ? parseRetryAfter(res.headers.get("retry-after"), opts.now) : null,
    };
  if (status >= 300 && status < 400) return { kind: "failed", statusCode: status, error: `HTTP ${status}: redirects are not followed; use the final URL` };
  return { kind: "failed", statusCode: status, error };
}
