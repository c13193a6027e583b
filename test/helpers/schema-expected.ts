// What prisma/schema.prisma says the database must hold, as "facts" (key → description) in the
// same words as ./schema-actual.ts reads them from pg_catalog, so a drift is a plain map diff.
// Names follow Prisma's conventions ({table}_pkey, {table}_{cols}_key|_idx|_fkey) unless mapped.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getDMMF, type GetDMMFError } from "@prisma/get-dmmf";

type Document = Exclude<Awaited<ReturnType<typeof getDMMF>>, GetDMMFError>;
type Model = Document["datamodel"]["models"][number];
type Field = Model["fields"][number];

export type Facts = Map<string, string>;

export const SCHEMA_PATH = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));

// Prisma's PostgreSQL column type for each scalar without @db.*, as format_type() prints it.
const DEFAULT_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

function nativeType([name, args]: readonly [string, readonly string[]]): string {
  const a = args.length ? `(${args.join(",")})` : "";
  const simple: Record<string, string> = {
    Text: "text", Uuid: "uuid", Integer: "integer", SmallInt: "smallint", BigInt: "bigint", Oid: "oid",
    DoublePrecision: "double precision", Real: "real", Money: "money", JsonB: "jsonb", Json: "json",
    ByteA: "bytea", Boolean: "boolean", Inet: "inet", Xml: "xml", Citext: "citext", Date: "date",
  };
  if (simple[name]) return simple[name];
  const sized: Record<string, string> = { VarChar: "character varying", Char: "character", Bit: "bit", VarBit: "bit varying", Decimal: "numeric" };
  if (sized[name]) return `${sized[name]}${a}`;
  const time: Record<string, [string, string]> = {
    Timestamptz: ["timestamp", "with time zone"], Timestamp: ["timestamp", "without time zone"],
    Timetz: ["time", "with time zone"], Time: ["time", "without time zone"],
  };
  if (time[name]) return `${time[name][0]}${a} ${time[name][1]}`;
  throw new Error(`schema comparer: native type @db.${name} is not mapped yet (test/helpers/schema-expected.ts)`);
}

const ACTIONS: Record<string, string> = {
  Cascade: "CASCADE", Restrict: "RESTRICT", NoAction: "NO ACTION", SetNull: "SET NULL", SetDefault: "SET DEFAULT",
};

/** Prisma's default constraint name, cut to PostgreSQL's 63 bytes the way Prisma does. */
export function constraintName(table: string, columns: string[], suffix: "pkey" | "key" | "idx" | "fkey"): string {
  const full = suffix === "pkey" ? `${table}_pkey` : `${table}_${columns.join("_")}_${suffix}`;
  if (full.length <= 63) return full;
  const base = suffix === "pkey" ? table : `${table}_${columns.join("_")}`;
  return `${base.slice(0, 63 - suffix.length - 1)}_${suffix}`;
}

export function loadDatamodel(schemaPath = SCHEMA_PATH): Promise<Document["datamodel"]> {
  return Promise.resolve(getDMMF({ datamodel: readFileSync(schemaPath, "utf8") })).then((doc) => {
    if ("type" in doc && "reason" in doc) throw new Error(`getDMMF failed: ${doc.reason}`);
    return (doc as Document).datamodel;
  });
}

export async function expectedFacts(schemaPath = SCHEMA_PATH): Promise<Facts> {
  const dm = await loadDatamodel(schemaPath);
  const facts: Facts = new Map();
  const enumDb = new Map(dm.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const enumValueDb = new Map(dm.enums.map((e) => [e.name, new Map(e.values.map((v) => [v.name, v.dbName ?? v.name]))]));
  const modelByName = new Map(dm.models.map((m) => [m.name, m]));
  const tableOf = (m: Model) => m.dbName ?? m.name;
  const columnOf = (m: Model, fieldName: string) => {
    const f = m.fields.find((x) => x.name === fieldName);
    if (!f) throw new Error(`schema comparer: ${m.name}.${fieldName} not found`);
    return f.dbName ?? f.name;
  };

  for (const e of dm.enums) facts.set(`enum ${enumDb.get(e.name)}`, e.values.map((v) => v.dbName ?? v.name).join(", "));

  for (const m of dm.models) {
    const table = tableOf(m);
    facts.set(`table ${table}`, "table");
    for (const f of m.fields) {
      if (f.kind === "object") {
        addForeignKey(facts, m, f, table, modelByName, tableOf, columnOf);
        continue;
      }
      if (f.kind === "unsupported") throw new Error(`schema comparer: Unsupported field ${m.name}.${f.name}`);
      const base = f.kind === "enum" ? enumDb.get(f.type)! : f.nativeType ? nativeType(f.nativeType) : DEFAULT_TYPES[f.type];
      if (!base) throw new Error(`schema comparer: no column type for ${m.name}.${f.name} (${f.type})`);
      const type = f.isList ? `${base}[]` : base;
      // Prisma makes scalar lists nullable columns, whatever the field says.
      const notNull = f.isRequired && !f.isList;
      const def = expectedDefault(f, enumValueDb.get(f.type));
      facts.set(`column ${table}.${f.dbName ?? f.name}`, describeColumn(type, notNull, def));
    }
  }

  for (const idx of dm.indexes) {
    const m = modelByName.get(idx.model)!;
    const table = tableOf(m);
    const cols = idx.fields.map((x) => columnOf(m, x.name));
    const keys = idx.fields.map((x, i) => `${cols[i]}${x.sortOrder === "desc" ? " DESC" : ""}`);
    if (idx.fields.some((x) => x.length !== undefined || x.operatorClass !== undefined))
      throw new Error(`schema comparer: index length/operator class on ${idx.model} is not supported yet`);
    const method = (idx.algorithm ?? "BTree").toLowerCase();
    if (idx.type === "id") {
      facts.set(`primary key ${table}`, `${idx.dbName ?? constraintName(table, cols, "pkey")} (${cols.join(", ")})`);
    } else if (idx.type === "unique" || idx.type === "normal") {
      const name = idx.dbName ?? constraintName(table, cols, idx.type === "unique" ? "key" : "idx");
      facts.set(`index ${name}`, describeIndex(idx.type === "unique", table, keys, method));
    } else {
      throw new Error(`schema comparer: ${idx.type} indexes are not supported on PostgreSQL`);
    }
  }
  return facts;
}

function addForeignKey(
  facts: Facts,
  m: Model,
  f: Field,
  table: string,
  models: Map<string, Model>,
  tableOf: (m: Model) => string,
  columnOf: (m: Model, field: string) => string,
) {
  const from = f.relationFromFields ?? [];
  if (from.length === 0) {
    // The other side of a relation holds the key, unless this is an implicit many-to-many.
    const target = models.get(f.type)!;
    const back = target.fields.find((x) => x.relationName === f.relationName && x !== f);
    if (f.isList && back?.isList) throw new Error(`schema comparer: implicit many-to-many ${f.relationName} is not supported`);
    return;
  }
  const target = models.get(f.type)!;
  const cols = from.map((c) => columnOf(m, c));
  const refCols = (f.relationToFields ?? []).map((c) => columnOf(target, c));
  const onDelete = f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull");
  const onUpdate = f.relationOnUpdate ?? "Cascade";
  facts.set(
    `foreign key ${constraintName(table, cols, "fkey")}`,
    describeForeignKey(table, cols, tableOf(target), refCols, ACTIONS[onDelete], ACTIONS[onUpdate]),
  );
}

/** A default as the database keeps it, in the normal form of normaliseDefault(). */
function expectedDefault(f: Field, enumValues?: Map<string, string>): string | null {
  const d = f.default;
  if (d === undefined) return null;
  if (typeof d === "object" && !Array.isArray(d) && "name" in d) {
    if (d.name === "now") return "now()";
    if (d.name === "autoincrement") return "autoincrement()";
    if (d.name === "dbgenerated") return String(d.args[0] ?? "");
    // cuid(), uuid(), nanoid()…: generated by the Prisma client, not the database.
    return null;
  }
  // Prisma's DMMF hands some float defaults back a binary hair off (0.95 → 0.9500000000000001):
  // 15 significant digits give the literal the schema wrote.
  const literal = (v: string | number | boolean) =>
    typeof v === "string" ? `'${(enumValues?.get(v) ?? v).replace(/'/g, "''")}'` : typeof v === "number" ? String(Number(v.toPrecision(15))) : String(v);
  return Array.isArray(d) ? `ARRAY[${d.map(literal).join(", ")}]` : literal(d as string | number | boolean);
}

export function describeColumn(type: string, notNull: boolean, def: string | null): string {
  return `${type}${notNull ? " NOT NULL" : ""}${def !== null ? ` DEFAULT ${def}` : ""}`;
}

export function describeIndex(unique: boolean, table: string, keys: string[], method: string): string {
  return `${unique ? "UNIQUE " : ""}INDEX ON ${table} USING ${method} (${keys.join(", ")})`;
}

export function describeForeignKey(
  table: string, cols: string[], refTable: string, refCols: string[], onDelete: string, onUpdate: string,
): string {
  return `${table} (${cols.join(", ")}) REFERENCES ${refTable} (${refCols.join(", ")}) ON DELETE ${onDelete} ON UPDATE ${onUpdate}`;
}
