// Keel's own ESLint rules (plugin "keel" in eslint.config.mjs): the layer rules of STYLE.md that
// import-boundary rules cannot express. Tests: test/architecture/eslint-rules.test.ts.
import path from "node:path";

/** Does this module start with the "use client" directive? */
function isClientModule(program) {
  const first = program.body[0];
  return first?.type === "ExpressionStatement" && first.directive === "use client";
}

/** Is `source` (an import specifier as written) a path into lib/server? */
function pointsIntoLibServer(source, filename, cwd) {
  if (source === "@/lib/server" || source.startsWith("@/lib/server/")) return true;
  if (!source.startsWith(".")) return false;
  const target = path.relative(cwd, path.resolve(path.dirname(filename), source)).split(path.sep).join("/");
  return target === "lib/server" || target.startsWith("lib/server/");
}

/** @type {import("eslint").Rule.RuleModule} */
const noServerImportInClient = {
  meta: {
    type: "problem",
    docs: { description: 'A "use client" module never imports lib/server (STYLE.md)' },
    schema: [],
    messages: {
      serverImport:
        '"use client" module imports {{source}}: client code never imports lib/server (put shared types and schemas in lib/shared, fetch through lib/client).',
    },
  },
  create(context) {
    if (!isClientModule(context.sourceCode.ast)) return {};
    const check = (node) => {
      const source = node.source;
      if (!source || source.type !== "Literal" || typeof source.value !== "string") return;
      if (pointsIntoLibServer(source.value, context.filename, context.cwd)) {
        context.report({ node: source, messageId: "serverImport", data: { source: source.value } });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

// Prisma's write methods (model delegates and raw execution).
const PRISMA_WRITES = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
  "$executeRaw",
  "$executeRawUnsafe",
]);

// SQL that changes data or schema. Shapes, not lone words, so "update" in prose is not flagged.
const SQL_WRITE =
  /\b(?:INSERT\s+INTO|DELETE\s+FROM|TRUNCATE|UPDATE\s+\S+(?:\s+(?:AS\s+)?\w+)?\s+SET|(?:ALTER|DROP)\s+(?:TABLE|INDEX|VIEW|MATERIALIZED|SCHEMA|SEQUENCE|TYPE|FUNCTION|EXTENSION|DATABASE|TRIGGER)|CREATE\s+(?:OR\s+REPLACE\s+|UNIQUE\s+|TEMP\s+|TEMPORARY\s+|UNLOGGED\s+)*(?:TABLE|INDEX|VIEW|MATERIALIZED|SCHEMA|SEQUENCE|TYPE|FUNCTION|EXTENSION|DATABASE|TRIGGER))\b/i;

function calleeName(callee) {
  if (callee.type !== "MemberExpression") return null;
  if (!callee.computed && callee.property.type === "Identifier") return callee.property.name;
  if (callee.computed && callee.property.type === "Literal") return String(callee.property.value);
  return null;
}

/** @type {import("eslint").Rule.RuleModule} */
const noWritesInQueries = {
  meta: {
    type: "problem",
    docs: { description: "lib/server/queries only reads: writes belong in lib/server/services (STYLE.md)" },
    schema: [],
    messages: {
      prismaWrite: "Query module calls the write method `{{name}}`: queries read, lib/server/services write.",
      sqlWrite: "Query module holds SQL that writes ({{sql}}): queries read, lib/server/services write.",
    },
  },
  create(context) {
    const reportSql = (node, text) => {
      const match = SQL_WRITE.exec(text);
      if (match) context.report({ node, messageId: "sqlWrite", data: { sql: match[0].replace(/\s+/g, " ") } });
    };
    const checkCallee = (node, callee) => {
      const name = calleeName(callee);
      if (name && PRISMA_WRITES.has(name)) context.report({ node, messageId: "prismaWrite", data: { name } });
    };
    return {
      CallExpression: (node) => checkCallee(node, node.callee),
      TaggedTemplateExpression: (node) => checkCallee(node, node.tag),
      Literal: (node) => {
        if (typeof node.value === "string") reportSql(node, node.value);
      },
      TemplateLiteral: (node) => reportSql(node, node.quasis.map((q) => q.value.cooked ?? q.value.raw).join(" ${} ")),
    };
  },
};

export default {
  meta: { name: "eslint-plugin-keel" },
  rules: {
    "no-server-import-in-client": noServerImportInClient,
    "no-writes-in-queries": noWritesInQueries,
  },
};
