// Checks of the values people type on the command line; each error names its flag.
import { slugify } from "@/lib/server/services/accounts";
import { UsageError } from "../args";
import { cliStreams } from "../command";
import type { Database } from "@/lib/server/db/open";

/** A project name as given to --project: its slug is what identifies the project. */
export function projectName(value: string, command: string): { name: string; slug: string } {
  const name = value.trim();
  if (!/[a-z0-9]/i.test(name)) {
    throw new UsageError(`invalid value '${value}' for --project: a name needs at least one letter or digit`, command);
  }
  if (name.length > 100) throw new UsageError(`invalid value for --project: at most 100 characters`, command);
  return { name, slug: slugify(name) };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function email(value: string, command: string, flag = "--email"): string {
  const v = value.trim();
  if (!EMAIL.test(v) || v.length > 254) {
    throw new UsageError(`invalid value '${value}' for ${flag}: not an email address`, command);
  }
  return v;
}

/** The audit actor of a CLI command: `cli`, with the command (e.g. "api-key create") as context. */
export function cliActor(command: string): { type: "cli"; label: string } {
  return { type: "cli", label: `keel ${command}` };
}

export const MIN_PASSWORD_LENGTH = 8;

export function password(value: string, flag: string, command: string): string {
  if (value.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`invalid value for ${flag}: at least ${MIN_PASSWORD_LENGTH} characters`, command);
  }
  return value;
}

/** Reads everything on stdin (for --password-stdin), without the final newline. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of cliStreams().stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** The id of the project with this slug; a missing project fails the command (exit 1). */
export async function projectIdOf(db: Database, slug: string): Promise<string> {
  const { findProjectBySlug } = await import("@/lib/server/queries/projects");
  const project = await findProjectBySlug(db, slug);
  if (!project) throw new Error(`project '${slug}' not found`);
  return project.id;
}
