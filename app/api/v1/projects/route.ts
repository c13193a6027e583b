// POST /api/v1/projects {name} → 201 {id, slug, name}: a signed-in person who is admin of at least
// one project creates another and becomes its admin. People only: an API key acts for its own
// project and cannot create others (403). There is no project in the query, so this route does
// not go through apiRoute (which resolves one); it uses the same pieces.
import { NextResponse, type NextRequest } from "next/server";
import { getDatabase } from "@/lib/server/db";
import { getSessionUser } from "@/lib/server/auth/session";
import { readJsonBody } from "@/lib/server/http/body";
import { authenticateApiKey } from "@/lib/server/http/api-key-auth";
import { forbidden, unauthorized } from "@/lib/server/http/errors";
import { assertSameOriginWrite, declaredRoute, errorResponse, parseWith } from "@/lib/server/http/route";
import { createProject } from "@/lib/server/services/projects";
import { createProjectSchema } from "@/lib/shared/projects";
import { projectCreatedSchema } from "@/lib/shared/api/misc";

export const dynamic = "force-dynamic";

export const POST = declaredRoute(projectCreatedSchema, async (req: NextRequest): Promise<Response> => {
  try {
    const authz = req.headers.get("authorization");
    if (authz !== null) {
      // A wrong or revoked key is 401 as everywhere (CONTRACT §4); a valid key may still not do this.
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authz);
      if (!match) throw unauthorized("the Authorization header must be 'Bearer <key>'");
      if (!(await authenticateApiKey(await getDatabase(), match[1]))) throw unauthorized("the API key is unknown or revoked");
      throw forbidden("API keys cannot create projects; a signed-in admin can (or `npx keel api-key create --project NAME`)");
    }
    const user = await getSessionUser();
    if (!user) throw unauthorized();
    assertSameOriginWrite(req, true);
    const body = parseWith(createProjectSchema, await readJsonBody(req, 4 * 1024), "body");
    const project = await createProject(await getDatabase(), body, { userId: user.id });
    return NextResponse.json(project, { status: 201, headers: { Location: `/${project.slug}` } });
  } catch (err) {
    return errorResponse(err);
  }
});
