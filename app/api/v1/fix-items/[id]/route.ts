// GET /api/v1/fix-items/{id} (the item with its history) and PATCH (CONTRACT §6).
import type { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { forbidden } from "@/lib/server/http/errors";
import { getFixItem } from "@/lib/server/queries/fix-items";
import { updateFixItem } from "@/lib/server/services/fix-items";
import { fixItemPatchSchema } from "@/lib/shared/fix-items";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = apiRoute<z.ZodUndefined, z.ZodUndefined, Params>({ action: "fix-items:read" }, async ({ db, project, params }) =>
  getFixItem(db, project.id, params.id),
);

export const PATCH = apiRoute<z.ZodUndefined, typeof fixItemPatchSchema, Params>(
  { action: "fix-items:write", scope: null, body: fixItemPatchSchema },
  async ({ db, project, actor, body, params }) => {
    if (actor.type !== "user") throw forbidden("API keys cannot assign people");
    return updateFixItem(db, project.id, actor.userId, params.id, body);
  },
);
