import "server-only";
// PGlite on a data dir with real fsync (docs/operations.md "Durability").
//
// PGlite 0.5 starts PostgreSQL with `-F` (fsync=off), and its Node filesystem (Emscripten's
// NODEFS) has no fsync either: `fsync()` inside the WASM reaches a stream operation NODEFS does not
// define, and `fdatasync()` is a no-op stub. A commit's WAL is still written with a synchronous
// write(2) before COMMIT returns, so it survives the server process dying (kill -9: the kernel
// keeps the page cache), but not a power loss or a kernel crash, and with fsync=off such a crash
// can also leave the data dir inconsistent.
//
// Keel wants "answered 200" to mean "on disk", as on PostgreSQL. So: fsync=on (the default start
// parameters without `-F`), wal_sync_method=fsync (the one WAL sync call that reaches the
// filesystem layer; fdatasync would hit the no-op stub), and an fsync stream operation on NODEFS
// that calls fsync(2) on the real file. PostgreSQL then fsyncs the WAL at every commit, the data
// files at every checkpoint and the whole data dir after crash recovery, as it does natively; an
// fsync error surfaces as one (PostgreSQL PANICs instead of acknowledging what is not on disk).
// Cost: one fsync per committing transaction (an ingest batch is one); reads never fsync.
import { fsyncSync } from "node:fs";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

type InitArgs = Parameters<NodeFS["init"]>;

interface EmscriptenModule {
  NODEFS: {
    stream_ops: Record<string, unknown>;
    tryFSOperation<T>(fn: () => T): T;
  };
}

/** fsync(2) calls made for PGlite since the process started (tests check the hook is live). */
export const pgliteFsyncCalls = { count: 0 };

class SyncingNodeFS extends NodeFS {
  override async init(...[pg, emscriptenOptions]: InitArgs) {
    const result = await super.init(pg, emscriptenOptions);
    const preRun = result.emscriptenOpts.preRun ?? [];
    result.emscriptenOpts.preRun = [
      ...(Array.isArray(preRun) ? preRun : [preRun]),
      (mod: unknown) => {
        const nodefs = (mod as EmscriptenModule).NODEFS;
        // stream.nfd is the host file descriptor NODEFS opened for the file (or directory).
        nodefs.stream_ops.fsync = (stream: { nfd?: number }) => {
          if (stream.nfd === undefined) return 0;
          pgliteFsyncCalls.count++;
          nodefs.tryFSOperation(() => fsyncSync(stream.nfd!));
          return 0;
        };
      },
    ];
    return result;
  }
}

/** PGlite options for a data dir whose commits are fsynced before they return. */
export function durablePgliteOptions(dir: string): PGliteOptions {
  return {
    fs: new SyncingNodeFS(dir),
    startParams: [...PGlite.defaultStartParams.filter((p) => p !== "-F"), "-c", "fsync=on", "-c", "wal_sync_method=fsync"],
  };
}
