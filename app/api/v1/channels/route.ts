// Notification channels of the project (owner/admin persons only; keys get 403). POST answers a
// webhook's signing secret once (CONTRACT §8).
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http/route";
import { listChannels } from "@/lib/server/queries/channels";
import { createChannel } from "@/lib/server/services/channels";
import { channelCreatedSchema, channelsResponse } from "@/lib/shared/api/channels";
import { createChannelSchema } from "@/lib/shared/channels";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "channels:manage", scope: null, response: channelsResponse }, async ({ db, project }) => ({
  channels: await listChannels(db, project.id),
}));

export const POST = apiRoute(
  { action: "channels:manage", scope: null, body: createChannelSchema, response: channelCreatedSchema, maxBodyBytes: 16 * 1024 },
  async ({ db, project, body, actor }) =>
    NextResponse.json(await createChannel(db, project.id, body, { type: "user", userId: actor.userId }), {
      status: 201,
      // May carry the signing secret: never cache it anywhere.
      headers: { "Cache-Control": "no-store" },
    }),
);
