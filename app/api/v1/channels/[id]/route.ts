// One notification channel: change (name, URL, routing key, severities) or delete it.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { deleteChannel, updateChannel } from "@/lib/server/services/channels";
import { channelDeletedResponse, channelResponse } from "@/lib/shared/api/channels";
import { updateChannelSchema } from "@/lib/shared/channels";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

export const PATCH = apiRoute(
  { action: "channels:manage", scope: null, params, body: updateChannelSchema, response: channelResponse, maxBodyBytes: 16 * 1024 },
  async ({ db, project, params, body, actor }) => ({
    channel: await updateChannel(db, project.id, params.id, body, { type: "user", userId: actor.userId }),
  }),
);

export const DELETE = apiRoute(
  { action: "channels:manage", scope: null, params, response: channelDeletedResponse },
  async ({ db, project, params, actor }) => ({ deleted: await deleteChannel(db, project.id, params.id, { type: "user", userId: actor.userId }) }),
);
