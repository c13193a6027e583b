import "server-only";
// Writes of release stages (CONTRACT §9): a stage change posted by a pipeline (Keel's body or a
// CDEvent) or recorded by an owner on the release page, audited in the same transaction. A retry
// of the same event (same sender id, or same release, stage, percent and `at`) lands once.
import { randomUUID } from "node:crypto";
import type { Db } from "../db/handle";
import { sqlTransaction } from "../db/handle";
import { RELEASE_EVENT_COLUMNS as COLUMNS, releaseEventFromSql as item, type ReleaseEventRow as Row } from "../queries/rollouts";
import { recordAudit, type AuditActor } from "./audit";
import { releaseEventDedupKey, type ReleaseEventInput, type ReleaseEventItem } from "@/lib/shared/rollouts";

export async function recordReleaseEvent(
  db: Db,
  projectId: string,
  release: string,
  input: ReleaseEventInput,
  actor: AuditActor,
  recordedBy: string,
  now = new Date(),
): Promise<ReleaseEventItem & { duplicate: boolean }> {
  const at = input.at ?? now;
  const dedupKey = releaseEventDedupKey(release, input, at) ?? `new:${randomUUID()}`;
  return sqlTransaction(db, async (tx) => {
    const [inserted] = await tx.sql.query<Row>(
      `INSERT INTO "release_events" ("projectId", "id", "release", "stage", "trafficPercent", "at", "source", "dedupKey", "recordedBy", "createdAt")
       VALUES ($1, $2, $3, $4::"ReleaseStage", $5, $6, $7, $8, $9, $10)
       ON CONFLICT ("projectId", "dedupKey") DO NOTHING
       RETURNING ${COLUMNS}`,
      [projectId, randomUUID(), release, input.stage, input.trafficPercent, at, input.source, dedupKey, recordedBy, now],
    );
    if (!inserted) {
      const [existing] = await tx.sql.query<Row>(`SELECT ${COLUMNS} FROM "release_events" WHERE "projectId" = $1 AND "dedupKey" = $2`, [projectId, dedupKey]);
      return { ...item(existing!), duplicate: true };
    }
    await recordAudit(tx, {
      projectId,
      actor,
      action: "release.stage",
      targetType: "release",
      targetId: release,
      after: { stage: input.stage, trafficPercent: input.trafficPercent, at: at.toISOString(), source: input.source },
      at: now,
    });
    return { ...item(inserted), duplicate: false };
  });
}
