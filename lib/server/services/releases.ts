import "server-only";
// Writes of the releases area: gold-set results (POST /api/v1/evals) and the gate thresholds
// (each change audited, before → after, in the same transaction).
import type { Database } from "../db";
import { transaction } from "../db/handle";
import { toEvalItem, toGateSettingsResponse } from "../queries/releases";
import { recordAudit, type AuditActor } from "./audit";
import { DEFAULT_GATE_SETTINGS, type GateSettings, type GateSettingsResponse } from "@/lib/shared/gate-settings";
import type { EvalInput, EvalResultItem } from "@/lib/shared/evals";

export async function insertEvalResult(db: Database, projectId: string, input: EvalInput): Promise<EvalResultItem> {
  const e = await db.prisma.evalResult.create({
    data: {
      projectId,
      release: input.release,
      goldSet: input.goldSet,
      passed: input.passed,
      total: input.total,
      ...(input.ranAt ? { ranAt: input.ranAt } : {}),
    },
  });
  return toEvalItem(e);
}

/** Writes the changed thresholds and one audit row (before → after) in one transaction. */
export async function updateGateSettings(
  db: Database,
  projectId: string,
  patch: Partial<GateSettings>,
  actor: AuditActor,
): Promise<GateSettingsResponse> {
  const data: Partial<GateSettings> = {};
  for (const [k, v] of Object.entries(patch) as [keyof GateSettings, number | undefined][]) if (v !== undefined) data[k] = v;
  const s = await transaction(db, async (tx) => {
    const current = await tx.prisma.projectSettings.findUnique({ where: { projectId } });
    const before: GateSettings = current
      ? {
          goldSetMinPassRate: current.goldSetMinPassRate,
          maxCriticalPolicyViolations: current.maxCriticalPolicyViolations,
          runP95TargetMs: current.runP95TargetMs,
          canaryEscalationMargin: current.canaryEscalationMargin,
          canaryConfidence: current.canaryConfidence,
          canaryLatencyTolerance: current.canaryLatencyTolerance,
          qualityDriftMargin: current.qualityDriftMargin,
        }
      : { ...DEFAULT_GATE_SETTINGS };
    const saved = await tx.prisma.projectSettings.upsert({ where: { projectId }, update: data, create: { projectId, ...data } });
    const after: GateSettings = { ...before, ...data };
    await recordAudit(tx.prisma, {
      projectId,
      actor,
      action: "gate_settings.update",
      targetType: "project_settings",
      targetId: projectId,
      before: { ...before },
      after: { ...after },
    });
    return saved;
  });
  return toGateSettingsResponse(s);
}
