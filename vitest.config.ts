import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // "server-only" throws outside React Server Components; tests run server code directly.
      "server-only": path.resolve(import.meta.dirname, "test/helpers/empty-module.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "test/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    // Dumps of an empty and a migrated PGlite that test databases start from (test/helpers/db.ts).
    globalSetup: ["test/setup/pglite-templates.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // 2 cores: each integration file opens its own PGlite (WASM, ~150 MB); two at a time.
    pool: "forks",
    maxWorkers: 2,
  },
});
