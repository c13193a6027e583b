// The SQL migrations are written by hand (Prisma's migrate engine cannot run here), so this proves
// that, once applied, the database holds exactly what prisma/schema.prisma declares: every table,
// column (type, nullability, default), enum (values in order), primary key, unique and plain index
// (columns in order, sort order), foreign key (columns, target, ON DELETE / ON UPDATE) — and nothing else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/server/db/migrate";
import type { Database } from "@/lib/server/db/open";
import { testDatabases } from "../helpers/db";
import { actualFacts, diffFacts, normaliseDefault } from "../helpers/schema-actual";
import { expectedFacts, type Facts } from "../helpers/schema-expected";
import { openScratchHost, type ScratchHost, type ScratchSchema } from "../helpers/scratch";

let expected: Facts;
beforeAll(async () => {
  expected = await expectedFacts();
});

describe("the schema comparer reads schema.prisma", () => {
  it("knows the tables, a varchar, a timestamptz(3), a date, jsonb, an enum array, a composite key and a DESC index", () => {
    expect(expected.get("table runs")).toBe("table");
    expect(expected.get("column runs.id")).toBe("character varying(128) NOT NULL");
    expect(expected.get("column runs.startedAt")).toBe("timestamp(3) with time zone NOT NULL");
    expect(expected.get("column runs.pk")).toBe("bigint NOT NULL DEFAULT autoincrement()");
    expect(expected.get("column runs.environment")).toBe("Environment NOT NULL DEFAULT 'production'");
    expect(expected.get("column runs.metadata")).toBe("jsonb");
    expect(expected.get("column fix_items.dueDate")).toBe("date NOT NULL");
    expect(expected.get("column api_keys.scopes")).toBe("ApiScope[]");
    expect(expected.get("column project_settings.goldSetMinPassRate")).toBe("double precision NOT NULL DEFAULT 0.85");
    expect(expected.get("enum Role")).toBe("viewer, sre, owner, admin");
    expect(expected.get("primary key tool_calls")).toBe("tool_calls_pkey (runPk, seq, projectId)");
    expect(expected.get("index runs_projectId_id_key")).toBe("UNIQUE INDEX ON runs USING btree (projectId, id)");
    expect(expected.get("index runs_projectId_startedAt_id_idx")).toBe(
      "INDEX ON runs USING btree (projectId, startedAt DESC, id)",
    );
    expect(expected.get("foreign key fix_items_ownerId_fkey")).toBe(
      "fix_items (ownerId) REFERENCES users (id) ON DELETE RESTRICT ON UPDATE CASCADE",
    );
    // cuid() is made by the Prisma client: no database default.
    expect(expected.get("column projects.id")).toBe("text NOT NULL");
  });

  it("normalises defaults as PostgreSQL prints them", () => {
    expect(normaliseDefault(`nextval('runs_pk_seq'::regclass)`)).toBe("autoincrement()");
    expect(normaliseDefault("CURRENT_TIMESTAMP")).toBe("now()");
    expect(normaliseDefault(`'production'::"Environment"`)).toBe("'production'");
    expect(normaliseDefault("0.85")).toBe("0.85");
    expect(normaliseDefault("'30000'::integer")).toBe("30000");
    expect(normaliseDefault("false")).toBe("false");
    expect(normaliseDefault(null)).toBeNull();
  });
});

describe.each(testDatabases())("schema drift on $name", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("after migrations the database matches schema.prisma exactly", async () => {
    const diff = diffFacts(expected, await actualFacts(db.sql));
    expect(diff, `schema drift between prisma/schema.prisma and the migrations:\n${diff.join("\n")}`).toEqual([]);
  });
});

// A comparer that cannot fail proves nothing: break a freshly migrated scratch schema in
// several ways and expect each break, and only those, in the diff.
describe.each(testDatabases().map((t) => t.name))("the comparer detects drift on %s", (kind) => {
  let host: ScratchHost;
  let scratch: ScratchSchema;
  beforeAll(async () => {
    host = await openScratchHost(kind);
    scratch = await host.create();
    await migrate(scratch.sql);
  });
  afterAll(async () => {
    await scratch?.close();
    await host?.close();
  });

  it("lists a dropped index, a changed column, a changed foreign key, a reordered enum and an extra table", async () => {
    expect(diffFacts(expected, await actualFacts(scratch.sql))).toEqual([]);
    await scratch.sql.exec(`
      DROP INDEX "runs_projectId_traceId_idx";
      ALTER TABLE "runs" ALTER COLUMN "workflow" TYPE TEXT;
      ALTER TABLE "tool_calls" ALTER COLUMN "retry" DROP DEFAULT;
      ALTER TABLE "fix_items" DROP CONSTRAINT "fix_items_ownerId_fkey";
      ALTER TABLE "fix_items" ADD CONSTRAINT "fix_items_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
      ALTER TYPE "Severity" RENAME VALUE 'SEV3' TO 'SEV5';
      CREATE TABLE "stray" ("id" INTEGER);`);
    expect(diffFacts(expected, await actualFacts(scratch.sql))).toEqual([
      "differs column runs.workflow: expected character varying(100) NOT NULL, found text NOT NULL",
      "differs column tool_calls.retry: expected boolean NOT NULL DEFAULT false, found boolean NOT NULL",
      "differs enum Severity: expected SEV1, SEV2, SEV3, SEV4, found SEV1, SEV2, SEV5, SEV4",
      "differs foreign key fix_items_ownerId_fkey: expected fix_items (ownerId) REFERENCES users (id) ON DELETE RESTRICT ON UPDATE CASCADE, " +
        "found fix_items (ownerId) REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE",
      "extra column stray.id: integer",
      "extra table stray: table",
      "missing index runs_projectId_traceId_idx: INDEX ON runs USING btree (projectId, traceId)",
    ]);
  });
});
