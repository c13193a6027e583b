// Release-gate thresholds. Readers see them (the release page explains its verdict with them);
// only owner/admin people change them, and every change is audited.
import { apiRoute } from "@/lib/server/http/route";
import { getGateSettings } from "@/lib/server/queries/releases";
import { updateGateSettings } from "@/lib/server/services/releases";
import { gateSettingsPatchSchema } from "@/lib/shared/gate-settings";
import { gateSettingsResponse } from "@/lib/shared/api/releases";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "releases:read", response: gateSettingsResponse }, async ({ db, project }) => getGateSettings(db, project.id));

export const PATCH = apiRoute({ action: "gates:write", scope: null, body: gateSettingsPatchSchema, response: gateSettingsResponse }, async ({ db, project, body, actor }) =>
  updateGateSettings(db, project.id, body, { type: "user", userId: actor.userId }),
);
