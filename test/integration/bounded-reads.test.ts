// Bounded reads (issue 14): every read endpoint that takes a window refuses one wider than
// MAX_WINDOW_DAYS (lib/shared/window-bounds.ts) and a timeseries of more than MAX_BUCKETS buckets,
// with a 400 naming the field; on PostgreSQL every statement runs under KEEL_STATEMENT_TIMEOUT_MS,
// and a cancelled query answers 503 `query_timeout` while the next request is served. On PGlite a
// statement cannot be cancelled (the limit is pinned below and written in docs/scaling.md).
import path from "node:path";
import { NextRequest } from "next/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { createApiKey } from "@/lib/server/services/accounts";
import { openDatabase } from "@/lib/server/db/open";
import { createTestProject, openTestPglite, postgresTestUrl, testDatabases } from "../helpers/db";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROOT = path.resolve(import.meta.dirname, "../..");
const route = async (file: string) => (await import(path.join(ROOT, "app/api", file, "route.ts"))) as Record<string, Handler>;
const store = globalThis as { __keelDb?: Promise<Database> };

async function get(key: string, file: string, query: Record<string, string> = {}, params: Record<string, string> = {}) {
  const url = new URL(`http://keel.test/api/${file}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const req = new NextRequest(url, { headers: { authorization: `Bearer ${key}` } });
  const res = await (await route(file)).GET(req, { params: Promise.resolve(params) });
  return { status: res.status, body: (await res.json()) as { error?: string; message?: string; issues?: { path: string; message: string }[] } };
}

const WIDE = { from: "1970-01-01T00:00:00Z", to: "2026-12-01T00:00:00Z" };
const WINDOWED: [string, Record<string, string>, Record<string, string>][] = [
  ["v1/metrics/overview", {}, {}],
  ["v1/metrics/workflows", {}, {}],
  ["v1/metrics/tools", {}, {}],
  ["v1/metrics/releases", {}, {}],
  ["v1/metrics/failures", {}, {}],
  ["v1/metrics/timeseries", { series: "runs", bucket: "day" }, {}],
  ["v1/releases", {}, {}],
  ["v1/releases/[release]/gates", {}, { release: "v1" }],
  ["v1/runs", { tool: "search", toolStatus: "error" }, {}],
];

describe.each(testDatabases())("bounded windows ($name)", (target) => {
  let db: Database;
  let key: string;
  beforeAll(async () => {
    db = await target.open();
    store.__keelDb = Promise.resolve(db);
    const project = await createTestProject(db, "bounds");
    key = (await createApiKey(db, { projectId: project.id, scopes: ["read"] })).key;
  });
  afterAll(async () => {
    store.__keelDb = undefined;
    await db?.close();
  });

  it.each(WINDOWED)("%s refuses a window of 56 years with a 400 naming 'from' and the limit", async (file, extra, params) => {
    const res = await get(key, file, { ...WIDE, ...extra }, params);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_request");
    expect(res.body.issues?.[0]).toEqual({ path: "from", message: "the window may span at most 400 days; narrow 'from' or 'to'" });
  });

  it("the limit is inclusive: exactly 400 days passes every windowed endpoint; 400 days and a minute is refused", async () => {
    const to = Date.parse("2026-12-01T00:00:00Z");
    const exact = { from: new Date(to - 400 * 86_400_000).toISOString(), to: new Date(to).toISOString() };
    // The gates of a release with no runs and no eval is a 404 (past the window check).
    for (const [file, extra, params] of WINDOWED)
      expect((await get(key, file, { ...exact, ...extra }, params)).status, file).toBe(file.endsWith("gates") ? 404 : 200);
    const over = { ...exact, from: new Date(to - 400 * 86_400_000 - 60_000).toISOString() };
    expect((await get(key, "v1/metrics/overview", over)).status).toBe(400);
  });

  it("a `from` alone is measured to now (gates: to now as well); the runs list without `from` is paged, not windowed", async () => {
    expect((await get(key, "v1/metrics/tools", { from: "2020-01-01T00:00:00Z" })).body.issues?.[0]?.path).toBe("from");
    expect((await get(key, "v1/releases/[release]/gates", { from: "2020-01-01T00:00:00Z" }, { release: "v1" })).body.issues?.[0]?.path).toBe("from");
    expect((await get(key, "v1/runs", { from: "2020-01-01T00:00:00Z" })).body.issues?.[0]?.path).toBe("from");
    expect((await get(key, "v1/runs", { to: "2026-12-01T00:00:00Z" })).status).toBe(200);
  });

  it("timeseries: hourly buckets over 90 days (2,160 > 2,000) is a 400 naming 'bucket'; daily over 400 days is fine", async () => {
    const res = await get(key, "v1/metrics/timeseries", { from: "2026-09-02T00:00:00Z", to: "2026-12-01T00:00:00Z", bucket: "hour" });
    expect(res.status).toBe(400);
    expect(res.body.issues?.[0]?.path).toBe("bucket");
    expect(res.body.message).toContain("at most 2000 per series");
    expect((await get(key, "v1/metrics/timeseries", { from: "2025-10-27T00:00:00Z", to: "2026-12-01T00:00:00Z", bucket: "day" })).status).toBe(200);
  });

  it("an instant before 1970 is refused on the gates too (the one instant schema)", async () => {
    const res = await get(key, "v1/releases/[release]/gates", { from: "0001-01-01T00:00:00Z", to: "0001-01-08T00:00:00Z" }, { release: "v1" });
    expect(res.status).toBe(400);
    expect(res.body.issues?.map((i) => i.path)).toEqual(["from", "to"]);
  });
});

const pgUrl = postgresTestUrl();
describe.runIf(pgUrl)("postgres: a read held past KEEL_STATEMENT_TIMEOUT_MS answers 503 query_timeout", () => {
  let db: Database;
  let key: string;
  let locker: pg.Client;
  const before = process.env.KEEL_STATEMENT_TIMEOUT_MS;
  beforeAll(async () => {
    process.env.KEEL_STATEMENT_TIMEOUT_MS = "500";
    db = await openDatabase({ kind: "postgres", url: pgUrl!, poolSize: 3 });
    store.__keelDb = Promise.resolve(db);
    const project = await createTestProject(db, "timeout");
    key = (await createApiKey(db, { projectId: project.id, scopes: ["read"] })).key;
    locker = new pg.Client({ connectionString: pgUrl! });
    await locker.connect();
  });
  afterAll(async () => {
    if (before === undefined) delete process.env.KEEL_STATEMENT_TIMEOUT_MS;
    else process.env.KEEL_STATEMENT_TIMEOUT_MS = before;
    store.__keelDb = undefined;
    await locker?.end();
    await db?.close();
  });

  // A lock held by another session makes any query as slow as we like without data: statement_timeout
  // counts the time a statement waits for a lock.
  async function whileLocked<T>(table: string, fn: () => Promise<T>): Promise<T> {
    await locker.query("BEGIN");
    await locker.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
    try {
      return await fn();
    } finally {
      await locker.query("ROLLBACK");
    }
  }

  it("raw SQL (metrics/overview): cancelled after the timeout with a 503 naming it; a request that needs no lock is served meanwhile", async () => {
    await whileLocked("runs", async () => {
      const started = Date.now();
      let slowDoneAt = 0;
      const slow = get(key, "v1/metrics/overview").then((r) => ((slowDoneAt = Date.now()), r));
      const other = await get(key, "v1/settings/gates");
      const otherDoneAt = Date.now();
      expect(other.status).toBe(200);
      const res = await slow;
      expect(otherDoneAt).toBeLessThan(slowDoneAt);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        error: "query_timeout",
        message: "the query took longer than the server allows (KEEL_STATEMENT_TIMEOUT_MS = 500 ms); narrow the window or the filters",
      });
      expect(slowDoneAt - started).toBeGreaterThanOrEqual(450);
      expect(slowDoneAt - started).toBeLessThan(5_000);
    });
    // The pool's connections are fine afterwards.
    expect((await get(key, "v1/metrics/overview")).status).toBe(200);
  });

  it("a Prisma read (settings/gates) is cancelled the same way", async () => {
    await whileLocked("project_settings", async () => {
      const res = await get(key, "v1/settings/gates");
      expect(res.status).toBe(503);
      expect(res.body.error).toBe("query_timeout");
    });
  });
});

describe("pglite: a statement cannot be cancelled (the documented limit)", () => {
  let db: Database;
  // Opening PGlite (WASM) is the slow part on a busy machine: in the hook, with the hook's timeout.
  beforeAll(async () => {
    db = await openTestPglite({ migrate: false });
  });
  afterAll(async () => db?.close());

  it("statement_timeout is accepted but never fires: PGlite runs a statement to its end on the JS thread", async () => {
    await db.sql.exec("SET statement_timeout = 50");
    const started = Date.now();
    await db.sql.query("SELECT pg_sleep(0.3)");
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
