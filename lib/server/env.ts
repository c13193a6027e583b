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
