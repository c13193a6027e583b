// One member: change their role (PATCH {role}) or remove them (DELETE). The last admin stays.
import type { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { changeMemberRole, personActor, removeMember } from "@/lib/server/services/settings";
import { changeRoleSchema } from "@/lib/shared/settings";

export const dynamic = "force-dynamic";

type Params = { userId: string };

export const PATCH = apiRoute<z.ZodUndefined, typeof changeRoleSchema, Params>(
  { action: "members:manage", scope: null, body: changeRoleSchema, maxBodyBytes: 1024 },
  async ({ db, project, params, body, actor }) => ({
    member: await changeMemberRole(db, project.id, params.userId, body.role, personActor(actor)),
  }),
);

export const DELETE = apiRoute<z.ZodUndefined, z.ZodUndefined, Params>(
  { action: "members:manage", scope: null },
  async ({ db, project, params, actor }) => ({ removed: await removeMember(db, project.id, params.userId, personActor(actor)) }),
);
