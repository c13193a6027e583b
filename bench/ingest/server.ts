// Starts the built app (`next start` through scripts/start.mjs) in its own process group for the
// benchmark, and stops it again.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..", "..");

/** Builds into distDir when it holds no build (restoring tsconfig.json, which `next build` edits). */
export function ensureBuild(distDir: string) {
  if (existsSync(path.join(root, distDir, "BUILD_ID"))) return;
  console.log(`[bench] building into ${distDir}…`);
  const tsconfig = path.join(root, "tsconfig.json");
  const before = readFileSync(tsconfig, "utf8");
  const res = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, KEEL_DIST_DIR: distDir },
  });
  if (readFileSync(tsconfig, "utf8") !== before) writeFileSync(tsconfig, before);
  if (res.status !== 0) throw new Error(`next build failed (exit ${res.status})`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseURL: string;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>, logFile: string): Promise<RunningServer> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), KEEL_SKIP_BUILD: "1", NODE_ENV: "production", NEXTAUTH_URL: baseURL },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    signal("SIGKILL");
    out.end();
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited during start-up; see ${logFile}`);
    try {
      const res = await fetch(`${baseURL}/api/health`);
      if (res.status === 200) return { baseURL, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not become healthy; see ${logFile}`);
    }
    await Promise.race([new Promise((r) => setTimeout(r, 200)), exited]);
  }
}
