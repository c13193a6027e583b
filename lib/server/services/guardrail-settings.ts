import "server-only";
// Changes to the guardrail detector settings (issue 17): the change and its audit row in one
// transaction. The detectors read the settings at ingest; a change applies to runs stored after it
// and re-evaluates nothing already stored (docs/guardrails.md).
import type { Database } from "../db";
import { transaction } from "../db/handle";
import { recordAudit, type AuditActor } from "./audit";
import { getGuardrailSettings, toGuardrailSettings } from "../queries/guardrail-settings";
import type { GuardrailSettings, GuardrailSettingsPatch } from "@/lib/shared/guardrail-settings";

export async function updateGuardrailSettings(
  db: Database,
  projectId: string,
  patch: GuardrailSettingsPatch,
  actor: AuditActor,
): Promise<GuardrailSettings> {
  const data: GuardrailSettingsPatch = {};
  if (patch.repeatedCallThreshold !== undefined) data.repeatedCallThreshold = patch.repeatedCallThreshold;
  if (patch.cycleRoundsThreshold !== undefined) data.cycleRoundsThreshold = patch.cycleRoundsThreshold;
  if (patch.failureStreakThreshold !== undefined) data.failureStreakThreshold = patch.failureStreakThreshold;
  if (patch.sideEffectTools !== undefined) data.sideEffectTools = patch.sideEffectTools;
  return transaction(db, async (tx) => {
    const { updatedAt: _, ...before } = await getGuardrailSettings(tx, projectId);
    const saved = await tx.prisma.projectSettings.upsert({ where: { projectId }, update: data, create: { projectId, ...data } });
    const { updatedAt: __, ...after } = toGuardrailSettings(saved);
    await recordAudit(tx.prisma, {
      projectId,
      actor,
      action: "guardrail_settings.update",
      targetType: "project_settings",
      targetId: projectId,
      before,
      after,
    });
    return toGuardrailSettings(saved);
  });
}
