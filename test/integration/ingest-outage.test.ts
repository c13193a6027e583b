// The database lost in the middle of a batch (CONTRACT §4): the error is one the API answers with
// 503, nothing of the batch is stored (not even the runs inserted before the loss), and the
// client's retry stores each run once. The cut is placed deterministically: right after the
// batch's runs INSERT, before its tool calls.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/server/db/open";
import type { SqlRunner } from "@/lib/server/db/sql-runner";
import { isDatabaseUnavailable } from "@/lib/server/http/errors";
import { ingestRuns } from "@/lib/server/ingest";
import { createTestProject, postgresTestUrl, testDatabases } from "@/test/helpers/db";
import { validRun } from "./ingest-cases";

type Tx = Omit<SqlRunner, "transaction">;

/** A runner that calls `cut` once, inside the transaction, right after the runs INSERT. */
function cutAfterRunsInsert(sql: SqlRunner, cut: (tx: Tx) => Promise<void>): SqlRunner {
  let done = false;
  return {
    ...sql,
    transaction: (fn) =>
      sql.transaction((tx) =>
        fn({
          ...tx,
          async query<T>(text: string, params?: unknown[]) {
            const rows = await tx.query<T>(text, params);
            if (!done && text.startsWith('INSERT INTO "runs"')) {
              done = true;
              await cut(tx);
            }
            return rows;
          },
        }),
      ),
  };
}

const batch = (prefix: string) => Array.from({ length: 50 }, (_, i) => validRun(`${prefix}-${i}`));

async function stored(db: Database, projectId: string, prefix: string) {
  const [row] = await db.sql.query<{ runs: number; toolCalls: number }>(
    `SELECT count(DISTINCT r."pk")::int AS runs, count(t."seq")::int AS "toolCalls"
     FROM "runs" r LEFT JOIN "tool_calls" t ON t."runPk" = r."pk"
     WHERE r."projectId" = $1 AND r."id" LIKE $2`,
    [projectId, `${prefix}-%`],
  );
  return row;
}

describe.each(testDatabases())("a connection error mid-batch on $name", (target) => {
  let db: Database;
  let projectId: string;

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "outage")).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  it("rolls the whole batch back, and the retry stores each run once", async () => {
    const lost = Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" });
    const cutDb: Database = { ...db, sql: cutAfterRunsInsert(db.sql, async () => Promise.reject(lost)) };
    const err = await ingestRuns(cutDb, projectId, batch("cut")).catch((e: unknown) => e);
    expect(err).toBe(lost);
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(await stored(db, projectId, "cut")).toEqual({ runs: 0, toolCalls: 0 });

    expect(await ingestRuns(db, projectId, batch("cut"))).toEqual({ accepted: 50, duplicates: 0, rejected: [] });
    expect(await ingestRuns(db, projectId, batch("cut"))).toEqual({ accepted: 0, duplicates: 50, rejected: [] });
    expect(await stored(db, projectId, "cut")).toEqual({ runs: 50, toolCalls: 100 });
  });
});

const postgresUrl = postgresTestUrl();
describe.runIf(postgresUrl)("the PostgreSQL backend terminated mid-batch", () => {
  let db: Database;
  let admin: pg.Client;
  let projectId: string;

  beforeAll(async () => {
    db = await openDatabase({ kind: "postgres", url: postgresUrl!, poolSize: 2 });
    admin = new pg.Client({ connectionString: postgresUrl! });
    await admin.connect();
    projectId = (await createTestProject(db, "outage-pg")).id;
  });
  afterAll(async () => {
    await admin?.end();
    await db?.close();
  });

  it("answers with a connection error, stores nothing, and the retry lands once", async () => {
    const cutDb: Database = {
      ...db,
      sql: cutAfterRunsInsert(db.sql, async (tx) => {
        const [{ pid }] = await tx.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        // With a timeout, pg_terminate_backend waits until the backend is gone.
        const [{ ok }] = (await admin.query("SELECT pg_terminate_backend($1, 10000) AS ok", [pid])).rows;
        expect(ok).toBe(true);
      }),
    };
    const err = await ingestRuns(cutDb, projectId, batch("term")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(await stored(db, projectId, "term")).toEqual({ runs: 0, toolCalls: 0 });

    expect(await ingestRuns(db, projectId, batch("term"))).toEqual({ accepted: 50, duplicates: 0, rejected: [] });
    expect(await ingestRuns(db, projectId, batch("term"))).toEqual({ accepted: 0, duplicates: 50, rejected: [] });
    expect(await stored(db, projectId, "term")).toEqual({ runs: 50, toolCalls: 100 });
  });
});

describe("PGlite closed under a batch", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keel-ingest-outage-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses with an unavailable error; reopened, nothing partial is there and the retry lands once", async () => {
    const first = await openDatabase({ kind: "pglite", dir });
    const projectId = (await createTestProject(first, "closed")).id;
    expect(await ingestRuns(first, projectId, batch("before"))).toMatchObject({ accepted: 50 });
    await first.close();

    const err = await ingestRuns(first, projectId, batch("closed")).catch((e: unknown) => e);
    expect(isDatabaseUnavailable(err)).toBe(true);

    const reopened = await openDatabase({ kind: "pglite", dir });
    try {
      expect(await stored(reopened, projectId, "before")).toEqual({ runs: 50, toolCalls: 100 });
      expect(await stored(reopened, projectId, "closed")).toEqual({ runs: 0, toolCalls: 0 });
      expect(await ingestRuns(reopened, projectId, batch("closed"))).toEqual({ accepted: 50, duplicates: 0, rejected: [] });
      expect(await ingestRuns(reopened, projectId, batch("closed"))).toEqual({ accepted: 0, duplicates: 50, rejected: [] });
    } finally {
      await reopened.close();
    }
  });
});
