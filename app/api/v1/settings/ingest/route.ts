// The project's ingest rate limit (token bucket per API key): admins read and change it.
import { apiRoute } from "@/lib/server/http/route";
import { getIngestSettings } from "@/lib/server/queries/settings";
import { updateIngestSettings } from "@/lib/server/services/settings";
import { ingestSettingsSchema } from "@/lib/shared/api/settings";
import { ingestSettingsPatchSchema } from "@/lib/shared/settings";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "settings:write", scope: null, response: ingestSettingsSchema }, async ({ db, project }) => getIngestSettings(db, project.id));

export const PATCH = apiRoute(
  { action: "settings:write", scope: null, body: ingestSettingsPatchSchema, response: ingestSettingsSchema, maxBodyBytes: 1024 },
  async ({ db, project, body, actor }) => updateIngestSettings(db, project.id, body, actor),
);
