// Guardrail detector settings (issue 17): thresholds of the retry-storm, loop and failure-streak
// detectors and the project's side-effecting tools. Readers see them (they explain a run's
// detections); only owner/admin people change them, and every change is audited.
import { apiRoute } from "@/lib/server/http/route";
import { getGuardrailSettings } from "@/lib/server/queries/guardrail-settings";
import { updateGuardrailSettings } from "@/lib/server/services/guardrail-settings";
import { guardrailSettingsPatchSchema } from "@/lib/shared/guardrail-settings";
import { guardrailSettingsResponse } from "@/lib/shared/api/settings";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "dashboards:read", response: guardrailSettingsResponse }, async ({ db, project }) =>
  getGuardrailSettings(db, project.id),
);

export const PATCH = apiRoute(
  { action: "gates:write", scope: null, body: guardrailSettingsPatchSchema, response: guardrailSettingsResponse },
  async ({ db, project, body, actor }) => updateGuardrailSettings(db, project.id, body, { type: "user", userId: actor.userId }),
);
