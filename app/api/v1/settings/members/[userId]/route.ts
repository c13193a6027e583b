// One member: change their role (PATCH {role}) or remove them (DELETE). The last admin stays.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { changeMemberRole, removeMember } from "@/lib/server/services/settings";
import { memberRemovedResponse, memberResponse } from "@/lib/shared/api/settings";
import { changeRoleSchema } from "@/lib/shared/settings";

export const dynamic = "force-dynamic";

const params = z.object({ userId: z.string() });

export const PATCH = apiRoute(
  { action: "members:manage", scope: null, body: changeRoleSchema, params, response: memberResponse, maxBodyBytes: 1024 },
  async ({ db, project, params, body, actor }) => ({
    member: await changeMemberRole(db, project.id, params.userId, body.role, actor),
  }),
);

export const DELETE = apiRoute(
  { action: "members:manage", scope: null, params, response: memberRemovedResponse },
  async ({ db, project, params, actor }) => ({ removed: await removeMember(db, project.id, params.userId, actor) }),
);
