// The database unreachable in the middle of a batch, over real HTTP (CONTRACT §4): this spec
// starts its own `next start` whose PostgreSQL connections go through a TCP proxy it controls.
// The proxy cuts every connection the moment the server sends the batch's tool-calls INSERT (the
// runs are already inserted inside the open transaction) and refuses new ones until restored.
// Expected: 503 with Retry-After, nothing of the batch stored, and the retry stores each run once.
// Also the rate limit (429 + Retry-After) on a project of its own with a tiny token bucket.
//
// Runs in the PostgreSQL pass only: on PGlite the database lives inside the server process and
// cannot become unreachable on its own (test/integration/ingest-outage.test.ts covers PGlite).
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { startServer, type RunningServer } from "../../bench/ingest/server";
import { validRun } from "../../test/integration/ingest-cases";
import { fixtures } from "../support/fixtures";

/** Forwards TCP to PostgreSQL; can cut all connections when a client sends a given text. */
class CuttableProxy {
  private server = net.createServer((client) => this.accept(client));
  private sockets = new Set<net.Socket>();
  private down = false;
  private trigger: string | null = null;
  /** The SQL fragments we watch for, in the order the server sent them. */
  readonly seen: string[] = [];

  constructor(private target: { host: string; port: number }) {}

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, "127.0.0.1", () => resolve((this.server.address() as net.AddressInfo).port)));
  }

  cutWhenSent(text: string) {
    this.trigger = text;
  }

  restore() {
    this.down = false;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket) {
    if (this.down) return client.destroy();
    const upstream = net.connect(this.target);
    this.sockets.add(client).add(upstream);
    let tail = "";
    client.on("data", (chunk: Buffer) => {
      // Keep the end of the previous chunk: the watched text may straddle two reads.
      const text = tail + chunk.toString("latin1");
      tail = text.slice(-64);
      for (const watched of ['INSERT INTO "runs"', 'INSERT INTO "tool_calls"']) if (text.includes(watched)) this.seen.push(watched);
      if (this.trigger && text.includes(this.trigger)) {
        this.trigger = null;
        this.down = true;
        for (const s of this.sockets) s.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    for (const s of [client, upstream]) s.on("error", drop).on("close", drop);
  }
}

const serverUrl = process.env.TEST_DATABASE_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/postgres";

if (fixtures.db === "postgres") test.describe("ingest while PostgreSQL goes away", () => {
  test.describe.configure({ mode: "serial", timeout: 180_000 });

  const dbName = `keel_ingest_outage_${randomBytes(4).toString("hex")}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "keel-ingest-outage-"));
  const keys = { outage: `keel_${randomBytes(24).toString("hex")}`, throttled: `keel_${randomBytes(24).toString("hex")}` };
  let direct: pg.Client;
  let proxy: CuttableProxy;
  let server: RunningServer;

  test.beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${dbName}`;
    direct = new pg.Client({ connectionString: url.toString() });
    await direct.connect();

    proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    const proxyUrl = new URL(url);
    proxyUrl.host = `127.0.0.1:${await proxy.listen()}`;
    server = await startServer(
      {
        DATABASE_URL: proxyUrl.toString(),
        KEEL_DATA_DIR: dataDir,
        KEEL_DIST_DIR: process.env.KEEL_DIST_DIR || ".next-e2e",
        KEEL_DEMO: "off",
      },
      path.join(dataDir, "server.log"),
    );
    // The server applied the migrations; add two projects with a key each (only hashes stored).
    for (const [slug, key] of Object.entries(keys)) {
      await direct.query(`INSERT INTO "projects" ("id", "slug", "name") VALUES ($1, $1, $1)`, [slug]);
      await direct.query(`INSERT INTO "project_settings" ("projectId", "ingestRatePerSecond", "ingestBurst") VALUES ($1, $2, $3)`, [
        slug,
        slug === "throttled" ? 0.5 : 50,
        slug === "throttled" ? 2 : 100,
      ]);
      await direct.query(
        `INSERT INTO "api_keys" ("id", "projectId", "name", "prefix", "hash", "scopes") VALUES ($1, $1, $1, $2, $3, '{ingest,read}')`,
        [slug, key.slice(0, 12), createHash("sha256").update(key).digest("hex")],
      );
    }
  });

  test.afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await direct?.end();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (key: string, body: unknown) =>
    fetch(`${server.baseURL}/api/v1/runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  async function stored(prefix: string) {
    const { rows } = await direct.query(
      `SELECT count(DISTINCT r."pk")::int AS runs, count(t."seq")::int AS "toolCalls"
       FROM "runs" r LEFT JOIN "tool_calls" t ON t."runPk" = r."pk" WHERE r."id" LIKE $1`,
      [`${prefix}-%`],
    );
    return rows[0] as { runs: number; toolCalls: number };
  }

  test("the database lost mid-batch: 503 + Retry-After, nothing stored, the retry stores each run once", async () => {
    const batch = { runs: Array.from({ length: 50 }, (_, i) => validRun(`cut-${i}`)) };
    expect((await post(keys.outage, { runs: [validRun("warm-0")] })).status).toBe(200);

    proxy.seen.length = 0;
    proxy.cutWhenSent('INSERT INTO "tool_calls"');
    const cut = await post(keys.outage, batch);
    expect(cut.status).toBe(503);
    expect(Number(cut.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await cut.json()).toMatchObject({ error: "database_unavailable" });
    // The runs INSERT had run inside the transaction when the connection went.
    expect(proxy.seen).toEqual(['INSERT INTO "runs"', 'INSERT INTO "tool_calls"']);

    // Still down: refused again, and health says so.
    expect((await post(keys.outage, batch)).status).toBe(503);
    const health = await fetch(`${server.baseURL}/api/health`);
    expect(health.status).toBe(503);
    // Anyone may call /api/health: it says the database is unreachable, never where it is.
    expect(await health.json()).toEqual({ status: "unavailable", message: "the database cannot be reached" });
    expect(await stored("cut")).toEqual({ runs: 0, toolCalls: 0 });

    proxy.restore();
    // A client retries on 503; a pooled connection that died with the cut may cost one more try.
    let accepted = 0;
    let duplicates = 0;
    for (let attempt = 1; ; attempt++) {
      const res = await post(keys.outage, batch);
      if (res.status === 503 && attempt < 5) continue;
      expect(res.status).toBe(200);
      ({ accepted, duplicates } = (await res.json()) as { accepted: number; duplicates: number });
      break;
    }
    expect({ accepted, duplicates }).toEqual({ accepted: 50, duplicates: 0 });
    expect(await (await post(keys.outage, batch)).json()).toEqual({ accepted: 0, duplicates: 50, rejected: [] });
    expect(await stored("cut")).toEqual({ runs: 50, toolCalls: 100 });
  });

  test("over the key's rate limit: 429 with Retry-After, nothing stored", async () => {
    const send = (id: string) => post(keys.throttled, { runs: [validRun(id)] });
    expect((await send("rate-0")).status).toBe(200);
    expect((await send("rate-1")).status).toBe(200);
    const limited = await send("rate-2");
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(await limited.json()).toMatchObject({ error: "rate_limited" });
    expect(await stored("rate")).toEqual({ runs: 2, toolCalls: 4 });
    // Another key (another bucket) is not held back.
    expect((await post(keys.outage, { runs: [validRun("other-key-0")] })).status).toBe(200);
  });
});
