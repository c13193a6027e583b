// API keys of the project (admins only; keys themselves get 403). POST answers the key once.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http/route";
import { listApiKeys } from "@/lib/server/queries/settings";
import { createProjectApiKey } from "@/lib/server/services/settings";
import { apiKeyCreatedSchema, apiKeysResponse } from "@/lib/shared/api/settings";
import { createApiKeySchema } from "@/lib/shared/settings";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "api-keys:manage", scope: null, response: apiKeysResponse }, async ({ db, project }) => ({
  apiKeys: await listApiKeys(db, project.id),
}));

export const POST = apiRoute(
  { action: "api-keys:manage", scope: null, body: createApiKeySchema, response: apiKeyCreatedSchema, maxBodyBytes: 16 * 1024 },
  async ({ db, project, body, actor }) =>
    NextResponse.json(await createProjectApiKey(db, project.id, body, actor), {
      status: 201,
      // The only response that carries the key: never cache it anywhere.
      headers: { "Cache-Control": "no-store" },
    }),
);
