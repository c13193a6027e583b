// ESLint for Keel (`npm run lint`, and the first step of `npm test`). Besides the usual TypeScript,
// React hooks and Next.js rules it enforces the layers of STYLE.md (docs: shared/STYLE.md):
// - import boundaries between lib/shared, lib/client, lib/server (queries, services, the rest),
//   components and app (eslint-plugin-boundaries, below);
// - a "use client" module never imports lib/server (keel/no-server-import-in-client: the
//   boundaries plugin classifies files by path and cannot see the directive);
// - lib/server/queries only reads: no Prisma write call, no SQL write in a string (keel/no-writes-in-queries).
// Type-checked and stylistic rule sets stay off on purpose: slow, and churn without catching bugs.
import nextPlugin from "@next/eslint-plugin-next";
import boundaries from "eslint-plugin-boundaries";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import keel from "./eslint-rules/index.mjs";

const SOURCE_FILES = ["**/*.{ts,tsx,mts,cts,js,mjs,cjs,jsx}"];

// Layers, most specific first (the first matching pattern classifies a file).
const ELEMENTS = [
  { type: "shared", pattern: "lib/shared/**", partialMatch: false },
  { type: "client", pattern: "lib/client/**", partialMatch: false },
  { type: "queries", pattern: "lib/server/queries/**", partialMatch: false },
  { type: "services", pattern: "lib/server/services/**", partialMatch: false },
  { type: "server", pattern: "lib/server/**", partialMatch: false },
  { type: "ui", pattern: "components/ui/**", partialMatch: false },
  { type: "charts", pattern: "components/charts/**", partialMatch: false },
  { type: "components", pattern: "components/**", partialMatch: false },
  { type: "app", pattern: "app/**", partialMatch: false },
];
const LIB = ["shared", "client", "queries", "services", "server"];
const SERVER = ["queries", "services", "server"];
const COMPONENTS = ["ui", "charts", "components"];

/** A boundaries policy: files of `from` may not import files of `to`, with the reason as message. */
const deny = (from, to, message) => ({
  from: { element: { type: from } },
  disallow: { to: { element: { type: to } } },
  message,
});

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-*/**",
      "lib/server/generated/**",
      "interop/**",
      "test-results/**",
      "playwright-report/**",
      ".keel/**",
      "next-env.d.ts",
    ],
  },
  { files: SOURCE_FILES, extends: [tseslint.configs.recommended] },
  {
    files: SOURCE_FILES,
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin, boundaries, keel },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    settings: {
      "import/resolver": { typescript: { project: "./tsconfig.json" }, node: true },
      "boundaries/elements": ELEMENTS,
      "boundaries/include": ["lib/**", "components/**", "app/**"],
    },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "boundaries/dependencies": [
        "error",
        {
          default: "allow",
          policies: [
            deny(LIB, [...COMPONENTS, "app"], "lib/ never imports components/ or app/"),
            deny(["shared"], [...SERVER, "client"], "lib/shared imports nothing from lib/server or lib/client"),
            deny(["client"], SERVER, "lib/client never imports lib/server"),
            deny(COMPONENTS, SERVER, "components never import lib/server (fetch through lib/client hooks)"),
            deny(["ui", "charts"], ["client"], "components/ui and components/charts never fetch (no lib/client)"),
            deny(["queries"], ["services"], "lib/server/queries reads; it never imports lib/server/services"),
          ],
        },
      ],
      "keel/no-server-import-in-client": "error",
    },
  },
  { files: ["lib/server/queries/**/*.ts"], rules: { "keel/no-writes-in-queries": "error" } },
  {
    // Node scripts, tests and config files are CommonJS-free ESM but may use require() in places.
    files: ["**/*.{js,mjs,cjs}"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
