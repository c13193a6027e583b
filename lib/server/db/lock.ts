import "server-only";
// One process at a time on an embedded (PGlite) data dir: two processes opening it corrupt it
// for good, silently. The server and the CLI both take this lock file; whoever finds it held by
// a live process refuses with a clear message. A lock left by a dead process is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

export interface LockInfo {
  pid: number;
  role: "server" | "cli" | "test";
  startedAt: string;
  port?: number;
  /** Linux: the holder's start time in clock ticks since boot (/proc/<pid>/stat field 22), to tell a reused pid. */
  procStart?: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockInfo,
  ) {
    super(
      holder.role === "server"
        ? `the embedded database in ${path.dirname(lockFile)} is in use by a running Keel server ` +
            `(pid ${holder.pid}${holder.port ? `, port ${holder.port}` : ""}). Two processes on one ` +
            `embedded database would corrupt it, so this command refuses. Stop the server first, ` +
            `or use the running server (its web UI or HTTP API), or run Keel on PostgreSQL (DATABASE_URL).`
        : `the embedded database in ${path.dirname(lockFile)} is in use by another Keel process ` +
            `(${holder.role}, pid ${holder.pid}). Wait for it to finish, then try again.`,
    );
    this.name = "DataDirLockedError";
  }
}

/** State and start time of a process from /proc (Linux); null where /proc is not there. */
function procStat(pid: number): { state: string; start: string } | null {
  try {
    const stat = readFileSync(/*turbopackIgnore: true*/ `/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", start: fields[19] ?? "" };
  } catch {
    return null;
  }
}

/**
 * Whether the lock's holder still runs. A killed server can linger as a zombie until its parent
 * reaps it (kill(pid, 0) still succeeds then), and after a reboot or in a container its pid can
 * belong to another process: both count as dead.
 */
function holderAlive(holder: LockInfo): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const stat = procStat(holder.pid);
  if (!stat) return true;
  if (stat.state === "Z" || stat.state === "X" || stat.state === "x") return false;
  if (holder.procStart && stat.start && holder.procStart !== stat.start) return false;
  return true;
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as LockInfo;
  } catch {
    return null;
  }
}

/** Takes the lock for this process or throws DataDirLockedError. Returns the release function. */
export function acquireDataDirLock(dir: string, info: Omit<LockInfo, "pid" | "startedAt">): () => void {
  mkdirSync(/*turbopackIgnore: true*/ dir, { recursive: true });
  const file = path.join(dir, "keel.lock");
  const procStart = procStat(process.pid)?.start;
  const mine: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), ...info, ...(procStart ? { procStart } : {}) };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(/*turbopackIgnore: true*/ file, "wx", 0o600);
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const current = readLock(file);
        if (current?.pid === process.pid) rmSync(/*turbopackIgnore: true*/ file, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readLock(file);
      if (holder && holder.pid === process.pid) return () => {};
      if (holder && holderAlive(holder)) throw new DataDirLockedError(file, holder);
      // Stale (holder died) or unreadable half-written file: remove and retry.
      rmSync(/*turbopackIgnore: true*/ file, { force: true });
    }
  }
  throw new Error(`could not take the lock ${file}`);
}

export function readDataDirLock(dir: string): LockInfo | null {
  return readLock(path.join(dir, "keel.lock"));
}
