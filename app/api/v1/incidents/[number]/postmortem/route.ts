// GET /api/v1/incidents/{number}/postmortem → the saved postmortem (draft or published) or the
// generated draft; `?format=markdown` downloads its Markdown. PUT {body} saves the draft: the
// commander, or an owner or admin; a published one is read-only (409).
import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute, nonJson } from "@/lib/server/http/route";
import { notFound } from "@/lib/server/http/errors";
import { incidentNumberParam } from "@/lib/server/http/incident-params";
import { getPostmortem } from "@/lib/server/queries/incident-postmortem";
import { savePostmortem } from "@/lib/server/services/incident-response";
import { postmortemPutSchema, postmortemQuerySchema } from "@/lib/shared/incident-response";
import { postmortemResponse } from "@/lib/shared/api/incident-response";

export const dynamic = "force-dynamic";

const params = z.object({ number: z.string() });

export const GET = apiRoute(
  { action: "incidents:read", params, query: postmortemQuerySchema, response: nonJson("the postmortem as JSON (postmortemResponse), or its Markdown with ?format=markdown") },
  async ({ db, project, params, query }) => {
    const number = incidentNumberParam(params.number);
    const pm = await getPostmortem(db, project.id, number, new Date());
    if (!pm) throw notFound(`incident #${number} not found`);
    if (query.format !== "markdown") return NextResponse.json(postmortemResponse.parse(pm));
    return new Response(pm.body.endsWith("\n") ? pm.body : `${pm.body}\n`, {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename="${project.slug}-incident-${number}-postmortem.md"`,
      },
    });
  },
);

export const PUT = apiRoute(
  { action: "incidents:write", scope: null, params, body: postmortemPutSchema, response: postmortemResponse, maxBodyBytes: 256 * 1024 },
  async ({ db, project, params, body, actor }) => savePostmortem(db, project.id, incidentNumberParam(params.number), actor, body.body),
);
