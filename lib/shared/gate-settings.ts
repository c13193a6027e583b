// Release-gate thresholds (CONTRACT §6), one row per project in project_settings. Shared so the
// settings panel validates exactly what PATCH /api/v1/settings/gates accepts.
import { z } from "zod";
import type * as api from "./api/releases";

export type GateSettings = z.infer<typeof api.gateSettingsSchema>;

/** The defaults of CONTRACT §6 (and of the schema's column defaults). */
export const DEFAULT_GATE_SETTINGS: GateSettings = {
  goldSetMinPassRate: 0.85,
  maxCriticalPolicyViolations: 0,
  runP95TargetMs: 30_000,
  canaryEscalationMargin: 0.05,
  canaryConfidence: 0.95,
  canaryLatencyTolerance: 0.2,
  qualityDriftMargin: 0.05,
};

export const GATE_SETTING_KEYS = [
  "goldSetMinPassRate",
  "maxCriticalPolicyViolations",
  "runP95TargetMs",
  "canaryEscalationMargin",
  "canaryConfidence",
  "canaryLatencyTolerance",
  "qualityDriftMargin",
] as const satisfies readonly (keyof GateSettings)[];

/** PATCH body: any subset of the thresholds, at least one, nothing else. */
export const gateSettingsPatchSchema = z
  .strictObject({
    goldSetMinPassRate: z.number().min(0).max(1).optional(),
    maxCriticalPolicyViolations: z.number().int().min(0).max(1_000_000).optional(),
    runP95TargetMs: z.number().int().min(1).max(86_400_000).optional(),
    canaryEscalationMargin: z.number().min(0).max(1).optional(),
    canaryConfidence: z.number().min(0.5, "must be from 0.5 to 0.999").max(0.999, "must be from 0.5 to 0.999").optional(),
    canaryLatencyTolerance: z.number().min(0).max(10).optional(),
    // Score points (qualityScore is 0–1): 0 would flag any dip, 1 could never flag.
    qualityDriftMargin: z.number().gt(0, "must be more than 0 and less than 1").lt(1, "must be more than 0 and less than 1").optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: `send at least one of ${GATE_SETTING_KEYS.join(", ")}`,
  });

export type GateSettingsPatch = z.infer<typeof gateSettingsPatchSchema>;

export type GateSettingsResponse = z.infer<typeof api.gateSettingsResponse>;
