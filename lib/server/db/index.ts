import "server-only";
// The server's one database handle, created lazily on first use and kept on globalThis so that
// Next's module reloading never opens a second PGlite on the same data dir.
import { databaseUrl, dataDir, pgliteDir } from "../env";
import { openDatabase, type Database } from "./open";

const store = globalThis as unknown as { __keelDb?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  if (!store.__keelDb) {
    const url = databaseUrl();
    const port = Number(process.env.PORT || 3000);
    store.__keelDb = (
      url
        ? openDatabase({ kind: "postgres", url })
        : openDatabase({
            kind: "pglite",
            dir: pgliteDir(),
            lock: { dataDir: dataDir(), role: "server", port },
          })
    ).catch((err) => {
      store.__keelDb = undefined;
      throw err;
    });
  }
  return store.__keelDb;
}

export async function getPrisma() {
  return (await getDatabase()).prisma;
}

export type { Database } from "./open";
