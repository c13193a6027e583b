// Revoking a key: DELETE, or PATCH {"revoked": true}. The key stops working on its next request.
import type { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { personActor, revokeProjectApiKey } from "@/lib/server/services/settings";
import { revokeApiKeySchema } from "@/lib/shared/settings";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const DELETE = apiRoute<z.ZodUndefined, z.ZodUndefined, Params>(
  { action: "api-keys:manage", scope: null },
  async ({ db, project, params, actor }) => ({ apiKey: await revokeProjectApiKey(db, project.id, params.id, personActor(actor)) }),
);

export const PATCH = apiRoute<z.ZodUndefined, typeof revokeApiKeySchema, Params>(
  { action: "api-keys:manage", scope: null, body: revokeApiKeySchema, maxBodyBytes: 1024 },
  async ({ db, project, params, actor }) => ({ apiKey: await revokeProjectApiKey(db, project.id, params.id, personActor(actor)) }),
);
