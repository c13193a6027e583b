// keel migrate
import { defineCommand, result } from "../command";
import { describeTarget, withDatabase } from "../database";

export const migrateCommand = defineCommand({
  name: "migrate",
  summary: "apply pending database migrations (the server also does this at start)",
  help: `
Usage: keel migrate

Applies the SQL migrations under prisma/migrations that the database has not seen yet, in
order, each in its own transaction. Running it again changes nothing. The database is
PostgreSQL when DATABASE_URL is set, else the embedded database under KEEL_DATA_DIR
(default ./.keel/data), which must not be in use by a running server.

Options:
  -h, --help   show this help
`,
  flags: {},
  async run() {
    const migrations = await withDatabase(async (db) => db.migrations);
    const applied = migrations?.applied ?? [];
    const already = migrations?.alreadyApplied ?? [];
    if (applied.length) {
      result(`Applied ${applied.length} migration${applied.length === 1 ? "" : "s"} to the ${describeTarget()}:`);
      for (const name of applied) result(`  ${name}`);
    } else {
      result(`The ${describeTarget()} is up to date (${already.length} migration${already.length === 1 ? "" : "s"} applied).`);
    }
  },
});
