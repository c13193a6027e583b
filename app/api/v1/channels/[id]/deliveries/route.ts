// The channel's delivery log: the latest 50 deliveries with status, attempts and the last error.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { notFound } from "@/lib/server/http/errors";
import { listChannelDeliveries } from "@/lib/server/queries/channels";
import { deliveriesResponse } from "@/lib/shared/api/channels";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "channels:manage", scope: null, params: z.object({ id: z.string() }), response: deliveriesResponse },
  async ({ db, project, params }) => {
    const deliveries = await listChannelDeliveries(db, project.id, params.id);
    if (!deliveries) throw notFound(`channel '${params.id}' not found`);
    return { deliveries };
  },
);
