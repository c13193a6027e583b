// GET /api/v1/fix-items?owner=&status=&overdue=&category= and POST /api/v1/fix-items (CONTRACT §6).
// Writes are for people with role owner or admin: API keys cannot assign people (scope null).
import { apiRoute } from "@/lib/server/http/route";
import { forbidden } from "@/lib/server/http/errors";
import { listFixItems } from "@/lib/server/queries/fix-items";
import { createFixItem } from "@/lib/server/services/fix-items";
import { fixItemCreateSchema, fixItemListQuerySchema } from "@/lib/shared/fix-items";
import { fixItemSchema, fixItemsResponse } from "@/lib/shared/api/fix-items";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "fix-items:read", query: fixItemListQuerySchema, response: fixItemsResponse }, async ({ db, project, actor, query }) => {
  // owner=me: the signed-in person's own items ("assigned to me"); a key has no "me".
  let ownerEmail: string | undefined;
  if (query.owner === "me") {
    if (actor.type !== "user") throw forbidden("owner=me needs a signed-in person");
    ownerEmail = actor.email;
  }
  const fixItems = await listFixItems(db, project.id, { ...query, ...(ownerEmail ? { ownerEmail } : {}) });
  return { fixItems };
});

export const POST = apiRoute(
  { action: "fix-items:write", scope: null, body: fixItemCreateSchema, response: fixItemSchema },
  async ({ db, project, actor, body }) => {
    return createFixItem(db, project.id, actor.userId, body);
  },
);
