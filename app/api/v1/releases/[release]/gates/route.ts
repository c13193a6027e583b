// May this release take more traffic? CONTRACT §6; semantics in lib/shared/gates.ts.
import { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getReleaseGates } from "@/lib/server/services/gates";
import { windowQuerySchema } from "@/lib/shared/gates";
import { decodeReleaseParam } from "@/lib/shared/releases";
import { releaseGatesResponse } from "@/lib/shared/api/releases";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "releases:read", query: windowQuerySchema, params: z.object({ release: z.string() }), response: releaseGatesResponse },
  async ({ db, project, query, params }) => getReleaseGates(db, project.id, decodeReleaseParam(params.release), query),
);
