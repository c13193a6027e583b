import "server-only";
// Ingest rate limit: a token bucket per API key, in this process's memory (one Keel server per
// database). A request takes one token; tokens refill at `ingestRatePerSecond` up to
// `ingestBurst` (project settings, read at most every SETTINGS_TTL_MS so a change applies quickly
// without a query per request).
import type { Database } from "../db";
import { HttpError } from "../http/errors";

const SETTINGS_TTL_MS = 10_000;
/** The schema's defaults, for a project without a settings row. */
export const DEFAULT_INGEST_RATE_PER_SECOND = 50;
export const DEFAULT_INGEST_BURST = 100;

export interface RateLimitSettings {
  ratePerSecond: number;
  burst: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private settings: RateLimitSettings,
    now: number,
  ) {
    this.tokens = settings.burst;
    this.updatedAt = now;
  }

  /** Applies new settings; tokens already saved never exceed the new burst. */
  configure(settings: RateLimitSettings, now: number) {
    this.refill(now);
    this.settings = settings;
    this.tokens = Math.min(this.tokens, settings.burst);
  }

  take(now: number): RateDecision {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const rate = this.settings.ratePerSecond;
    if (!(rate > 0) || this.settings.burst < 1) return { ok: false, retryAfterSeconds: 60 };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / rate)) };
  }

  private refill(now: number) {
    const elapsedMs = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    this.tokens = Math.min(this.settings.burst, this.tokens + (elapsedMs / 1000) * this.settings.ratePerSecond);
  }
}

const buckets = new Map<string, TokenBucket>();
const settingsCache = new Map<string, { settings: RateLimitSettings; fetchedAt: number }>();

async function projectSettings(db: Database, projectId: string, now: number): Promise<RateLimitSettings> {
  const cached = settingsCache.get(projectId);
  if (cached && now - cached.fetchedAt < SETTINGS_TTL_MS) return cached.settings;
  const row = await db.prisma.projectSettings.findUnique({
    where: { projectId },
    select: { ingestRatePerSecond: true, ingestBurst: true },
  });
  const settings = {
    ratePerSecond: row?.ingestRatePerSecond ?? DEFAULT_INGEST_RATE_PER_SECOND,
    burst: row?.ingestBurst ?? DEFAULT_INGEST_BURST,
  };
  settingsCache.set(projectId, { settings, fetchedAt: now });
  return settings;
}

/** Takes one token from the key's bucket. */
export async function takeIngestToken(
  db: Database,
  projectId: string,
  apiKeyId: string,
  now = Date.now(),
): Promise<RateDecision> {
  const settings = await projectSettings(db, projectId, now);
  let bucket = buckets.get(apiKeyId);
  if (!bucket) {
    bucket = new TokenBucket(settings, now);
    buckets.set(apiKeyId, bucket);
  } else {
    bucket.configure(settings, now);
  }
  return bucket.take(now);
}

/**
 * The ingest endpoints' check (runs and OTLP traces share one bucket per key): throws 429 with
 * Retry-After when the key is over its limit. Called before the body is read. People (a
 * session) are not rate-limited here.
 */
export async function enforceIngestRateLimit(
  db: Database,
  projectId: string,
  actor: { type: "apiKey"; apiKeyId: string } | { type: "user" },
): Promise<void> {
  if (actor.type !== "apiKey") return;
  const decision = await takeIngestToken(db, projectId, actor.apiKeyId);
  if (!decision.ok)
    throw new HttpError(
      429,
      "rate_limited",
      `too many requests for this API key; retry after ${decision.retryAfterSeconds} s`,
      undefined,
      { "Retry-After": String(decision.retryAfterSeconds) },
    );
}

/** Forgets cached settings and buckets (tests; a settings page may call it after a change). */
export function resetIngestRateLimits(projectId?: string) {
  if (projectId === undefined) {
    settingsCache.clear();
    buckets.clear();
  } else {
    settingsCache.delete(projectId);
  }
}
