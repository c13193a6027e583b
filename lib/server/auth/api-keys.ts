import "server-only";
// API keys: "keel_" + 32 random bytes (base64url). Only the SHA-256 hex is stored; the first
// 12 characters are kept as `prefix` so people can tell keys apart in lists.
import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "keel_";

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  return { key, prefix: key.slice(0, 12), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
