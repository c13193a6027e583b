// GET /api/v1/fix-items/{id} (the item with its history) and PATCH (CONTRACT §6).
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getFixItem } from "@/lib/server/queries/fix-items";
import { updateFixItem } from "@/lib/server/services/fix-items";
import { fixItemPatchSchema } from "@/lib/shared/fix-items";
import { fixItemSchema, fixItemWithHistorySchema } from "@/lib/shared/api/fix-items";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

export const GET = apiRoute({ action: "fix-items:read", params, response: fixItemWithHistorySchema }, async ({ db, project, params }) =>
  getFixItem(db, project.id, params.id),
);

export const PATCH = apiRoute(
  { action: "fix-items:write", scope: null, body: fixItemPatchSchema, params, response: fixItemSchema },
  async ({ db, project, actor, body, params }) => {
    return updateFixItem(db, project.id, actor.userId, params.id, body);
  },
);
