// Revoking a key: DELETE, or PATCH {"revoked": true}. The key stops working on its next request.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { revokeProjectApiKey } from "@/lib/server/services/settings";
import { apiKeyResponse } from "@/lib/shared/api/settings";
import { revokeApiKeySchema } from "@/lib/shared/settings";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

export const DELETE = apiRoute(
  { action: "api-keys:manage", scope: null, params, response: apiKeyResponse },
  async ({ db, project, params, actor }) => ({ apiKey: await revokeProjectApiKey(db, project.id, params.id, actor) }),
);

export const PATCH = apiRoute(
  { action: "api-keys:manage", scope: null, body: revokeApiKeySchema, params, response: apiKeyResponse, maxBodyBytes: 1024 },
  async ({ db, project, params, actor }) => ({ apiKey: await revokeProjectApiKey(db, project.id, params.id, actor) }),
);
