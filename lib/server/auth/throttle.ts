import "server-only";
// Sign-in throttling (OWASP ASVS 2.2.1): failed password attempts are counted per account and per
// client address, in this process's memory (Keel is one server process; a restart forgets, which
// only ever lets a person in sooner). Per account: from the 5th failure within 15 minutes, each
// further attempt must wait 30 s, doubling per failure, at most 15 minutes — a wrong guess never
// locks the owner out for long, and a guesser gets ~30 attempts an hour. Per address: 30 failures
// within 15 minutes block that address for 15 minutes, whatever accounts it tries. A success clears
// the account's count. Throttled attempts are refused before the password is checked.

const WINDOW_MS = 15 * 60_000;
const ACCOUNT_FREE_FAILURES = 4;
const ACCOUNT_BASE_DELAY_MS = 30_000;
const ACCOUNT_MAX_DELAY_MS = 15 * 60_000;
const ADDRESS_MAX_FAILURES = 30;
const ADDRESS_BLOCK_MS = 15 * 60_000;
const MAX_TRACKED = 50_000;

interface Counter {
  failures: number;
  firstAt: number;
  lastAt: number;
}

const store = globalThis as unknown as { __keelSignInThrottle?: { accounts: Map<string, Counter>; addresses: Map<string, Counter> } };
function maps() {
  store.__keelSignInThrottle ??= { accounts: new Map(), addresses: new Map() };
  return store.__keelSignInThrottle;
}

function fresh(map: Map<string, Counter>, key: string, now: number): Counter | undefined {
  const c = map.get(key);
  if (c && now - c.lastAt > WINDOW_MS) {
    map.delete(key);
    return undefined;
  }
  return c;
}

/** Seconds until this account/address may try again; 0 when it may now. */
export function signInRetryAfterSeconds(email: string, address: string | null, now = Date.now()): number {
  const { accounts, addresses } = maps();
  let waitMs = 0;
  const a = fresh(accounts, email, now);
  if (a && a.failures > ACCOUNT_FREE_FAILURES) {
    const delay = Math.min(ACCOUNT_MAX_DELAY_MS, ACCOUNT_BASE_DELAY_MS * 2 ** (a.failures - ACCOUNT_FREE_FAILURES - 1));
    waitMs = Math.max(waitMs, a.lastAt + delay - now);
  }
  if (address) {
    const ip = fresh(addresses, address, now);
    if (ip && ip.failures >= ADDRESS_MAX_FAILURES) waitMs = Math.max(waitMs, ip.lastAt + ADDRESS_BLOCK_MS - now);
  }
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

export function recordSignInFailure(email: string, address: string | null, now = Date.now()): void {
  const { accounts, addresses } = maps();
  for (const [map, key] of [[accounts, email], [addresses, address]] as const) {
    if (!key) continue;
    if (map.size >= MAX_TRACKED) map.delete(map.keys().next().value as string);
    const c = fresh(map, key, now) ?? { failures: 0, firstAt: now, lastAt: now };
    c.failures += 1;
    c.lastAt = now;
    map.set(key, c);
  }
}

export function recordSignInSuccess(email: string): void {
  maps().accounts.delete(email);
}

/** Test hook: forget every counter. */
export function resetSignInThrottle(): void {
  store.__keelSignInThrottle = undefined;
}

/**
 * The client's address: the LAST X-Forwarded-For entry, which Next's own server appends from the
 * socket (or the nearest proxy appends) — entries a client wrote itself come before it and are
 * ignored, so varying the header cannot dodge the per-address limit.
 */
export function clientAddress(headers: Headers): string | null {
  const xff = headers.get("x-forwarded-for");
  if (xff) {
    const parts = xff.split(",").map((s) => s.trim()).filter(Boolean);
    if (parts.length) return parts[parts.length - 1];
  }
  return headers.get("x-real-ip");
}
