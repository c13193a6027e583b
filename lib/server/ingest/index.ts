import "server-only";
// Ingest a batch of runs (CONTRACT §2, §4): each run validated on its own, the valid ones stored
// in one transaction, the same id never stored twice. Used by POST /api/v1/runs, the demo loader
// and tests; callers pass already-parsed JSON values.
import { validateRun, type ValidationError } from "@/lib/shared/run-schema";
import type { Database } from "../db";
import { noteRowsWritten } from "../db/maintenance";
import { normalizeRun, type RunRow } from "./normalize";
import { isDataError, storeRuns } from "./store";
import { HttpError, isDatabaseUnavailable } from "../http/errors";

const MAX_RUNS_PER_TRANSACTION = 2000;

export interface RejectedRun {
  /** Position of the run in the batch (0 for a single run). */
  index: number;
  /** The run's id when it sent a string one, else null. */
  id: string | null;
  errors: ValidationError[];
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: RejectedRun[];
}

export interface IngestOptions {
  /**
   * When Keel received the batch (default: now, i.e. when the request's body has been read). A run
   * whose startedAt is more than 24 h after it is rejected naming `startedAt` (CONTRACT §2); the
   * whole batch is judged against this one instant. Tests pass a fixed time.
   */
  receivedAt?: Date;
}

export async function ingestRuns(db: Database, projectId: string, runs: unknown[], options: IngestOptions = {}): Promise<IngestResult> {
  const receivedAt = options.receivedAt ?? new Date();
  const rejected: RejectedRun[] = [];
  const batch: { index: number; row: RunRow }[] = [];
  const seen = new Set<string>();
  let duplicates = 0;

  runs.forEach((value, index) => {
    const checked = validateRun(value, { receivedAt });
    const normalized = checked.ok ? normalizeRun(checked.run) : checked;
    if (!normalized.ok) {
      rejected.push({ index, id: idOf(value), errors: normalized.errors });
      return;
    }
    // The first valid occurrence of an id in the batch wins; later copies are duplicates.
    if (seen.has(normalized.row.id)) {
      duplicates++;
      return;
    }
    seen.add(normalized.row.id);
    batch.push({ index, row: normalized.row });
  });

  let accepted = 0;
  let refused = 0;
  // An HTTP batch (at most 1,000 runs) is one transaction; bigger in-process loads go in slices.
  for (let i = 0; i < batch.length; i += MAX_RUNS_PER_TRANSACTION) {
    const slice = batch.slice(i, i + MAX_RUNS_PER_TRANSACTION);
    try {
      accepted += (await storeRuns(db, projectId, slice.map((b) => b.row))).size;
    } catch (err) {
      // Validation should leave nothing for the database to refuse; if it does, find the culprit
      // run by run so that one bad run still costs only itself.
      if (!isDataError(err)) throw storeFailed(err, accepted);
      for (const { index, row } of slice) {
        try {
          accepted += (await storeRuns(db, projectId, [row])).size;
        } catch (single) {
          if (!isDataError(single)) throw storeFailed(single, accepted);
          refused++;
          rejected.push({ index, id: row.id, errors: [{ path: "", message: `refused by the database: ${(single as Error).message}` }] });
        }
      }
      rejected.sort((a, b) => a.index - b.index);
    }
  }
  // Valid, unique within the batch, not inserted: that id was already stored.
  duplicates += batch.length - accepted - refused;
  // PGlite keeps no statistics by itself: enough new rows schedule an ANALYZE (db/maintenance.ts).
  if (accepted > 0) noteRowsWritten(db, accepted + batch.reduce((n, b) => n + b.row.toolCalls.length, 0));
  return { accepted, duplicates, rejected };
}

/**
 * The store failed for a reason that is not the data's (the connection, the disk, a timeout). The
 * answer says exactly what happened: how many of the batch's runs were committed before the failure
 * (0 when the batch's one transaction rolled back), and that sending the same batch again is safe —
 * stored runs come back as duplicates. Never a bare 500 after part of a batch was committed.
 */
function storeFailed(err: unknown, committed: number): unknown {
  // Unreachable database: the route answers 503 database_unavailable (nothing committed in this slice).
  if (err instanceof HttpError || (committed === 0 && isDatabaseUnavailable(err))) return err;
  console.error("[keel] ingest: storing a batch failed", err);
  const what = committed === 0 ? "nothing of this batch was stored" : `${committed} of this batch's runs were stored before the failure`;
  return new HttpError(
    503,
    "store_failed",
    `the database failed while storing the batch: ${what}; send the same batch again (runs already stored count as duplicates)`,
    undefined,
    { "Retry-After": "5" },
  );
}

function idOf(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === "string" ? id : null;
}
