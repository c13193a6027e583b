// OpenSLO v1 (docs/objectives.md): GET exports the approved objectives as YAML (a `kind: SLO` with a
// ratioMetric each and the burn-rate AlertPolicy); POST {yaml} imports SLO documents as drafts,
// which an owner or admin then approves in Keel (leadership's approval is not taken from a file).
import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute, nonJson } from "@/lib/server/http/route";
import { badRequest } from "@/lib/server/http/errors";
import { listObjectives } from "@/lib/server/queries/objectives";
import { createObjective } from "@/lib/server/services/objectives";
import { exportOpenSlo, importOpenSlo } from "@/lib/shared/openslo";
import { objectivesResponse } from "@/lib/shared/api/objectives";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "objectives:read", query: z.strictObject({}), response: nonJson("OpenSLO v1 YAML (application/yaml), a multi-document stream") },
  async ({ db, project }) => {
    const yaml = exportOpenSlo(await listObjectives(db, project.id, { status: "approved" }), project.slug);
    return new NextResponse(yaml, {
      headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `attachment; filename="${project.slug}-objectives.openslo.yaml"` },
    });
  },
);

const body = z.strictObject({ yaml: z.string().min(1, "must not be empty").max(1_000_000, "must be at most 1 MB") });

export const POST = apiRoute({ action: "objectives:write", scope: null, body, response: objectivesResponse }, async ({ db, project, actor, body }) => {
  const r = importOpenSlo(body.yaml);
  if (!r.ok) throw badRequest(`invalid body: yaml: ${r.issues[0].path}: ${r.issues[0].message}`, r.issues.map((i) => ({ path: `yaml.${i.path}`, message: i.message })));
  const objectives = [];
  for (const o of r.objectives) objectives.push(await createObjective(db, project.id, actor.userId, o));
  return { objectives };
});
