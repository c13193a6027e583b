// Generators of the fuzz suite for the query strings and path segments of every GET route under
// app/api/v1 (and /api/health): known keys with plausible and hostile values (NUL, lone
// surrogates and invalid UTF-8 as percent escapes, %-garbage, the ends of time, huge numbers),
// unknown keys, repeated keys. Written as raw URL text so nothing on the way re-encodes it (a raw
// `#` would end the URL there, so it only appears as %23).
import fc from "fast-check";

export type Principal = "key" | "session" | "anonymous";

export interface Route {
  /** `{seg}` is replaced by a generated path segment. */
  path: string;
  /** The query keys the route reads; null when it declares no query (then keys are ignored). */
  keys: string[] | null;
}

const WINDOW = ["from", "to", "workflow", "environment", "release"];
const RUNS = [
  "outcome", "workflow", "environment", "release", "failureCategory", "failureReason", "tool", "toolStatus", "critical", "retried",
  "minLatencyMs", "minCostUsd", "sessionId", "q", "from", "to", "sort", "order", "cursor", "limit",
];

export const GET_ROUTES: Route[] = [
  { path: "/api/v1/metrics/overview", keys: WINDOW },
  { path: "/api/v1/metrics/workflows", keys: WINDOW },
  { path: "/api/v1/metrics/tools", keys: WINDOW },
  { path: "/api/v1/metrics/releases", keys: WINDOW },
  { path: "/api/v1/metrics/failures", keys: [...WINDOW, "limit"] },
  { path: "/api/v1/metrics/timeseries", keys: [...WINDOW, "series", "tool", "bucket", "tz"] },
  { path: "/api/v1/metrics/quality", keys: WINDOW },
  { path: "/api/v1/metrics/automation-value", keys: WINDOW },
  { path: "/api/v1/runs", keys: RUNS },
  { path: "/api/v1/runs/{seg}", keys: null },
  { path: "/api/v1/incidents", keys: ["status", "limit"] },
  { path: "/api/v1/incidents/{seg}", keys: null },
  { path: "/api/v1/incidents/commanders", keys: [] },
  { path: "/api/v1/review", keys: ["week"] },
  { path: "/api/v1/releases", keys: ["from", "to"] },
  { path: "/api/v1/releases/{seg}/gates", keys: ["from", "to"] },
  { path: "/api/v1/settings/audit", keys: null },
  { path: "/api/v1/settings/gates", keys: null },
  { path: "/api/v1/settings/api-keys", keys: null },
  { path: "/api/v1/settings/ingest", keys: null },
  { path: "/api/v1/settings/members", keys: null },
  { path: "/api/v1/fix-items", keys: ["owner", "status", "category", "overdue"] },
  { path: "/api/v1/fix-items/{seg}", keys: null },
  { path: "/api/v1/fix-items/assignees", keys: [] },
  { path: "/api/v1/evals", keys: ["release", "limit"] },
  { path: "/api/health", keys: null },
  { path: "/api/v1/{seg}", keys: null },
];

const enc = encodeURIComponent;
const HOSTILE_RAW = [
  "%00", "a%00b", "%ED%A0%80", "%ED%BF%BF", "%FF", "%C0%80", "%E0%A4", "%", "%zz", "%%", "%2", "%u0041", "%0A", "%20", "+", "&", "=", "%23",
  "%F4%90%80%80", "%EF%BF%BE", "..", "%2e%2e", "%2F", "%5C",
];
const INSTANTS = [
  "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
  "9999-12-31T23:59:59.999999999Z", "10000-01-01T00:00:00Z", "+275760-09-13T00:00:00.000Z", "275760-09-13T00:00:00Z",
  "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00", "2026-01-01", "2026-01-01T00:00:00.123456789Z",
  "2026-01-01T00:00:00+14:00", "2026-01-01T00:00:00-23:59", "2026-01-01T00:00:60Z",
];
const NUMBERS = ["2147483648", "-1", "0", "1e308", "-0", "NaN", "Infinity", "0x10", "1.5", "9".repeat(400), "", " 5", "5 "];
const WORDS = [
  "success", "failure", "escalated", "production", "canary", "tool_error", "ok", "not_ok", "true", "false", "me", "open", "in_progress",
  "hour", "day", "runs", "tool", "workflows", "UTC", "Europe/Paris", "Mars/Olympus", "startedAt", "toolLatency", "asc", "desc", "TRUE",
  "2026-W42", "2026-W53", "2020-W53", "9999-W52", "0000-W01", "10000-W01", "2026-W00", "owner@keel.local", "__proto__", "constructor",
];

const nowIso = (now: number, daysBack: number) => new Date(now - daysBack * 86_400_000).toISOString();

function value(now: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...WORDS).map(enc) },
    { weight: 3, arbitrary: fc.constantFrom(...INSTANTS).map(enc) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 500 }).map((d) => enc(nowIso(now, d))) },
    { weight: 2, arbitrary: fc.constantFrom(...NUMBERS).map(enc) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_RAW) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...HOSTILE_RAW)).map(([w, h]) => enc(w) + h) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }).map(enc) },
    // Lone surrogates: encodeURIComponent throws on them, so spell their (invalid) UTF-8 bytes.
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }).map((s) => `${enc(s)}%ED%B0%80`) },
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 9000 }).map((n) => "x".repeat(n)) },
    { weight: 1, arbitrary: fc.base64String({ maxLength: 200 }).map(enc) },
  );
}

function segment(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...HOSTILE_RAW, "1", "0", "-1", "2147483648", "1e308", "9".repeat(30), "gpt-4.1%40v12", "dup-1", "a".repeat(300)),
    fc.string({ unit: "binary", minLength: 1, maxLength: 40 }).map(enc),
    fc.uuid(),
  );
}

export interface GenQuery {
  route: Route;
  principal: Principal;
  /** Path and query as sent (raw URL text). */
  url: string;
  /** Keys the route does not read (with a query schema these must never give a 2xx). */
  unknownKeys: string[];
}

export function genQuery(now: number): fc.Arbitrary<GenQuery> {
  return fc
    .record({
      route: fc.constantFrom(...GET_ROUTES),
      principal: fc.constantFrom<Principal>("key", "key", "key", "session", "session", "anonymous"),
      seg: segment(),
      params: fc.array(fc.tuple(fc.nat(), fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) }), value(now)), { maxLength: 6 }),
      projectParam: fc.oneof({ weight: 8, arbitrary: fc.constant<string | null>("e2e") }, { weight: 1, arbitrary: fc.constantFrom<string | null>(null, "", "%00", "e2e-other", "nope", "E2E") }),
    })
    .map(({ route, principal, seg, params, projectParam }) => {
      const known = route.keys ?? [];
      const unknownKeys: string[] = [];
      const pairs = params.map(([n, unknown, v]) => {
        if (unknown !== null || known.length === 0) {
          const key = unknown ?? ["workflw", "Workflow", "from ", "limit[]", "%00", ""][n % 6];
          const decoded = key === "%00" ? "\u0000" : key;
          if (route.keys !== null && !known.includes(decoded) && decoded !== "project") unknownKeys.push(decoded);
          return `${enc(key).replace("%2500", "%00")}=${v}`;
        }
        return `${known[n % known.length]}=${v}`;
      });
      if (principal === "session" && projectParam !== null) pairs.unshift(`project=${projectParam}`);
      const path = route.path.replace("{seg}", seg);
      return { route, principal, url: pairs.length ? `${path}?${pairs.join("&")}` : path, unknownKeys };
    });
}
