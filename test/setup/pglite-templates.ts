// Vitest global setup: two PGlite data dir dumps every in-memory test database starts from (test/
// helpers/db.ts), made once per run. Starting PGlite runs initdb in WASM (2-4 s on this 2-core
// machine); loading a dump takes under a second, and a migrated one skips the migrations too.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { migrate } from "@/lib/server/db/migrate";
import { pgliteRunner } from "@/lib/server/db/sql-runner";

declare module "vitest" {
  export interface ProvidedContext {
    /** Files holding PGlite data dir dumps: an empty cluster, and one with every migration applied. */
    pgliteTemplates: { empty: string; migrated: string };
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keel-pglite-templates-"));
  const client = await PGlite.create();
  try {
    const dump = async (name: string) => {
      const file = path.join(dir, `${name}.tar`);
      writeFileSync(file, Buffer.from(await (await client.dumpDataDir("none")).arrayBuffer()));
      return file;
    };
    const empty = await dump("empty");
    await migrate(pgliteRunner(client));
    const migrated = await dump("migrated");
    project.provide("pgliteTemplates", { empty, migrated });
  } finally {
    await client.close();
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
