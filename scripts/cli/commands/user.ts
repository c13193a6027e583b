// keel user create: through the same member service as Settings → Members, audited as `cli`.
import { normaliseEmail } from "@/lib/server/services/accounts";
import { ROLES } from "@/lib/shared/permissions";
import { oneOf, requireFlag, UsageError } from "../args";
import { defineCommand, result } from "../command";
import { withDatabase } from "../database";
import { cliActor, email, password, projectName, readStdin } from "./inputs";

const CREATE = "user create";

export const userCreate = defineCommand({
  name: CREATE,
  summary: "create a person who can sign in, with a role in a project (created if missing)",
  help: `
Usage: keel user create --email EMAIL (--password PASSWORD | --password-stdin)
                        --project NAME --role ROLE [--name NAME] [--reset-password]

Creates the person (if new) and makes them a member of the project NAME with ROLE (the
project is created when missing; an existing membership gets the new role), so they see the
project when they sign in. An existing person keeps their password unless --reset-password
is given. Each change is written to the project's audit log with the actor "CLI".

Roles, least privilege first: viewer (dashboards, weekly review), sre (+ traces, incidents),
owner (+ fix items, release gates), admin (+ members, API keys, settings).

Options:
  --email EMAIL        the sign-in email                                           required
  --password PASSWORD  at least 8 characters (visible to other local users in ps;
                       prefer --password-stdin)
  --password-stdin     read the password from stdin
  --project NAME       the project (name or slug)                                  required
  --role ROLE          ${ROLES.join(" | ").padEnd(60)}required
  --name NAME          display name
  --reset-password     set the password of an existing person too
  -h, --help           show this help
`,
  flags: {
    email: "string",
    password: "string",
    "password-stdin": "boolean",
    project: "string",
    role: "string",
    name: "string",
    "reset-password": "boolean",
  },
  async run(flags) {
    const address = normaliseEmail(email(requireFlag(flags.email, "email", CREATE), CREATE));
    const project = projectName(requireFlag(flags.project, "project", CREATE), CREATE);
    const role = oneOf(requireFlag(flags.role, "role", CREATE).trim(), ROLES, "role", CREATE);
    if (flags.password !== undefined && flags["password-stdin"]) {
      throw new UsageError("give either --password or --password-stdin, not both", CREATE);
    }
    let secret: string;
    if (flags["password-stdin"]) secret = password(await readStdin(), "--password-stdin", CREATE);
    else secret = password(requireFlag(flags.password, "password", CREATE), "--password", CREATE);

    const lines = await withDatabase(async (db) => {
      const { findOrCreateProject, ensureMember } = await import("@/lib/server/services/settings");
      const actor = cliActor(CREATE);
      const { project: p, created: projectCreated } = await findOrCreateProject(db, project.name, actor);
      const { createdUser: created } = await ensureMember(
        db,
        p.id,
        {
          email: address,
          password: secret,
          ...(flags.name ? { name: flags.name.trim() } : {}),
          role,
          resetPassword: flags["reset-password"] === true,
        },
        actor,
      );
      const out: string[] = [];
      if (projectCreated) out.push(`Created project '${p.slug}'.`);
      if (created) out.push(`Created user ${address} with role ${role} in project '${p.slug}'.`);
      else {
        out.push(`User ${address} already existed; their role in project '${p.slug}' is now ${role}.`);
        out.push(flags["reset-password"] ? "Password reset." : "Password unchanged (use --reset-password to set it).");
      }
      return out;
    });
    for (const line of lines) result(line);
  },
});
