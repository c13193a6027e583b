// The `keel` command line (started by bin/keel.mjs). Exit codes: 0 done, 1 the command failed
// (database locked or unreachable, project not found…), 2 a usage error (unknown command or
// option, bad or missing value), always with a message naming what was wrong.
import { readFileSync } from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import { DataDirLockedError } from "@/lib/server/db/lock";
import { appRoot } from "@/lib/server/db/migrate";
import { UsageError, wantsHelp } from "./args";
import type { Command } from "./command";
import { COMMANDS } from "./commands";
import { errorMessage } from "./database";

const root = appRoot();

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
    if (wantsHelp(argv)) {
      process.stdout.write(groupHelp(first) + "\n");
      process.exit(0);
    }
    throw new UsageError(`'keel ${first}' needs a command`, first);
  }
  const pair = COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (!pair) throw new UsageError(`unknown command '${first} ${second}'`, first);
  return { command: pair, rest: argv.slice(2) };
}

function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

async function main(argv: readonly string[]): Promise<number> {
  const first = argv[0];
  if (first === undefined) {
    process.stderr.write(globalHelp() + "\n");
    return 2;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    const topic = first === "help" ? argv.slice(1) : [];
    if (!topic.length) process.stdout.write(globalHelp() + "\n");
    else process.stdout.write(resolve([...topic, "--help"]).command.help + "\n");
    return 0;
  }
  if (first === "--version" || first === "-v") {
    process.stdout.write(version() + "\n");
    return 0;
  }
  if (first.startsWith("-")) throw new UsageError(`unknown option ${first} (options go after the command)`);
  const { command, rest } = resolve(argv);
  if (wantsHelp(rest)) {
    process.stdout.write(command.help + "\n");
    return 0;
  }
  await command.execute(rest);
  return 0;
}

function report(err: unknown): number {
  if (err instanceof UsageError) {
    const helpCmd = err.command ? `keel ${err.command} --help` : "keel --help";
    process.stderr.write(`keel: error: ${err.message}\nRun '${helpCmd}' for usage.\n`);
    return 2;
  }
  process.stderr.write(`keel: error: ${errorMessage(err)}\n`);
  if (!(err instanceof DataDirLockedError) && process.env.KEEL_DEBUG && err instanceof Error && err.stack) {
    process.stderr.write(err.stack + "\n");
  }
  return 1;
}

// The same .env files `next start` reads (existing environment variables win), then the data
// dir default of the server, whose working directory is the package root.
nextEnv.loadEnvConfig(root, false, { info: () => {}, error: (...args: unknown[]) => console.error(...args) });
process.env.KEEL_DATA_DIR = path.resolve(root, process.env.KEEL_DATA_DIR || path.join(".keel", "data"));

// `npx keel -- --version`: npx hands the separator through.
const args = process.argv.slice(2);
main(args[0] === "--" ? args.slice(1) : args).then(
  (code) => process.exit(code),
  (err: unknown) => process.exit(report(err)),
);
