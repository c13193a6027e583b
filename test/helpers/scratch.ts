// Scratch schemas for tests that must break or re-create a schema (migrations, the schema-drift
// self-check) without touching the test database's own: a fresh schema `scratch_<random>` put
// alone on the search_path, in an in-memory PGlite (one per host) or in the TEST_DATABASE_URL
// database. Creating a schema is much cheaper than starting a PGlite, so a suite opens one host
// (beforeAll) and a scratch schema per test.
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { pgliteRunner, postgresRunner, type SqlRunner } from "@/lib/server/db/sql-runner";
import { pgliteTemplate, postgresTestUrl } from "./db";

export interface ScratchConnection {
  sql: SqlRunner;
  close(): Promise<void>;
}

export interface ScratchSchema {
  kind: "pglite" | "postgres";
  name: string;
  /** The main connection, its search_path on this schema only. */
  sql: SqlRunner;
  /** Another connection to the same schema (PostgreSQL only: PGlite has one connection). */
  connect(): Promise<ScratchConnection>;
  /** Drops the schema. */
  close(): Promise<void>;
}

export interface ScratchHost {
  /** A fresh empty schema. On PGlite one at a time (they share the single connection). */
  create(): Promise<ScratchSchema>;
  close(): Promise<void>;
}

const newName = () => `scratch_${randomBytes(6).toString("hex")}`;

export async function openScratchHost(kind: "pglite" | "postgres"): Promise<ScratchHost> {
  return kind === "pglite" ? pgliteHost() : postgresHost();
}

async function pgliteHost(): Promise<ScratchHost> {
  const client = await PGlite.create({ loadDataDir: pgliteTemplate("empty") });
  const sql = pgliteRunner(client);
  return {
    async create() {
      const name = newName();
      await sql.exec(`CREATE SCHEMA "${name}"; SET search_path TO "${name}";`);
      return {
        kind: "pglite",
        name,
        sql,
        connect: () => Promise.reject(new Error("PGlite has a single connection")),
        close: () => sql.exec(`RESET search_path; DROP SCHEMA "${name}" CASCADE;`),
      };
    },
    close: () => client.close(),
  };
}

async function postgresHost(): Promise<ScratchHost> {
  const url = postgresTestUrl();
  if (!url) throw new Error("a PostgreSQL scratch schema needs TEST_DATABASE_URL");
  return {
    async create() {
      const name = newName();
      const clients = new Set<pg.Client>();
      const connect = async (): Promise<ScratchConnection> => {
        const client = new pg.Client({ connectionString: url, options: `-c search_path=${name}` });
        await client.connect();
        clients.add(client);
        return {
          sql: postgresRunner(client),
          async close() {
            clients.delete(client);
            await client.end();
          },
        };
      };
      const main = await connect();
      await main.sql.exec(`CREATE SCHEMA "${name}"`);
      return {
        kind: "postgres",
        name,
        sql: main.sql,
        connect,
        async close() {
          await main.sql.exec(`DROP SCHEMA "${name}" CASCADE`);
          for (const c of [...clients]) await c.end();
          clients.clear();
        },
      };
    },
    async close() {},
  };
}
