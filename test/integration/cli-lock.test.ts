// The CLI and a running server on one database. Embedded (PGlite): the CLI refuses with the
// lock's message and exit 1, touching nothing; once the server is gone it works and the data is
// intact. PostgreSQL: the CLI simply works while the server runs.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readDataDirLock } from "@/lib/server/db/lock";
import { authenticateApiKey } from "@/lib/server/http/api-key-auth";
import { cleanEnv, cliTargetKinds, createCliTarget, lastLine, ROOT, runCli, type CliTarget } from "./cli-harness";

// Every test spawns the real CLI (Node + tsx + a database open), several seconds each on a
// loaded 2-core machine.
const CLI_TEST_TIMEOUT_MS = 300_000;

const HOLDER = path.join(ROOT, "test", "integration", "cli-lock-holder.ts");
const HOLDER_PORT = 3301;

interface Holder {
  child: ChildProcessWithoutNullStreams;
  exited: Promise<number | null>;
  release(): Promise<number | null>;
}

/** Starts the stand-in server and resolves once it printed "ready" (the database is open). */
function startHolder(env: Record<string, string>): Promise<Holder> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", HOLDER, String(HOLDER_PORT)], {
    cwd: ROOT,
    env: cleanEnv(env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const holder: Holder = {
    child,
    exited,
    release: () => {
      child.stdin.end();
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.split("\n").includes("ready")) resolve(holder);
    });
    void exited.then((code) => reject(new Error(`holder exited (${code}) before "ready": ${err}`)));
  });
}

/** Names, sizes and modification times of every file under dir. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = statSync(p);
        out[path.relative(dir, p)] = `${st.size}:${st.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return out;
}

describe.each(cliTargetKinds())("keel CLI while a server holds the database (%s)", (kind) => {
  let target: CliTarget;
  let holder: Holder | null = null;
  let firstKey = "";

  beforeAll(async () => {
    target = await createCliTarget(kind);
    const res = await runCli(["api-key", "create", "--project", "locked", "--scope", "ingest", "--scope", "read"], target.env);
    expect(res.code).toBe(0);
    firstKey = lastLine(res.stdout);
  });
  afterEach(async () => {
    await holder?.release();
    holder = null;
  });
  afterAll(async () => {
    await target?.cleanup();
  });

  if (kind === "pglite") {
    it("refuses every database command with the lock's message and exit 1, touching nothing", async () => {
      const dataDir = target.dataDir!;
      holder = await startHolder(target.env);
      const lock = readDataDirLock(dataDir);
      expect(lock).toMatchObject({ pid: holder.child.pid, role: "server", port: HOLDER_PORT });
      const before = snapshot(dataDir);
      const lockText = readFileSync(path.join(dataDir, "keel.lock"), "utf8");

      const commands = [
        ["api-key", "create", "--project", "intruder", "--scope", "read"],
        ["user", "create", "--email", "x@example.com", "--password", "long enough", "--project", "intruder", "--role", "viewer"],
        ["migrate"],
        ["demo"],
      ];
      for (const args of commands) {
        const res = await runCli(args, target.env);
        expect({ args, code: res.code, stdout: res.stdout }).toEqual({ args, code: 1, stdout: "" });
        expect(res.stderr).toBe(
          `keel: error: the embedded database in ${dataDir} is in use by a running Keel server ` +
            `(pid ${holder.child.pid}, port ${HOLDER_PORT}). Two processes on one embedded database would corrupt it, ` +
            `so this command refuses. Stop the server first, or use the running server (its web UI or HTTP API), ` +
            `or run Keel on PostgreSQL (DATABASE_URL).\n`,
        );
      }
      expect(snapshot(dataDir)).toEqual(before);
      expect(readFileSync(path.join(dataDir, "keel.lock"), "utf8")).toBe(lockText);

      expect(await holder.release()).toBe(0);
      holder = null;
      expect(existsSync(path.join(dataDir, "keel.lock"))).toBe(false);

      // The server is gone: the data dir opens and still has its data, and nothing of the refused commands.
      const db = await target.open();
      try {
        expect((await authenticateApiKey(db, firstKey))?.project.slug).toBe("locked");
        expect(await db.prisma.project.count({ where: { slug: "intruder" } })).toBe(0);
        expect(await db.prisma.user.count({ where: { email: "x@example.com" } })).toBe(0);
      } finally {
        await db.close();
      }
      const after = await runCli(["api-key", "create", "--project", "locked", "--scope", "read"], target.env);
      expect(after.code).toBe(0);
    }, CLI_TEST_TIMEOUT_MS);

    it("takes over a lock left by a process that died", async () => {
      const dataDir = target.dataDir!;
      const dead = spawn(process.execPath, ["-e", ""]);
      const deadPid = dead.pid!;
      await new Promise((resolve) => dead.on("close", resolve));
      writeFileSync(
        path.join(dataDir, "keel.lock"),
        JSON.stringify({ pid: deadPid, role: "server", startedAt: new Date().toISOString(), port: HOLDER_PORT }),
      );
      const res = await runCli(["api-key", "list", "--project", "locked"], target.env);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(firstKey.slice(0, 12));
      expect(existsSync(path.join(dataDir, "keel.lock"))).toBe(false);
    }, CLI_TEST_TIMEOUT_MS);
  } else {
    it("works while a server is connected", async () => {
      holder = await startHolder(target.env);
      const res = await runCli(["api-key", "create", "--project", "locked", "--scope", "read"], target.env);
      expect(res.code).toBe(0);
      const key = lastLine(res.stdout);
      const db = await target.open();
      try {
        expect((await authenticateApiKey(db, key))?.scopes).toEqual(["read"]);
        expect((await authenticateApiKey(db, firstKey))?.project.slug).toBe("locked");
      } finally {
        await db.close();
      }
    }, CLI_TEST_TIMEOUT_MS);
  }
});
