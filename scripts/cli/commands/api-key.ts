// keel api-key create | list | revoke
// Every change goes through the services the settings pages use, with the audit actor `cli`.
import { SCOPES, type Scope } from "@/lib/shared/permissions";
import { oneOf, requireFlag, UsageError } from "../args";
import { defineCommand, result, say } from "../command";
import { withDatabase } from "../database";
import type { Database } from "@/lib/server/db/open";
import { cliActor, email, projectIdOf, projectName } from "./inputs";

const CREATE = "api-key create";

export const apiKeyCreate = defineCommand({
  name: CREATE,
  summary: "create an API key for a project (created if missing); prints the key once",
  help: `
Usage: keel api-key create --project NAME --scope SCOPE [--scope SCOPE] [--name LABEL]
                           [--member EMAIL]...

Creates an API key for the project NAME (the project is created when missing; its slug is
the lower-case, dash-separated NAME). The key is printed once, alone on the last line of
stdout, so scripts can capture it:  KEY=$(npx keel api-key create --project shop --scope ingest)
Only its SHA-256 is stored: it cannot be shown again.

--member EMAIL makes that person (an existing account, e.g. admin@keel.local) admin of the
project unless they are already a member (their role is then kept), so they can see the runs
sent with the key. An unknown EMAIL fails the command (exit 1) before anything is created.

Options:
  --project NAME   the project (name or slug)                                      required
  --scope SCOPE    ingest (send runs) or read (read API); repeat for both          required
  --name LABEL     a label to tell keys apart in lists (default "API key")
  --member EMAIL   a person to make admin of the project; repeat for several
  -h, --help       show this help
`,
  flags: { project: "string", scope: "strings", name: "string", member: "strings" },
  async run(flags) {
    const project = projectName(requireFlag(flags.project, "project", CREATE), CREATE);
    if (!flags.scope?.length) throw new UsageError("missing required option --scope (ingest and/or read)", CREATE);
    const scopes: Scope[] = [...new Set(flags.scope.map((s) => oneOf(s.trim(), SCOPES, "scope", CREATE)))];
    const label = flags.name?.trim() || "API key";
    if (label.length > 100) throw new UsageError("invalid value for --name: at most 100 characters", CREATE);

    const members = (flags.member ?? []).map((m) => email(m, CREATE, "--member"));

    const { key, record, slug, projectCreated, added } = await withDatabase(async (db) => {
      const { findOrCreateProject, createProjectApiKey, ensureExistingMembers } = await import("@/lib/server/services/settings");
      const actor = cliActor(CREATE);
      // Unknown people fail before the project or the key exist.
      if (members.length) await assertUsersExist(db, members);
      const { project: p, created } = await findOrCreateProject(db, project.name, actor);
      const added = members.length ? await ensureExistingMembers(db, p.id, members, "admin", actor) : [];
      const { key, apiKey } = await createProjectApiKey(db, p.id, { name: label, scopes }, actor);
      return { key, record: apiKey, slug: p.slug, projectCreated: created, added };
    });
    if (projectCreated) say(`Created project '${slug}'.`);
    for (const m of added) {
      say(m.added ? `Made ${m.email} admin of project '${slug}'.` : `${m.email} is already a member of project '${slug}' (role ${m.role}).`);
    }
    say(
      `Created API key "${record.name}" (${record.prefix}…) for project '${slug}' with scopes ${scopes.join(", ")}. ` +
        `It is shown only once; store it now:`,
    );
    result(key);
  },
});

export const apiKeyList = defineCommand({
  name: "api-key list",
  summary: "list a project's API keys (prefixes only)",
  help: `
Usage: keel api-key list --project NAME

Lists the project's API keys: id, prefix, label, scopes, created, last used, revoked.

Options:
  --project NAME   the project (name or slug)                                      required
  -h, --help       show this help
`,
  flags: { project: "string" },
  async run(flags) {
    const { slug } = projectName(requireFlag(flags.project, "project", "api-key list"), "api-key list");
    const keys = await withDatabase(async (db) => {
      const { listApiKeysOldestFirst } = await import("@/lib/server/queries/settings");
      return listApiKeysOldestFirst(db, await projectIdOf(db, slug));
    });
    if (!keys.length) {
      say(`Project '${slug}' has no API keys.`);
      return;
    }
    const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "-");
    const rows = [
      ["ID", "PREFIX", "NAME", "SCOPES", "CREATED", "LAST USED", "REVOKED"],
      ...keys.map((k) => [k.id, k.prefix, k.name, k.scopes.join(","), day(k.createdAt), day(k.lastUsedAt), day(k.revokedAt)]),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) result(r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
  },
});

const REVOKE = "api-key revoke";

export const apiKeyRevoke = defineCommand({
  name: REVOKE,
  summary: "revoke an API key by its prefix or id (stops working at once)",
  help: `
Usage: keel api-key revoke (--prefix PREFIX | --id ID) [--project NAME]

Revokes one API key; requests with it are refused from then on. PREFIX is the start of the
key as shown by \`keel api-key list\` (e.g. keel_Ab3dE9x); it must match exactly one key.

Options:
  --prefix PREFIX  the key's prefix (or the start of the key itself)
  --id ID          the key's id
  --project NAME   only look in this project
  -h, --help       show this help
`,
  flags: { prefix: "string", id: "string", project: "string" },
  async run(flags) {
    if (!flags.prefix === !flags.id) throw new UsageError("give exactly one of --prefix or --id", REVOKE);
    const slug = flags.project ? projectName(flags.project, REVOKE).slug : undefined;
    // A stored prefix is the key's first 12 characters; a longer value (the key) is cut to that.
    const prefix = flags.prefix?.trim().slice(0, 12);
    const message = await withDatabase(async (db) => {
      const { findApiKeys } = await import("@/lib/server/queries/settings");
      const projectId = slug ? await projectIdOf(db, slug) : undefined;
      const matches = await findApiKeys(db, flags.id ? { id: flags.id.trim() } : { prefix: prefix ?? "" }, projectId);
      if (!matches.length) throw new Error(`no API key matches ${flags.id ? `id '${flags.id}'` : `prefix '${prefix}'`}`);
      if (matches.length > 1) {
        throw new Error(
          `prefix '${prefix}' matches ${matches.length} keys (${matches.map((k) => k.id).join(", ")}); use --id`,
        );
      }
      const key = matches[0];
      if (key.revokedAt) return `API key ${key.prefix}… of project '${key.projectSlug}' was already revoked.`;
      const { revokeProjectApiKey } = await import("@/lib/server/services/settings");
      await revokeProjectApiKey(db, key.projectId, key.id, cliActor(REVOKE));
      return `Revoked API key "${key.name}" (${key.prefix}…) of project '${key.projectSlug}'.`;
    });
    result(message);
  },
});

/** `--member` names existing people only: exit 1 naming each unknown email. */
async function assertUsersExist(db: Database, emails: string[]) {
  const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
  const { existingUserEmails } = await import("@/lib/server/queries/settings");
  const known = await existingUserEmails(db, wanted);
  const missing = wanted.filter((e) => !known.has(e));
  if (missing.length) {
    throw new Error(
      `no user with email ${missing.join(", ")} (--member names an existing person; create one with: keel user create --email ${missing[0]} --project NAME --role ROLE)`,
    );
  }
}
