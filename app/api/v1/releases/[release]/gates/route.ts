// May this release take more traffic? CONTRACT §6; semantics in lib/shared/gates.ts.
import type { z } from "zod";
import { apiRoute } from "@/lib/server/http/route";
import { getReleaseGates } from "@/lib/server/services/gates";
import { windowQuerySchema } from "@/lib/shared/gates";
import { decodeReleaseParam } from "@/lib/shared/releases";

export const dynamic = "force-dynamic";

export const GET = apiRoute<typeof windowQuerySchema, z.ZodUndefined, { release: string }>(
  { action: "releases:read", query: windowQuerySchema },
  async ({ db, project, query, params }) => getReleaseGates(db, project.id, decodeReleaseParam(params.release), query),
);
