// Keel's own ESLint rules (eslint-rules/index.mjs): what they report and what they let through.
import path from "node:path";
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
import keel from "../../eslint-rules/index.mjs";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it;

const ROOT = path.resolve(import.meta.dirname, "../..");
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" } });
const file = (rel: string) => path.join(ROOT, rel);

tester.run("keel/no-server-import-in-client", keel.rules["no-server-import-in-client"], {
  valid: [
    { code: 'import { getPrisma } from "@/lib/server/db";', filename: file("app/(app)/page.tsx") },
    { code: '"use client";\nimport { formatMs } from "@/lib/shared/format";', filename: file("components/x.tsx") },
    { code: '"use client";\nimport { x } from "../lib/serverless";', filename: file("components/x.tsx") },
    // The directive must be the first statement to make a client module.
    { code: 'import "@/lib/server/db";\n"use client";', filename: file("components/x.tsx") },
  ],
  invalid: [
    { code: '"use client";\nimport { getPrisma } from "@/lib/server/db";', filename: file("app/(app)/x.tsx"), errors: [{ messageId: "serverImport" }] },
    { code: '"use client";\nimport type { Database } from "../../lib/server/db";', filename: file("components/a/x.tsx"), errors: [{ messageId: "serverImport" }] },
    { code: '"use client";\nexport { can } from "@/lib/server/http/route";', filename: file("components/x.tsx"), errors: [{ messageId: "serverImport" }] },
    { code: '"use client";\nconst m = import("@/lib/server/env");', filename: file("components/x.tsx"), errors: [{ messageId: "serverImport" }] },
  ],
});

const QUERY = file("lib/server/queries/x.ts");
tester.run("keel/no-writes-in-queries", keel.rules["no-writes-in-queries"], {
  valid: [
    { code: "db.prisma.run.findMany({ where: { projectId } });", filename: QUERY },
    { code: 'db.sql.query("SELECT count(*) FROM runs WHERE \\"projectId\\" = $1 AND \\"updatedAt\\" > $2", [p, t]);', filename: QUERY },
    { code: 'const label = "Update the settings, then create a release";', filename: QUERY },
    { code: "sql`SELECT * FROM runs WHERE created_at > ${from}`;", filename: QUERY },
  ],
  invalid: [
    { code: "db.prisma.run.update({ where: { id }, data });", filename: QUERY, errors: [{ messageId: "prismaWrite" }] },
    { code: "tx.auditLog.createMany({ data });", filename: QUERY, errors: [{ messageId: "prismaWrite" }] },
    { code: "db.prisma.$executeRaw`DELETE FROM runs`;", filename: QUERY, errors: [{ messageId: "prismaWrite" }, { messageId: "sqlWrite" }] },
    { code: 'db.sql.query("insert into runs (id) values ($1)", [id]);', filename: QUERY, errors: [{ messageId: "sqlWrite" }] },
    { code: "const q = `UPDATE ${table} r SET name = $1`;", filename: QUERY, errors: [{ messageId: "sqlWrite" }] },
    { code: 'const q = "TRUNCATE runs";', filename: QUERY, errors: [{ messageId: "sqlWrite" }] },
    { code: 'const q = "CREATE UNIQUE INDEX i ON runs (id)";', filename: QUERY, errors: [{ messageId: "sqlWrite" }] },
    { code: 'const q = "DROP TABLE runs";', filename: QUERY, errors: [{ messageId: "sqlWrite" }] },
    { code: 'const q = "ALTER TABLE runs ADD COLUMN x int";', filename: QUERY, errors: [{ messageId: "sqlWrite" }] },
  ],
});
