// Runs the `keel` CLI against a real database: a fresh PGlite data dir under /tmp/keel-cli-*, or a
// fresh PostgreSQL database keel_cli_<random> on the TEST_DATABASE_URL server (dropped afterwards).
// Shared by the cli*, demo* suites. runCliInProcess calls runKeel (scripts/cli/run.ts), the same
// function bin/keel.mjs ends in, in the test's own process: no Node and tsx start per call.
// runCli starts the real bin/keel.mjs: for what needs a separate process (a lock held by another
// process, real stdin) and to keep the launcher itself covered.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/server/db/open";
import { runKeel } from "@/scripts/cli/run";
import { postgresTestUrl } from "../helpers/db";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const KEEL_BIN = path.join(ROOT, "bin", "keel.mjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type CliTargetKind = "pglite" | "postgres";

/** The databases to run CLI suites on: `describe.each(cliTargetKinds())`. */
export function cliTargetKinds(): CliTargetKind[] {
  return postgresTestUrl() ? ["pglite", "postgres"] : ["pglite"];
}

export interface CliTarget {
  kind: CliTargetKind;
  /** The environment that points the CLI (and the server) at this database. */
  env: Record<string, string>;
  /** PGlite: the KEEL_DATA_DIR; PostgreSQL: null. */
  dataDir: string | null;
  /** Opens the database in this process (PGlite: taking the lock as "test"). Close it before the next CLI call. */
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

export async function createCliTarget(kind: CliTargetKind): Promise<CliTarget> {
  if (kind === "pglite") {
    const dataDir = mkdtempSync("/tmp/keel-cli-");
    return {
      kind,
      dataDir,
      // An empty DATABASE_URL: the embedded database, whatever a .env file says.
      env: { KEEL_DATA_DIR: dataDir, DATABASE_URL: "" },
      open: () =>
        openDatabase({ kind: "pglite", dir: path.join(dataDir, "pglite"), lock: { dataDir, role: "test" } }),
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const serverUrl = postgresTestUrl();
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `keel_cli_${randomBytes(5).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    dataDir: null,
    env: { DATABASE_URL: url.toString() },
    open: () => openDatabase({ kind: "postgres", url: url.toString(), poolSize: 2 }),
    cleanup: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Variables of the caller that would point the CLI somewhere else. */
const SCRUBBED = ["DATABASE_URL", "KEEL_DATA_DIR", "PORT", "NEXTAUTH_URL", "KEEL_DEMO"];

export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SCRUBBED) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith("KEEL_INIT_")) delete env[name];
  return { ...env, ...extra };
}

export function runCli(args: string[], env: Record<string, string>, opts: { input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KEEL_BIN, ...args], {
      // Not the package root: the CLI must find its migrations from anywhere.
      cwd: "/tmp",
      env: cleanEnv(env),
      stdio: ["pipe", "pipe", "pipe"],
      // A hung CLI must not outlive its test.
      timeout: 280_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}

/**
 * runCli's twin in this process: same arguments, environment (with the KEEL_APP_ROOT and
 * absolute KEEL_DATA_DIR bin/keel.mjs would set), working directory and stdin; same result.
 * Calls must not overlap (runKeel swaps process.env for the call).
 */
export async function runCliInProcess(args: string[], env: Record<string, string>, opts: { input?: string } = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runKeel(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from([Buffer.from(opts.input ?? "")]),
    env: cleanEnv({ ...env, KEEL_APP_ROOT: ROOT }),
    cwd: "/tmp",
  });
  return { code, stdout, stderr };
}

/** The last non-empty line of a text. */
export function lastLine(text: string): string {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines[lines.length - 1] ?? "";
}

/** Opens the target's database in this process for fn, and closes it (before the next CLI call). */
export async function withTargetDb<T>(target: CliTarget, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await target.open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
