import "server-only";
// Runtime configuration, read on demand (never at module scope, so `next build` sees none of it).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.KEEL_DATA_DIR || "./.keel/data");
}

/** The PostgreSQL server URL, or null for the embedded database (PGlite under dataDir()). */
export function databaseUrl(): string | null {
  const url = process.env.DATABASE_URL?.trim();
  return url ? url : null;
}

export function pgliteDir(): string {
  return path.join(dataDir(), "pglite");
}

/**
 * NEXTAUTH_SECRET from the environment, else one generated once and kept in the data dir,
 * so sessions survive restarts without any configuration.
 */
export function ensureNextAuthSecret(): string {
  const fromEnv = process.env.NEXTAUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  const dir = dataDir();
  mkdirSync(/*turbopackIgnore: true*/ dir, { recursive: true });
  const file = path.join(dir, "nextauth-secret");
  let secret: string;
  if (existsSync(/*turbopackIgnore: true*/ file)) {
    secret = readFileSync(/*turbopackIgnore: true*/ file, "utf8").trim();
  } else {
    secret = randomBytes(32).toString("base64url");
    writeFileSync(/*turbopackIgnore: true*/ file, secret + "\n", { mode: 0o600 });
  }
  process.env.NEXTAUTH_SECRET = secret;
  return secret;
}

/** Positive integer from the environment, else the default (a typo must not stop delivery). */
function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name]?.trim();
  const n = raw ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= min ? n : fallback;
}

/**
 * The notification delivery worker (issue 15): how often it looks for due deliveries
 * (KEEL_DELIVERY_INTERVAL_MS, default 5 s, 0 = off), the per-request timeout
 * (KEEL_DELIVERY_TIMEOUT_MS, default 10 s) and the attempts before a delivery is `failed`
 * (KEEL_DELIVERY_MAX_ATTEMPTS, default 10).
 */
export function deliverySettings(): { intervalMs: number; timeoutMs: number; maxAttempts: number } {
  return {
    intervalMs: envInt("KEEL_DELIVERY_INTERVAL_MS", 5_000, 0),
    timeoutMs: envInt("KEEL_DELIVERY_TIMEOUT_MS", 10_000, 100),
    maxAttempts: envInt("KEEL_DELIVERY_MAX_ATTEMPTS", 10, 1),
  };
}
