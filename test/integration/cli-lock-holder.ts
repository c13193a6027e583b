// A stand-in for a running Keel server in the lock tests: opens the database the way the server
// does (PGlite with the data-dir lock as "server", or PostgreSQL), prints "ready", and holds it
// until its stdin closes; then closes the database (releasing the lock) and exits.
//   node --import tsx test/integration/cli-lock-holder.ts <port>   (KEEL_DATA_DIR / DATABASE_URL as the server)
import { openDatabase } from "@/lib/server/db/open";
import { databaseUrl, dataDir, pgliteDir } from "@/lib/server/env";

async function main() {
  const port = Number(process.argv[2] ?? 3301);
  const url = databaseUrl();
  const db = url
    ? await openDatabase({ kind: "postgres", url, poolSize: 1 })
    : await openDatabase({ kind: "pglite", dir: pgliteDir(), lock: { dataDir: dataDir(), role: "server", port } });
  // A query, so the database is really open (not just the lock taken).
  await db.sql.query("SELECT 1");
  process.stdout.write("ready\n");
  process.stdin.resume();
  await new Promise<void>((resolve) => process.stdin.on("end", resolve));
  await db.close();
  process.stdout.write("closed\n");
}

main().catch((err: unknown) => {
  process.stderr.write(`holder failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
