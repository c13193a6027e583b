// The `keel` command line as a function: runKeel(argv, io) runs one command with its output on
// io.stdout / io.stderr and returns the exit code: 0 done, 1 the command failed (database locked
// or unreachable, project not found…), 2 a usage error (unknown command or option, bad or missing
// value), always with a message naming what was wrong. It never exits the process: scripts/cli/main.ts
// (started by bin/keel.mjs) is the process around it, and tests call it in-process.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DataDirLockedError } from "@/lib/server/db/lock";
import { UsageError, wantsHelp } from "./args";
import { withCliStreams, type CliStreams, type Command } from "./command";
import { COMMANDS } from "./commands";
import { errorMessage } from "./database";

export interface KeelIo extends Partial<CliStreams> {
  stdout: CliStreams["stdout"];
  stderr: CliStreams["stderr"];
  /** The environment the command sees (default: process.env, unchanged). */
  env?: NodeJS.ProcessEnv;
  /** The caller's directory: a relative KEEL_DATA_DIR is resolved against it (default: process.cwd()). */
  cwd?: string;
}

/** The package root (KEEL_APP_ROOT): migrations, package.json and the default data dir are found from it. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Help for `keel --help`, `keel <group> --help`, or a usage error's reply: printed, not thrown. */
class HelpRequest {
  constructor(readonly text: string) {}
}

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: keel <command> [options]",
    "",
    "Keel: a self-hosted reliability dashboard for LLM agents. These commands work on the same",
    "database as the server: PostgreSQL when DATABASE_URL is set, else the embedded database",
    "under KEEL_DATA_DIR (default ./.keel/data), which must not be in use by a running server.",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run 'keel <command> --help' for a command's options. 'keel --version' prints the version.",
  ].join("\n");
}

function groupHelp(group: string): string {
  const members = COMMANDS.filter((c) => c.name.startsWith(group + " "));
  const width = Math.max(...members.map((c) => c.name.length));
  return [
    `Usage: keel ${group} <command> [options]`,
    "",
    "Commands:",
    ...members.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    `Run 'keel ${group} <command> --help' for a command's options.`,
  ].join("\n");
}

/** Finds the command named by the first one or two words; the rest are its options. */
function resolve(argv: readonly string[]): { command: Command; rest: readonly string[] } {
  const [first, second] = argv;
  const single = COMMANDS.find((c) => c.name === first);
  if (single) return { command: single, rest: argv.slice(1) };
  const isGroup = COMMANDS.some((c) => c.name.startsWith(first + " "));
  if (!isGroup) throw new UsageError(`unknown command '${first}'`);
  if (second === undefined || second.startsWith("-")) {
    if (wantsHelp(argv)) throw new HelpRequest(groupHelp(first));
    throw new UsageError(`'keel ${first}' needs a command`, first);
  }
  const pair = COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (!pair) throw new UsageError(`unknown command '${first} ${second}'`, first);
  return { command: pair, rest: argv.slice(2) };
}

function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

async function main(argv: readonly string[], io: CliStreams): Promise<number> {
  const first = argv[0];
  if (first === undefined) {
    io.stderr.write(globalHelp() + "\n");
    return 2;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    const topic = first === "help" ? argv.slice(1) : [];
    if (!topic.length) io.stdout.write(globalHelp() + "\n");
    else io.stdout.write(resolve([...topic, "--help"]).command.help + "\n");
    return 0;
  }
  if (first === "--version" || first === "-v") {
    io.stdout.write(version() + "\n");
    return 0;
  }
  if (first.startsWith("-")) throw new UsageError(`unknown option ${first} (options go after the command)`);
  const { command, rest } = resolve(argv);
  if (wantsHelp(rest)) {
    io.stdout.write(command.help + "\n");
    return 0;
  }
  await command.execute(rest);
  return 0;
}

function report(err: unknown, io: CliStreams): number {
  if (err instanceof HelpRequest) {
    io.stdout.write(err.text + "\n");
    return 0;
  }
  if (err instanceof UsageError) {
    const helpCmd = err.command ? `keel ${err.command} --help` : "keel --help";
    io.stderr.write(`keel: error: ${err.message}\nRun '${helpCmd}' for usage.\n`);
    return 2;
  }
  io.stderr.write(`keel: error: ${errorMessage(err)}\n`);
  if (!(err instanceof DataDirLockedError) && process.env.KEEL_DEBUG && err instanceof Error && err.stack) {
    io.stderr.write(err.stack + "\n");
  }
  return 1;
}

/**
 * Runs `keel <argv…>` and resolves to its exit code. The commands read their configuration from
 * process.env (lib/server/env), so while a call with `io.env` runs, process.env is that environment
 * (with KEEL_APP_ROOT and KEEL_DATA_DIR filled in as the server would): calls must not overlap.
 */
export async function runKeel(argv: readonly string[], io: KeelIo): Promise<number> {
  const streams: CliStreams = {
    stdout: io.stdout,
    stderr: io.stderr,
    // process.stdin is created only when a command reads it.
    get stdin() {
      return io.stdin ?? process.stdin;
    },
  };
  const saved = process.env;
  const env = io.env ?? process.env;
  // The data dir default of the server, whose working directory is the package root; a relative
  // KEEL_DATA_DIR is the caller's.
  const dataDir = env.KEEL_DATA_DIR ? path.resolve(io.cwd ?? process.cwd(), env.KEEL_DATA_DIR) : path.join(ROOT, ".keel", "data");
  const settings = { KEEL_APP_ROOT: ROOT, KEEL_DATA_DIR: dataDir };
  if (io.env) process.env = { ...io.env, ...settings };
  else Object.assign(process.env, settings);
  try {
    // `npx keel -- --version`: npx hands the separator through.
    const args = argv[0] === "--" ? argv.slice(1) : argv;
    return await withCliStreams(streams, () => main(args, streams)).catch((err: unknown) => report(err, streams));
  } finally {
    process.env = saved;
  }
}
