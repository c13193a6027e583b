// Members of the project and their roles (admins only). POST adds an existing person or creates
// one with an initial password.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http/route";
import { listMembers } from "@/lib/server/queries/settings";
import { addMember } from "@/lib/server/services/settings";
import { memberAddedResponse, membersResponse } from "@/lib/shared/api/settings";
import { addMemberSchema } from "@/lib/shared/settings";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "members:manage", scope: null, response: membersResponse }, async ({ db, project }) => ({
  members: await listMembers(db, project.id),
}));

export const POST = apiRoute(
  { action: "members:manage", scope: null, body: addMemberSchema, response: memberAddedResponse, maxBodyBytes: 16 * 1024 },
  async ({ db, project, body, actor }) =>
    NextResponse.json(await addMember(db, project.id, body, actor), { status: 201 }),
);
