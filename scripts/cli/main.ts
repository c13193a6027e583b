// The `keel` process (started by bin/keel.mjs): the package's .env files, then runKeel
// (scripts/cli/run.ts) on this process's streams, then exit with its code.
import path from "node:path";
import { fileURLToPath } from "node:url";
import nextEnv from "@next/env";
import { runKeel } from "./run";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

// The same .env files `next start` reads (existing environment variables win).
nextEnv.loadEnvConfig(root, false, { info: () => {}, error: (...args: unknown[]) => console.error(...args) });

// bin/keel.mjs made the caller's KEEL_DATA_DIR absolute; a relative one from a .env file is the
// package root's, as for the server.
runKeel(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: root }).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`keel: error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
