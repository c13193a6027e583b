// Guardrail detector settings (issue 17), one row per project in project_settings: the thresholds
// the detectors of lib/shared/detectors.ts use at ingest and the project's side-effecting tools.
// Shared so a settings form validates exactly what PATCH /api/v1/settings/guardrails accepts.
import { z } from "zod";
import type * as api from "./api/settings";

export const GUARDRAIL_SETTING_KEYS = ["repeatedCallThreshold", "cycleRoundsThreshold", "failureStreakThreshold", "sideEffectTools"] as const;

/** A threshold of 1 would flag every call (or every single round): 2 is the least that means "repeated". */
const threshold = z.int("must be a whole number").min(2, "must be at least 2").max(500, "must be at most 500 (a run has at most 500 tool calls)");

/** At most this many side-effecting tools per project. */
export const MAX_SIDE_EFFECT_TOOLS = 200;

/** PATCH body: any subset of the settings, at least one, nothing else. The tool list replaces the stored one. */
export const guardrailSettingsPatchSchema = z
  .strictObject({
    repeatedCallThreshold: threshold.optional(),
    cycleRoundsThreshold: threshold.optional(),
    failureStreakThreshold: threshold.optional(),
    sideEffectTools: z
      .array(z.string().trim().min(1, "must not be empty").max(100, "must have at most 100 characters (a tool name's limit)"))
      .max(MAX_SIDE_EFFECT_TOOLS, `at most ${MAX_SIDE_EFFECT_TOOLS} tools`)
      // The same tool twice means the same as once: kept once, in the order first given.
      .transform((tools) => [...new Set(tools)])
      .optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: `send at least one of ${GUARDRAIL_SETTING_KEYS.join(", ")}`,
  });

export type GuardrailSettingsPatch = z.infer<typeof guardrailSettingsPatchSchema>;
export type GuardrailSettings = z.infer<typeof api.guardrailSettingsResponse>;
