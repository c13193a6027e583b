// The data-dir lock's staleness test: a holder that is dead, a zombie (killed, not yet reaped by
// its parent) or a different process under a reused pid does not keep a restarted server out;
// a live holder does.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "@/lib/server/db/lock";

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir() {
  const d = mkdtempSync(path.join(os.tmpdir(), "keel-lock-"));
  dirs.push(d);
  return d;
}

function procStart(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!;
}

function procState(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0]!;
  } catch {
    return "gone";
  }
}

/**
 * A shell that starts a short `sleep` in the background and then becomes a long `sleep`, which never
 * reaps it: once the short one ends, it is a zombie (the short one outlives the exec, so it is the
 * long sleep's child, not the shell's).
 */
async function zombie(): Promise<number> {
  const parent = spawn("sh", ["-c", "sleep 0.2 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
  children.push(parent);
  const pid = await new Promise<number>((resolve) => parent.stdout!.once("data", (b: Buffer) => resolve(Number(String(b).trim()))));
  // Wait (bounded) for the short sleep to end and turn into a zombie.
  const deadline = Date.now() + 10_000;
  while (procState(pid) !== "Z" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return pid;
}

describe("data-dir lock staleness", () => {
  it("a zombie holder (killed, not reaped) is dead: the lock is taken over", async () => {
    const dir = tempDir();
    const pid = await zombie();
    expect(procState(pid)).toBe("Z");
    writeFileSync(path.join(dir, "keel.lock"), JSON.stringify({ pid, role: "server", startedAt: new Date().toISOString(), port: 3000 }));
    const release = acquireDataDirLock(dir, { role: "server", port: 3001 });
    expect(JSON.parse(readFileSync(path.join(dir, "keel.lock"), "utf8"))).toMatchObject({ pid: process.pid, port: 3001 });
    release();
  });

  it("a live process under the holder's pid but with another start time (pid reused) does not hold it", () => {
    const dir = tempDir();
    const other = spawn("sleep", ["30"]);
    children.push(other);
    writeFileSync(
      path.join(dir, "keel.lock"),
      JSON.stringify({ pid: other.pid, role: "server", startedAt: new Date().toISOString(), procStart: "1" }),
    );
    const release = acquireDataDirLock(dir, { role: "server" });
    release();
  });

  it("a live holder with its own start time holds it", () => {
    const dir = tempDir();
    const other = spawn("sleep", ["30"]);
    children.push(other);
    writeFileSync(
      path.join(dir, "keel.lock"),
      JSON.stringify({ pid: other.pid, role: "server", startedAt: new Date().toISOString(), procStart: procStart(other.pid!), port: 4000 }),
    );
    expect(() => acquireDataDirLock(dir, { role: "cli" })).toThrow(DataDirLockedError);
  });
});
