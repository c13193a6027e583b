// `npm run bench:traces`: the same aliases as the root config, only the traces timings.
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");
export default defineConfig({
  root,
  resolve: {
    alias: {
      "@": root,
      "server-only": path.resolve(root, "test/helpers/empty-module.ts"),
    },
  },
  test: { include: ["bench/traces/**/*.timing.ts"], environment: "node", testTimeout: 120_000, hookTimeout: 120_000 },
});
