// The benchmark's direct database access: a fresh PostgreSQL database or a PGlite data dir, the
// bench projects' setup, write statistics, and the checks run after each phase (PostgreSQL while
// the server runs or not; PGlite only while it is stopped).
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { SPANS_PER_TRACE, TOOL_SPANS_PER_TRACE } from "./generate";

export const serverUrl =
  process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/postgres";

export type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export interface Db {
  kind: "postgres" | "pglite";
  /** Runs fn with a connection to the bench database (PGlite: the server must be stopped). */
  with<T>(fn: (q: Query) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export async function createDb(kind: "postgres" | "pglite", dataDir: string): Promise<{ db: Db; env: Record<string, string> }> {
  if (kind === "pglite") {
    return {
      env: { DATABASE_URL: "" },
      db: {
        kind,
        async with(fn) {
          const lite = await PGlite.create(path.join(dataDir, "pglite"));
          try {
            return await fn(async (sql, params) => (await lite.query(sql, params)).rows as never[]);
          } finally {
            await lite.close();
          }
        },
        async drop() {},
      },
    };
  }
  const dbName = `keel_otel_bench_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${dbName}"`);
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  return {
    env: { DATABASE_URL: url },
    db: {
      kind,
      async with(fn) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          return await fn(async (sql, params) => (await client.query(sql, params)).rows);
        } finally {
          await client.end();
        }
      },
      drop: () => adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).then(() => undefined),
    },
  };
}

/**
 * PostgreSQL: ANALYZE after a warm-up, as autovacuum does on a database in use; a brand-new
 * database has no planner statistics for its first minute or so, and plans like
 * `"runPk" = ANY($1)` then scan the whole table. (PGlite: Keel runs ANALYZE itself.)
 */
export async function analyze(db: Db): Promise<void> {
  if (db.kind === "postgres") await db.with((q) => q("ANALYZE"));
}

export async function adminQuery(sql: string, params?: unknown[]) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return (await admin.query(sql, params)).rows;
  } finally {
    await admin.end();
  }
}

export interface Stats {
  runs: { ins: number; upd: number; del: number };
  toolCalls: { ins: number; upd: number; del: number };
  spans: { ins: number; upd: number; del: number };
  commits: number;
  rollbacks: number;
}

/**
 * The database's write counters. PostgreSQL: read once no other connection is left (a backend
 * flushes its statistics when it exits), so call it with the server stopped. PGlite: whatever its
 * statistics kept over the restart (may be nothing).
 */
export async function readStats(db: Db): Promise<Stats> {
  return db.with(async (q) => {
    if (db.kind === "postgres") {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [{ n }] = await q<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        if (n === 0) break;
        if (Date.now() > deadline) throw new Error(`${n} connections to the bench database still open after the server stopped`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const tables = await q<{ relname: string; ins: string; upd: string; del: string }>(
      `SELECT relname, n_tup_ins::text AS ins, n_tup_upd::text AS upd, n_tup_del::text AS del
         FROM pg_stat_user_tables WHERE relname IN ('runs', 'tool_calls', 'otel_spans')`,
    );
    const [dbRow] = await q<{ commits: string; rollbacks: string }>(
      `SELECT xact_commit::text AS commits, xact_rollback::text AS rollbacks FROM pg_stat_database WHERE datname = current_database()`,
    );
    const t = (name: string) => {
      const r = tables.find((x) => x.relname === name);
      return { ins: Number(r?.ins ?? 0), upd: Number(r?.upd ?? 0), del: Number(r?.del ?? 0) };
    };
    return {
      runs: t("runs"),
      toolCalls: t("tool_calls"),
      spans: t("otel_spans"),
      commits: Number(dbRow?.commits ?? 0),
      rollbacks: Number(dbRow?.rollbacks ?? 0),
    };
  });
}

export const minus = (a: Stats, b: Stats): Stats => ({
  runs: { ins: a.runs.ins - b.runs.ins, upd: a.runs.upd - b.runs.upd, del: a.runs.del - b.runs.del },
  toolCalls: { ins: a.toolCalls.ins - b.toolCalls.ins, upd: a.toolCalls.upd - b.toolCalls.upd, del: a.toolCalls.del - b.toolCalls.del },
  spans: { ins: a.spans.ins - b.spans.ins, upd: a.spans.upd - b.spans.upd, del: a.spans.del - b.spans.del },
  commits: a.commits - b.commits,
  rollbacks: a.rollbacks - b.rollbacks,
});

/** Samples what the server's connections wait on, every 250 ms (PostgreSQL only). */
export function sampleActivity(dbName: string) {
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const client = new pg.Client({ connectionString: serverUrl });
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const rows = (
        await client.query<{ w: string; q: string }>(
          `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w, regexp_replace(left(query, 48), '\\s+', ' ', 'g') AS q
             FROM pg_stat_activity WHERE datname = $1 AND state = 'active'`,
          [dbName],
        )
      ).rows;
      samples++;
      for (const r of rows) counts.set(`${r.w}  ${r.q}`, (counts.get(`${r.w}  ${r.q}`) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 250));
    }
    await client.end();
  })();
  return async () => {
    stopped = true;
    await loop;
    return { samples, top: [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6) };
  };
}

async function projectIdOf(q: Query, slug: string): Promise<string> {
  const rows = await q<{ id: string }>(`SELECT "id" FROM "projects" WHERE "slug" = $1`, [slug]);
  if (!rows.length) throw new Error(`project ${slug} missing`);
  return rows[0].id;
}

/** Raises the bench project's ingest limit and adds the native project with its own key. */
export async function configure(q: Query, nativeKey: string): Promise<{ otelProject: string; nativeProject: string }> {
  const otelProject = await projectIdOf(q, "bench");
  const nativeProject = `bench-native-${randomBytes(6).toString("hex")}`;
  await q(`INSERT INTO "projects" ("id", "slug", "name") VALUES ($1, $1, 'Bench native')`, [nativeProject]);
  await q(`INSERT INTO "project_settings" ("projectId") VALUES ($1) ON CONFLICT DO NOTHING`, [nativeProject]);
  await q(`UPDATE "project_settings" SET "ingestRatePerSecond" = 10000, "ingestBurst" = 100000 WHERE "projectId" IN ($1, $2)`, [
    otelProject,
    nativeProject,
  ]);
  await q(
    `INSERT INTO "api_keys" ("id", "projectId", "name", "prefix", "hash", "scopes") VALUES ($1, $2, 'bench native', $3, $4, '{ingest}')`,
    [`bench-native-key-${randomBytes(6).toString("hex")}`, nativeProject, nativeKey.slice(0, 12), createHash("sha256").update(nativeKey).digest("hex")],
  );
  return { otelProject, nativeProject };
}

export async function checkOtlp(q: Query, projectId: string, traces: number): Promise<void> {
  const [c] = await q<{ runs: number; calls: number; spans: number; eight: number; usageOk: number }>(
    `SELECT (SELECT count(*) FROM "runs" WHERE "projectId" = $1)::int AS runs,
            (SELECT count(*) FROM "tool_calls" WHERE "projectId" = $1)::int AS calls,
            (SELECT count(*) FROM "otel_spans" WHERE "projectId" = $1)::int AS spans,
            (SELECT count(*) FROM "runs" WHERE "projectId" = $1 AND "metadata"->>'spanCount' = '${SPANS_PER_TRACE}'
                AND "toolCallCount" = ${TOOL_SPANS_PER_TRACE})::int AS eight,
            (SELECT count(*) FROM "runs" r JOIN (
               SELECT "traceId", count(*) AS models,
                      sum(("attributes"->>'gen_ai.usage.input_tokens')::int) AS i,
                      sum(("attributes"->>'gen_ai.usage.output_tokens')::int) AS o
                 FROM "otel_spans" WHERE "projectId" = $1 AND "attributes"->>'gen_ai.operation.name' = 'chat'
                GROUP BY "traceId") s ON s."traceId" = r."id"
              WHERE r."projectId" = $1 AND s.models = 3 AND r."inputTokens" = s.i AND r."outputTokens" = s.o)::int AS "usageOk"`,
    [projectId],
  );
  const expected = { runs: traces, calls: TOOL_SPANS_PER_TRACE * traces, spans: SPANS_PER_TRACE * traces, eight: traces, usageOk: traces };
  if (JSON.stringify(c) !== JSON.stringify(expected))
    throw new Error(`OTLP project: expected ${JSON.stringify(expected)}, found ${JSON.stringify(c)}`);
}

/** Runs and tool calls built from the traces vs the same runs sent natively (ids of 32 characters). */
export async function compareRuns(q: Query, otelProject: string, nativeProject: string): Promise<{ runs: number; calls: number }> {
  const columns = async (table: string, skip: string[]) =>
    (
      await q<{ c: string }>(
        `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      )
    )
      .map((r) => r.c)
      .filter((c) => !skip.includes(c));
  const runCols = (await columns("runs", ["pk", "projectId", "receivedAt", "source", "metadata"])).map((c) => `r."${c}"`).join(", ");
  const callCols = (await columns("tool_calls", ["runPk", "projectId", "spanId"])).map((c) => `t."${c}"`).join(", ");
  const runs = (p: string) => `SELECT ${runCols} FROM "runs" r WHERE r."projectId" = '${p}' AND length(r."id") = 32`;
  const calls = (p: string) =>
    `SELECT r."id", ${callCols} FROM "tool_calls" t JOIN "runs" r ON r."pk" = t."runPk" WHERE r."projectId" = '${p}' AND length(r."id") = 32`;
  const diff = async (a: string, b: string, what: string) => {
    const rows = await q(`(${a}) EXCEPT ALL (${b}) LIMIT 3`);
    if (rows.length) throw new Error(`${what}: ${JSON.stringify(rows).slice(0, 1500)}`);
  };
  await diff(runs(otelProject), runs(nativeProject), "runs built from traces that no native run equals");
  await diff(runs(nativeProject), runs(otelProject), "native runs that no run built from traces equals");
  await diff(calls(otelProject), calls(nativeProject), "tool calls built from spans that no native call equals");
  await diff(calls(nativeProject), calls(otelProject), "native tool calls that no call built from spans equals");
  const [n] = await q<{ runs: number; calls: number }>(
    `SELECT (SELECT count(*) FROM (${runs(otelProject)}) x)::int AS runs, (SELECT count(*) FROM (${calls(otelProject)}) y)::int AS calls`,
  );
  return n;
}
