import "server-only";
// The project's guardrail detector settings (issue 17), as GET /api/v1/settings/guardrails answers them.
import type { DbOrTx } from "../db/handle";
import { DEFAULT_DETECTOR_SETTINGS } from "@/lib/shared/detectors";
import type { GuardrailSettings } from "@/lib/shared/guardrail-settings";

export async function getGuardrailSettings(db: DbOrTx, projectId: string): Promise<GuardrailSettings> {
  const s = await db.prisma.projectSettings.findUnique({ where: { projectId } });
  if (!s) return { ...DEFAULT_DETECTOR_SETTINGS, sideEffectTools: [], updatedAt: null };
  return toGuardrailSettings(s);
}

export function toGuardrailSettings(s: Omit<GuardrailSettings, "updatedAt"> & { updatedAt: Date }): GuardrailSettings {
  return {
    repeatedCallThreshold: s.repeatedCallThreshold,
    cycleRoundsThreshold: s.cycleRoundsThreshold,
    failureStreakThreshold: s.failureStreakThreshold,
    sideEffectTools: [...s.sideEffectTools],
    updatedAt: s.updatedAt.toISOString(),
  };
}
