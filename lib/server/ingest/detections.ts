import "server-only";
// The guardrail detections of the runs the shared writer stores (issue 17): computed from each
// run's normalised tool calls by lib/shared/detectors.ts with the project's settings as they are at
// ingest, and inserted in the writer's transaction, in one statement per batch. A run rebuilt from
// its trace gets its detections replaced; a duplicate run is never written, so neither are they.
// Changing a threshold later re-evaluates nothing already stored (docs/guardrails.md).
import type { DbSqlTx } from "../db/handle";
import { DEFAULT_DETECTOR_SETTINGS, detectRun, type DetectorSettings } from "@/lib/shared/detectors";
import type { RunRow } from "./normalize";

/** The project's detector settings (the defaults when it has no settings row). */
export async function loadDetectorSettings(tx: DbSqlTx, projectId: string): Promise<DetectorSettings> {
  const [row] = await tx.sql.query<DetectorSettings>(
    `SELECT "repeatedCallThreshold", "cycleRoundsThreshold", "failureStreakThreshold",
       coalesce("sideEffectTools", ARRAY[]::text[]) AS "sideEffectTools"
     FROM "project_settings" WHERE "projectId" = $1`,
    [projectId],
  );
  return row ?? DEFAULT_DETECTOR_SETTINGS;
}

// int[] per row cannot go through unnest (it flattens 2-D arrays): each row's calls travel as text.
const INSERT_DETECTIONS = `INSERT INTO "run_detections"
  ("projectId", "runPk", "seq", "runStartedAt", "kind", "tool", "count", "wastedCostUsd", "calls")
  SELECT $1::text, u."runPk", u."seq", u."runStartedAt", u."kind", u."tool", u."count", u."wastedCostUsd", u."calls"::int[]
  FROM unnest($2::text[]::bigint[], $3::int[], $4::text[]::timestamptz[], $5::text[]::"DetectionKind"[], $6::text[], $7::int[], $8::float8[], $9::text[])
    AS u("runPk", "seq", "runStartedAt", "kind", "tool", "count", "wastedCostUsd", "calls")`;

/**
 * Detects and stores the detections of `runs` (each with the pk it was stored under). `replace`:
 * pks of rebuilt runs, whose old detections go first.
 */
export async function writeDetections(
  tx: DbSqlTx,
  projectId: string,
  runs: { runPk: string; row: RunRow }[],
  replace: string[],
): Promise<void> {
  if (replace.length)
    await tx.sql.query(`DELETE FROM "run_detections" WHERE "projectId" = $1 AND "runPk" = ANY($2::text[]::bigint[])`, [projectId, replace]);
  // A run needs two calls for any detection: most batches then skip the settings read as well.
  const candidates = runs.filter((r) => r.row.toolCalls.length >= 2);
  if (candidates.length === 0) return;
  const settings = await loadDetectorSettings(tx, projectId);
  const cols: unknown[][] = [[], [], [], [], [], [], [], []];
  for (const { runPk, row } of candidates) {
    detectRun(row.toolCalls, settings).forEach((d, seq) => {
      const values = [runPk, seq, row.startedAt, d.kind, d.tool, d.count, d.wastedCostUsd, `{${d.calls.join(",")}}`];
      values.forEach((v, i) => cols[i].push(v));
    });
  }
  if (cols[0].length) await tx.sql.query(INSERT_DETECTIONS, [projectId, ...cols]);
}
