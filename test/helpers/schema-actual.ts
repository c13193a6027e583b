// What the database actually holds in its current schema (search_path), read from pg_catalog
// and described in the words of ./schema-expected.ts, plus the diff of the two.
// `_prisma_migrations` (the migrator's own table) is left out.
import type { SqlRunner } from "@/lib/server/db/sql-runner";
import { describeColumn, describeForeignKey, describeIndex, type Facts } from "./schema-expected";

type Runner = Pick<SqlRunner, "query">;

const IGNORED_TABLE = "_prisma_migrations";
const FK_ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };
const CONSTRAINT_KINDS: Record<string, string> = { u: "UNIQUE", c: "CHECK", x: "EXCLUDE", t: "TRIGGER" };

// `"ApiScope"[]` → `ApiScope[]`: facts never quote identifiers.
const unquote = (s: string) => s.replace(/"/g, "");

/** A column default in one normal form: sequences → autoincrement(), casts dropped, numbers canonical. */
export function normaliseDefault(expr: string | null): string | null {
  if (expr === null) return null;
  let e = expr.trim();
  if (/^nextval\('.*'::regclass\)$/.test(e)) return "autoincrement()";
  if (/^(CURRENT_TIMESTAMP|now\(\))$/i.test(e)) return "now()";
  // Trailing casts: 'production'::"Environment", '{}'::jsonb, ARRAY[]::text[]
  for (let prev = ""; prev !== e; ) {
    prev = e;
    e = e.replace(/::(?:"[^"]+"|[a-z_ ]+(?:\(\d+(?:,\d+)?\))?)(?:\[\])*$/i, "");
  }
  e = e.replace(/^\((.*)\)$/, "$1");
  const num = /^'?(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)'?$/i.exec(e);
  if (num) return String(Number(num[1]));
  return e;
}

export async function actualFacts(db: Runner): Promise<Facts> {
  const facts: Facts = new Map();

  const relations = await db.query<{ name: string; kind: string }>(`
    SELECT c.relname AS name, c.relkind::text AS kind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname <> $1`, [IGNORED_TABLE]);
  for (const r of relations) facts.set(`${r.kind === "r" || r.kind === "p" ? "table" : "relation"} ${r.name}`, r.kind === "r" || r.kind === "p" ? "table" : `relkind ${r.kind}`);

  const types = await db.query<{ name: string; kind: string; labels: string[] | null }>(`
    SELECT t.typname AS name, t.typtype::text AS kind,
      (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) AS labels
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    LEFT JOIN pg_class c ON c.oid = t.typrelid
    WHERE n.nspname = current_schema() AND (t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND c.relkind = 'c'))`);
  for (const t of types) {
    if (t.kind === "e") facts.set(`enum ${t.name}`, (t.labels ?? []).join(", "));
    else facts.set(`type ${t.name}`, `typtype ${t.kind}`);
  }

  const columns = await db.query<{
    tbl: string; col: string; type: string; notnull: boolean; def: string | null; identity: string; generated: string;
  }>(`
    SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
      pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity::text AS identity, a.attgenerated::text AS generated
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> $1
      AND a.attnum > 0 AND NOT a.attisdropped`, [IGNORED_TABLE]);
  for (const c of columns) {
    const extra = (c.identity ? ` IDENTITY(${c.identity})` : "") + (c.generated ? ` GENERATED(${c.generated})` : "");
    facts.set(`column ${c.tbl}.${c.col}`, describeColumn(unquote(c.type), c.notnull, normaliseDefault(c.def)) + extra);
  }

  const indexes = await db.query<{
    name: string; tbl: string; isunique: boolean; isprimary: boolean; method: string; predicate: string | null;
    keys: { col: string; opt: number }[]; natts: number; nkeyatts: number;
  }>(`
    SELECT i.relname AS name, t.relname AS tbl, ix.indisunique AS isunique, ix.indisprimary AS isprimary,
      am.amname AS method, pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
      ix.indnatts AS natts, ix.indnkeyatts AS nkeyatts,
      (SELECT json_agg(json_build_object('col', pg_get_indexdef(ix.indexrelid, k.n, true), 'opt', ix.indoption[k.n - 1]) ORDER BY k.n)
         FROM generate_series(1, ix.indnkeyatts) AS k(n)) AS keys
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
    WHERE n.nspname = current_schema() AND t.relname <> $1 AND NOT ix.indisprimary`, [IGNORED_TABLE]);
  for (const ix of indexes) {
    const keys = ix.keys.map(({ col, opt }) => {
      const desc = (opt & 1) === 1;
      const nullsFirst = (opt & 2) === 2;
      // Only the non-default NULLS placement is worth a word (ASC → NULLS LAST, DESC → NULLS FIRST).
      const nulls = nullsFirst !== desc ? (nullsFirst ? " NULLS FIRST" : " NULLS LAST") : "";
      return `${unquote(col)}${desc ? " DESC" : ""}${nulls}`;
    });
    let text = describeIndex(ix.isunique, ix.tbl, keys, ix.method);
    if (ix.natts > ix.nkeyatts) text += ` INCLUDE ${ix.natts - ix.nkeyatts} column(s)`;
    if (ix.predicate) text += ` WHERE ${ix.predicate}`;
    facts.set(`index ${ix.name}`, text);
  }

  const constraints = await db.query<{
    name: string; kind: string; tbl: string; def: string; cols: string[] | null; ref_tbl: string | null;
    ref_cols: string[] | null; on_delete: string; on_update: string;
  }>(`
    SELECT con.conname AS name, con.contype::text AS kind, t.relname AS tbl, pg_get_constraintdef(con.oid) AS def,
      (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS cols,
      rt.relname AS ref_tbl,
      (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_cols,
      con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
    FROM pg_constraint con
    JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    LEFT JOIN pg_class rt ON rt.oid = con.confrelid
    WHERE n.nspname = current_schema() AND t.relname <> $1 AND con.contype::text <> 'n'`, [IGNORED_TABLE]);
  for (const c of constraints) {
    const cols = c.cols ?? [];
    if (c.kind === "p") facts.set(`primary key ${c.tbl}`, `${c.name} (${cols.join(", ")})`);
    else if (c.kind === "f")
      facts.set(`foreign key ${c.name}`, describeForeignKey(c.tbl, cols, c.ref_tbl ?? "?", c.ref_cols ?? [],
        FK_ACTIONS[c.on_delete] ?? c.on_delete, FK_ACTIONS[c.on_update] ?? c.on_update));
    else facts.set(`constraint ${c.name}`, `${CONSTRAINT_KINDS[c.kind] ?? c.kind} on ${c.tbl}: ${c.def}`);
  }

  const triggers = await db.query<{ name: string; tbl: string }>(`
    SELECT tg.tgname AS name, t.relname AS tbl FROM pg_trigger tg
    JOIN pg_class t ON t.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND NOT tg.tgisinternal`);
  for (const t of triggers) facts.set(`trigger ${t.name}`, `on ${t.tbl}`);

  return facts;
}

/** Every difference, one line each: `missing …`, `extra …`, `differs …: expected …, found …`. */
export function diffFacts(expected: Facts, actual: Facts): string[] {
  const out: string[] = [];
  for (const [key, want] of expected) {
    const got = actual.get(key);
    if (got === undefined) out.push(`missing ${key}: ${want}`);
    else if (got !== want) out.push(`differs ${key}: expected ${want}, found ${got}`);
  }
  for (const [key, got] of actual) if (!expected.has(key)) out.push(`extra ${key}: ${got}`);
  return out.sort();
}
