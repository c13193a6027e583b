// Release-gate thresholds. Readers see them (the release page explains its verdict with them);
// only owner/admin people change them, and every change is audited.
import { apiRoute } from "@/lib/server/http/route";
import { getGateSettings } from "@/lib/server/queries/releases";
import { updateGateSettings } from "@/lib/server/services/releases";
import { gateSettingsPatchSchema } from "@/lib/shared/gate-settings";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "releases:read" }, async ({ db, project }) => getGateSettings(db, project.id));

export const PATCH = apiRoute({ action: "gates:write", scope: null, body: gateSettingsPatchSchema }, async ({ db, project, body, actor }) =>
  updateGateSettings(db, project.id, body, actor.type === "user" ? { type: "user", userId: actor.userId } : { type: "api_key", apiKeyId: actor.apiKeyId }),
);
