// PGlite on a data dir fsyncs every commit (lib/server/db/pglite-fsync.ts, docs/operations.md):
// PostgreSQL runs with fsync=on and wal_sync_method=fsync, and its fsync calls reach fsync(2).
// Out of the box PGlite runs with fsync=off and its filesystem layer drops fsync, so an
// acknowledged run could vanish with a power loss; this test fails if that comes back.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/server/db/open";
import { pgliteFsyncCalls } from "@/lib/server/db/pglite-fsync";

describe("pglite on a data dir: commits are fsynced", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keel-fsync-"));
  let db: Database | undefined;
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("fsync is on, each commit calls fsync(2), reads do not, and the data survives a reopen", async () => {
    db = await openDatabase({ kind: "pglite", dir: path.join(dir, "pglite"), migrate: false });
    expect(await db.sql.query(`SELECT current_setting('fsync') AS "fsync", current_setting('wal_sync_method') AS "method"`)).toEqual([
      { fsync: "on", method: "fsync" },
    ]);
    await db.sql.exec(`CREATE TABLE fsync_probe (id int PRIMARY KEY)`);

    const before = pgliteFsyncCalls.count;
    for (let i = 1; i <= 10; i++) await db.sql.query(`INSERT INTO fsync_probe VALUES ($1)`, [i]);
    const perCommit = (pgliteFsyncCalls.count - before) / 10;
    expect(perCommit).toBeGreaterThanOrEqual(1);

    const beforeReads = pgliteFsyncCalls.count;
    for (let i = 0; i < 10; i++) await db.sql.query(`SELECT count(*)::int AS n FROM fsync_probe`);
    expect(pgliteFsyncCalls.count).toBe(beforeReads);

    await db.close();
    db = await openDatabase({ kind: "pglite", dir: path.join(dir, "pglite"), migrate: false });
    expect(await db.sql.query(`SELECT count(*)::int AS n FROM fsync_probe`)).toEqual([{ n: 10 }]);
  });
});
