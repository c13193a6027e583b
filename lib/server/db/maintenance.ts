import "server-only";
// Planner statistics on the embedded database. PostgreSQL's autovacuum keeps them fresh on a
// server; PGlite has no autovacuum, so without this the planner knows nothing about a table that
// grew from 0 to 100k runs and picks nested loops that take minutes (issue 11). Keel runs ANALYZE
// itself: once at start, after bulk writes (ingest counts the rows it stores), and every 10 minutes
// when anything was written since. ANALYZE samples at most 30,000 rows a table, so it takes well
// under a second at the sizes PGlite is meant for, and it never blocks readers for long.
import type { Database } from "./open";

/** Rows written since the last ANALYZE that trigger the next one (or 20% of the size at the last one). */
const ROWS_TRIGGER = 5_000;
const PERIOD_MS = 10 * 60_000;

interface State {
  written: number;
  sizeAtLast: number;
  running: Promise<void> | null;
  timer: ReturnType<typeof setInterval> | null;
}

const states = new WeakMap<Database, State>();

function stateOf(db: Database): State {
  let s = states.get(db);
  if (!s) {
    s = { written: 0, sizeAtLast: 0, running: null, timer: null };
    states.set(db, s);
  }
  return s;
}

/** Runs ANALYZE now (PGlite only; a no-op on PostgreSQL). Concurrent calls share one run. */
export function analyzeNow(db: Database): Promise<void> {
  if (db.kind !== "pglite") return Promise.resolve();
  const s = stateOf(db);
  if (s.running) return s.running;
  const sizeNow = s.sizeAtLast + s.written;
  s.written = 0;
  s.running = db.sql
    .exec("ANALYZE")
    .then(() => {
      s.sizeAtLast = sizeNow;
    })
    .catch((err: unknown) => {
      console.error("[keel] ANALYZE failed", err);
    })
    .finally(() => {
      s.running = null;
    });
  return s.running;
}

/** Ingest calls this with the rows it stored; enough new rows schedule an ANALYZE (not awaited). */
export function noteRowsWritten(db: Database, rows: number): void {
  if (db.kind !== "pglite" || rows <= 0) return;
  const s = stateOf(db);
  s.written += rows;
  if (s.written >= Math.max(ROWS_TRIGGER, s.sizeAtLast * 0.2)) void analyzeNow(db);
}

/** At start: one ANALYZE, then every 10 minutes when rows were written since. */
export function startMaintenance(db: Database): void {
  if (db.kind !== "pglite") return;
  const s = stateOf(db);
  void analyzeNow(db);
  if (s.timer) return;
  s.timer = setInterval(() => {
    if (s.written > 0) void analyzeNow(db);
  }, PERIOD_MS);
  s.timer.unref?.();
}
