// kill -9 of the server during steady ingest, restarted on the same data, five times in a row
// (issue 11, docs/operations.md "Durability"). This spec starts its own `next start` (its own
// process group, so SIGKILL takes the whole server down at once) on a data dir of its own, and:
//   - three senders post batches of 5 runs back to back, each with its own ids;
//   - 0–40 ms after a random acknowledged batch (the 3rd to the 24th) the server group gets SIGKILL,
//     with the senders' next requests anywhere between sent, stored and answered;
//   - the server is started again at once on the same data dir: it must come up (on PGlite the dead
//     server's lock file is still there and must be taken over, not obeyed);
//   - every run acknowledged with 200 is there exactly once (its GET, and the list walked with
//     its cursor: each id once, `total` = the ids listed), nothing unsent is there, and
//     the batches that were in flight at the kill, sent again, answer 200 with
//     accepted + duplicates = their size; after that the project holds exactly the ids ever sent.
// After the fifth round the server stops cleanly and (PGlite) the data dir is opened directly and
// checked with amcheck: every B-tree index of Keel's tables and the heaps of runs and tool_calls.
//
// Both passes run it: on PGlite the server process holds the database (the point of the test); on
// PostgreSQL the database survives anyway, but the server's acknowledgements must still mean
// committed, and a restart must still find its data.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, type WriteStream } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { amcheck } from "@electric-sql/pglite/contrib/amcheck";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { createPostgresDatabase, freePort, tail, waitForHealth } from "../setup/server.mjs";
import { validRun } from "../../test/integration/ingest-cases";
import { fixtures } from "../support/fixtures";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const ROUNDS = 5;
const SENDERS = 3;
const BATCH = 5;
const CALLS_PER_RUN = (validRun("x").toolCalls as unknown[]).length;

interface Server {
  child: ChildProcess;
  baseURL: string;
  exited: Promise<void>;
  log: WriteStream;
}

test.describe("kill -9 during ingest, restart on the same data, five times", () => {
  test.describe.configure({ timeout: 240_000 });

  const tmp = mkdtempSync(path.join(os.tmpdir(), "keel-durability-"));
  const dataDir = path.join(tmp, "data");
  const logFile = path.join(tmp, "server.log");
  const key = `keel_${randomBytes(24).toString("hex")}`;
  let database: { url: string; drop(): Promise<void> } | null = null;
  let server: Server | null = null;

  test.afterAll(async () => {
    if (server) await stop(server);
    await database?.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function start(): Promise<Server> {
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of ["DATABASE_URL", "KEEL_DATA_DIR", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "KEEL_INIT_ADMIN_EMAIL", "KEEL_INIT_ADMIN_PASSWORD"]) delete env[k];
    Object.assign(env, {
      KEEL_DATA_DIR: dataDir,
      KEEL_DIST_DIR: process.env.KEEL_DIST_DIR || ".next-e2e",
      KEEL_SKIP_BUILD: "1",
      KEEL_DEMO: "off",
      KEEL_INIT_PROJECT: "durability",
      KEEL_INIT_API_KEY: key,
      NODE_ENV: "production",
      PORT: String(port),
      NEXTAUTH_URL: baseURL,
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    const log = createWriteStream(logFile, { flags: "a" });
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", "start.mjs")], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    const handle = { child, baseURL, exited, log };
    const running = { isRunning: () => child.exitCode === null && child.signalCode === null, exited };
    try {
      await waitForHealth(baseURL, running, 120_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- server log ---\n${tail(logFile, 40)}`);
    }
    return handle;
  }

  /** SIGKILL to the whole group (scripts/start.mjs and the Next server under it), at once. */
  async function kill9(s: Server) {
    process.kill(-s.child.pid!, "SIGKILL");
    await s.exited;
  }

  async function stop(s: Server) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      process.kill(-s.child.pid!, "SIGTERM");
      const timer = setTimeout(() => process.kill(-s.child.pid!, "SIGKILL"), 15_000);
      await s.exited;
      clearTimeout(timer);
    }
    try {
      process.kill(-s.child.pid!, "SIGKILL");
    } catch {
      // the group is gone
    }
    s.log.end();
  }

  const api = (s: Server, p: string, init: RequestInit = {}) =>
    fetch(`${s.baseURL}${p}`, { ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers } });

  /** Every id in the project, by walking the list's cursor; and the list's total. */
  async function listAll(s: Server): Promise<{ ids: string[]; total: number }> {
    const ids: string[] = [];
    let total = -1;
    let cursor: string | null = null;
    do {
      const res = await api(s, `/api/v1/runs?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { runs: { id: string }[]; nextCursor: string | null; total: number };
      if (total === -1) total = page.total;
      ids.push(...page.runs.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    return { ids, total };
  }

  test("each round: ingest, kill -9 at a random point, restart at once; every acknowledged run is there once", async () => {
    if (fixtures.db === "postgres") {
      const serverUrl = process.env.TEST_DATABASE_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/postgres";
      database = await createPostgresDatabase(serverUrl);
    }
    const sent = new Set<string>();
    const acknowledged = new Set<string>();
    const killPoints: number[] = [];
    server = await start();

    for (let round = 1; round <= ROUNDS; round++) {
      const s = server;
      const killAfter = 3 + Math.floor(Math.random() * 22);
      killPoints.push(killAfter);
      let acks = 0;
      let killed = false;
      let killing: Promise<void> | null = null;
      // The kill lands 0–40 ms after the chosen acknowledgement, so it finds other batches anywhere
      // between sent, stored and answered.
      const killDelayMs = Math.floor(Math.random() * 40);
      const inFlight: string[][] = [];
      const ackedThisRound: string[] = [];

      const sender = async (n: number) => {
        // Each sender keeps sending until its connection fails: the server is gone.
        for (let seq = 0; ; seq++) {
          const ids = Array.from({ length: BATCH }, (_, i) => `r${round}-s${n}-b${seq}-${i}`);
          for (const id of ids) sent.add(id);
          for (;;) {
            let status: number;
            let body: unknown;
            try {
              const res = await api(s, "/api/v1/runs", { method: "POST", body: JSON.stringify({ runs: ids.map((id) => validRun(id)) }) });
              status = res.status;
              body = await res.json();
              if (status === 429) {
                // Over the key's rate limit: nothing stored; wait as told, then the same batch again.
                await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") || 1) * 1000));
                continue;
              }
            } catch {
              // The connection died with the server: this batch may or may not have been stored.
              inFlight.push(ids);
              return;
            }
            expect(status, JSON.stringify(body)).toBe(200);
            expect(body).toEqual({ accepted: BATCH, duplicates: 0, rejected: [] });
            break;
          }
          for (const id of ids) acknowledged.add(id);
          ackedThisRound.push(...ids);
          if (++acks === killAfter)
            killing = new Promise((r) => setTimeout(r, killDelayMs)).then(() => {
              killed = true;
              return kill9(s);
            });
        }
      };
      await Promise.all(Array.from({ length: SENDERS }, (_, n) => sender(n)));
      await killing;
      expect(killed).toBe(true);
      expect(ackedThisRound.length).toBeGreaterThanOrEqual(killAfter * BATCH);

      if (fixtures.db === "pglite") {
        // The dead server's lock is still there; the restart must see it is stale and take it.
        const lock = JSON.parse(readFileSync(path.join(dataDir, "keel.lock"), "utf8")) as { pid: number; role: string };
        expect(lock.role).toBe("server");
        expect(lock.pid).not.toBe(process.pid);
      }
      server = await start();
      expect(readFileSync(logFile, "utf8")).not.toContain("in use by a running Keel server");

      // Every acknowledged run, exactly once; nothing that was never sent.
      const { ids, total } = await listAll(server);
      expect(ids.length).toBe(total);
      expect(new Set(ids).size).toBe(ids.length);
      const listed = new Set(ids);
      expect([...acknowledged].filter((id) => !listed.has(id))).toEqual([]);
      expect(ids.filter((id) => !sent.has(id))).toEqual([]);
      for (const id of ackedThisRound) {
        const res = await api(server, `/api/v1/runs/${encodeURIComponent(id)}`);
        expect(res.status, id).toBe(200);
        const run = (await res.json()) as { id: string; toolCalls: unknown[] };
        expect(run.id).toBe(id);
        expect(run.toolCalls).toHaveLength(CALLS_PER_RUN);
      }

      // The client sends what was in flight again: stored exactly once either way. A duplicate
      // here is a batch committed just before the kill, whose answer never left.
      let committedUnanswered = 0;
      for (const batch of inFlight) {
        const res = await api(server, "/api/v1/runs", { method: "POST", body: JSON.stringify({ runs: batch.map((id) => validRun(id)) }) });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
        expect(body.accepted + body.duplicates).toBe(batch.length);
        expect(body.rejected).toEqual([]);
        committedUnanswered += body.duplicates;
        for (const id of batch) acknowledged.add(id);
      }
      const after = await listAll(server);
      expect(after.total).toBe(sent.size);
      expect(new Set(after.ids)).toEqual(sent);
      test.info().annotations.push({
        type: `round ${round}`,
        description:
          `killed ${killDelayMs} ms after acknowledged batch ${killAfter}; ${ackedThisRound.length} runs acknowledged, ` +
          `${inFlight.length} batches unanswered (${committedUnanswered} of their runs had been committed); ${sent.size} runs stored`,
      });
    }

    await stop(server);
    server = null;
    expect(existsSync(path.join(dataDir, "keel.lock"))).toBe(false);

    if (fixtures.db === "pglite") {
      // The data dir itself: every B-tree index agrees with its table, the heaps are sound.
      const db = await PGlite.create({ dataDir: path.join(dataDir, "pglite"), extensions: { amcheck } });
      try {
        await db.exec("CREATE EXTENSION IF NOT EXISTS amcheck");
        const indexes = await db.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND a.amname = 'btree'`,
        );
        expect(indexes.rows.map((r) => r.name)).toContain("runs_pkey");
        for (const { name } of indexes.rows) await db.query(`SELECT bt_index_check($1::regclass, true)`, [`"${name}"`]);
        for (const table of ["runs", "tool_calls"]) {
          const corrupt = await db.query(`SELECT * FROM verify_heapam($1::regclass)`, [table]);
          expect(corrupt.rows, table).toEqual([]);
        }
        const counts = await db.query<{ runs: number; calls: number }>(
          `SELECT (SELECT count(*)::int FROM runs) AS runs, (SELECT count(*)::int FROM tool_calls) AS calls`,
        );
        expect(counts.rows[0]).toEqual({ runs: sent.size, calls: sent.size * CALLS_PER_RUN });
      } finally {
        await db.close();
      }
    } else {
      const client = new pg.Client({ connectionString: database!.url });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT (SELECT count(*)::int FROM runs) AS runs, (SELECT count(*)::int FROM tool_calls) AS calls`);
        expect(rows[0]).toEqual({ runs: sent.size, calls: sent.size * CALLS_PER_RUN });
      } finally {
        await client.end();
      }
    }
    test.info().annotations.push({ type: "kill points", description: killPoints.join(", ") });
  });
});
