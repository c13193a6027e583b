// What a CLI command is: its name, its help, its flags, and what it does with them; and where its
// output goes (the io of the runKeel call it runs in: the process's streams, or a test's buffers).
import { AsyncLocalStorage } from "node:async_hooks";
import { parseFlags, type FlagSpecs, type ParsedFlags } from "./args";

export interface Command {
  /** "migrate", "api-key create", … */
  name: string;
  summary: string;
  /** The full help text shown by `keel <command> --help`. */
  help: string;
  execute(argv: readonly string[]): Promise<void>;
}

export function defineCommand<S extends FlagSpecs>(spec: {
  name: string;
  summary: string;
  help: string;
  flags: S;
  run(flags: ParsedFlags<S>): Promise<void>;
}): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    help: spec.help.trim(),
    execute: (argv) => spec.run(parseFlags(argv, spec.flags, spec.name)),
  };
}

/** Where one run of the CLI reads and writes (scripts/cli/run.ts). */
export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** What --password-stdin reads. */
  stdin: AsyncIterable<Buffer | string>;
}

// Getters: process.stdin is created only when a command reads it.
const PROCESS_STREAMS: CliStreams = {
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
  get stdin() {
    return process.stdin;
  },
};
const current = new AsyncLocalStorage<CliStreams>();

/** Runs fn with its say/result/stdin going to `streams`. */
export function withCliStreams<T>(streams: CliStreams, fn: () => Promise<T>): Promise<T> {
  return current.run(streams, fn);
}

export function cliStreams(): CliStreams {
  return current.getStore() ?? PROCESS_STREAMS;
}

/** The human side of the output. Results that scripts capture go to stdout (`result`). */
export function say(line: string): void {
  cliStreams().stderr.write(line + "\n");
}

export function result(line: string): void {
  cliStreams().stdout.write(line + "\n");
}
