// A small, strict flag parser: `--name value`, `--name=value`, repeatable flags, booleans.
// Anything it does not know is a usage error naming the flag, so a typo never passes silently.

export type FlagKind = "string" | "strings" | "boolean";
export type FlagSpecs = Record<string, FlagKind>;

export type ParsedFlags<S extends FlagSpecs> = {
  [K in keyof S]?: S[K] extends "string" ? string : S[K] extends "strings" ? string[] : boolean;
};

/** A mistake in how the CLI was called: exit code 2, with a pointer to the command's help. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help to point at, e.g. "api-key create"; empty for the global help. */
    readonly command = "",
  ) {
    super(message);
    this.name = "UsageError";
  }
}

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

export function parseFlags<S extends FlagSpecs>(argv: readonly string[], specs: S, command: string): ParsedFlags<S> {
  const out: Record<string, string | string[] | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--") || arg === "--") {
      throw new UsageError(`unexpected argument '${arg}'`, command);
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = specs[name];
    if (!kind) throw new UsageError(`unknown option --${name}`, command);
    if (kind === "boolean") {
      if (eq !== -1) throw new UsageError(`option --${name} takes no value`, command);
      out[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("--")) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value.trim() === "") throw new UsageError(`option --${name} needs a value`, command);
    if (kind === "strings") out[name] = [...((out[name] as string[] | undefined) ?? []), value];
    else if (out[name] !== undefined) throw new UsageError(`option --${name} was given twice`, command);
    else out[name] = value;
  }
  return out as ParsedFlags<S>;
}

export function requireFlag(value: string | undefined, name: string, command: string): string {
  if (value === undefined) throw new UsageError(`missing required option --${name}`, command);
  return value;
}

/** Checks a value against a closed list; the error names the flag, the value and the choices. */
export function oneOf<T extends string>(value: string, choices: readonly T[], flag: string, command: string): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value '${value}' for --${flag}; expected one of: ${choices.join(", ")}`, command);
}
