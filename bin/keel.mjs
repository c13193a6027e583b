#!/usr/bin/env node
// `npx keel …`: a thin launcher for the TypeScript CLI in scripts/cli (no build step).
//
// It runs scripts/cli/main.ts in a child Node with:
// - `--import tsx` (resolved from this package, so it works from any working directory) and
//   TSX_TSCONFIG_PATH, so the `@/…` path alias resolves as in the app;
// - `--conditions=react-server`, so a module of lib/server that imports "server-only" loads
//   (that package is empty under the react-server condition, and throws otherwise). Nothing
//   else the CLI loads (Prisma, pg, PGlite, zod) changes under that condition;
// - KEEL_APP_ROOT = this package's root, so prisma/migrations is found from any directory;
// - a relative KEEL_DATA_DIR given by the caller resolved against the caller's directory (the
//   CLI itself then reads the package's .env files and defaults the data dir like the server).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = {
  ...process.env,
  KEEL_APP_ROOT: root,
  ...(process.env.KEEL_DATA_DIR ? { KEEL_DATA_DIR: path.resolve(process.env.KEEL_DATA_DIR) } : {}),
  TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json"),
};

const child = spawn(
  process.execPath,
  [
    "--conditions=react-server",
    "--import",
    import.meta.resolve("tsx"),
    path.join(root, "scripts", "cli", "main.ts"),
    ...process.argv.slice(2),
  ],
  { stdio: "inherit", env },
);

// Ctrl-C reaches the child through the terminal's process group; forward explicit signals too,
// so the CLI can close the embedded database and release its lock.
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("error", (err) => {
  console.error(`keel: could not start the CLI: ${err.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
