// Send a test notification to this channel now; answers the delivery after its first attempt.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { sendTestNotification } from "@/lib/server/services/channels";
import { testDeliveryResponse } from "@/lib/shared/api/channels";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  { action: "channels:manage", scope: null, params: z.object({ id: z.string() }), response: testDeliveryResponse },
  async ({ db, project, params, actor }) => ({
    delivery: await sendTestNotification(db, project.id, params.id, { type: "user", userId: actor.userId }),
  }),
);
