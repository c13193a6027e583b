// What a CLI command is: its name, its help, its flags, and what it does with them.
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

/** The human side of the output. Results that scripts capture go to stdout (`result`). */
export function say(line: string): void {
  process.stderr.write(line + "\n");
}

export function result(line: string): void {
  process.stdout.write(line + "\n");
}
