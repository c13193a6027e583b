// Settings → OpenTelemetry → Re-map (admins; CONTRACT §7): GET the project's latest remaps, POST to
// rebuild the runs of the project's stored traces with the current mapping. POST answers 202 at
// once with the job; the server runs it in the background, a batch of traces at a time. An
// interrupted or failed remap of the same scope is resumed from where it stopped.
import { NextResponse } from "next/server";
import { z } from "zod";
import { HttpError } from "@/lib/server/http/errors";
import { apiRoute } from "@/lib/server/http/route";
import { listRemapJobs, RemapBusyError, runRemapInBackground, startRemap } from "@/lib/server/otel/remap";
import { remapJobsResponse, remapStartedResponse } from "@/lib/shared/api/otel";

export const dynamic = "force-dynamic";

const remapBody = z
  .object({
    since: z
      .string()
      .refine((v) => /^\d{4}-\d\d-\d\d$/.test(v) && Number.isFinite(Date.parse(`${v}T00:00:00Z`)), "must be a date YYYY-MM-DD")
      .nullish(),
  })
  .strict();

export const GET = apiRoute({ action: "settings:write", scope: null, response: remapJobsResponse }, async ({ db, project }) => ({
  jobs: await listRemapJobs(db, project.id),
}));

export const POST = apiRoute(
  { action: "settings:write", scope: null, body: remapBody, response: remapStartedResponse, maxBodyBytes: 1024 },
  async ({ db, project, body, actor }) => {
    const since = body.since ? new Date(`${body.since}T00:00:00Z`) : null;
    try {
      const { job, resumed } = await startRemap(db, { projectId: project.id, since }, actor);
      runRemapInBackground(db, job.id);
      return NextResponse.json({ job, resumed }, { status: 202 });
    } catch (err) {
      if (err instanceof RemapBusyError) throw new HttpError(409, "remap_running", err.message);
      throw err;
    }
  },
);
