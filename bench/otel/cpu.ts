// Where the CPU went during a timed phase (Linux /proc): the Keel server's processes (found by the
// bench's unique KEEL_DATA_DIR in their environment), the PostgreSQL backends serving the bench
// database, this process, and everything else on the machine (other work sharing the cores).
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function procTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = cpu[3] + cpu[4];
  return { busy: total - idle, total };
}

export function pidsWithEnv(entry: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, "utf8").split("\0").includes(entry)) out.push(Number(name));
    } catch {
      // gone, or not ours
    }
  }
  return out;
}

interface CpuSnapshot {
  at: number;
  server: Map<number, number>;
  db: Map<number, number>;
  client: NodeJS.CpuUsage;
  machine: { busy: number; total: number };
}

export function cpuSnapshot(serverPids: number[], dbPids: number[]): CpuSnapshot {
  const read = (pids: number[]) => new Map(pids.flatMap((p) => (procTicks(p) === null ? [] : [[p, procTicks(p)!] as [number, number]])));
  return { at: performance.now(), server: read(serverPids), db: read(dbPids), client: process.cpuUsage(), machine: machineTicks() };
}

/** Cores used on average between two snapshots (processes that appeared meanwhile count in full). */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot) {
  const seconds = (b.at - a.at) / 1000;
  const used = (x: Map<number, number>, y: Map<number, number>) =>
    [...y.entries()].reduce((sum, [pid, t]) => sum + (t - (x.get(pid) ?? 0)), 0) / TICKS_PER_SECOND / seconds;
  const client = (b.client.user + b.client.system - a.client.user - a.client.system) / 1e6 / seconds;
  const machineBusy = ((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * coreCount();
  const server = used(a.server, b.server);
  const db = used(a.db, b.db);
  return { server, db, client, other: Math.max(0, machineBusy - server - db - client), machineBusy };
}

function coreCount(): number {
  return readFileSync("/proc/stat", "utf8").split("\n").filter((l) => /^cpu\d+ /.test(l)).length;
}

export type Cpu = ReturnType<typeof cpuBetween>;

/** Starts counting CPU for a timed phase; the returned function stops and averages it. */
export async function cpuPhase(dataDir: string, backends: () => Promise<number[]>): Promise<() => Promise<Cpu>> {
  const serverPids = () => pidsWithEnv(`KEEL_DATA_DIR=${dataDir}`);
  const a: CpuSnapshot = cpuSnapshot(serverPids(), await backends());
  return async () => {
    const b = cpuSnapshot([...new Set([...a.server.keys(), ...serverPids()])], [...new Set([...a.db.keys(), ...(await backends())])]);
    return cpuBetween(a, b);
  };
}

export const cpuLine = (c: Cpu) =>
  `CPU (cores of ${coreCount()}): server ${c.server.toFixed(2)}, PostgreSQL ${c.db.toFixed(2)}, bench client ${c.client.toFixed(2)}, ` +
  `everything else on the machine ${c.other.toFixed(2)}`;
