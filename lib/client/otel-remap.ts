"use client";
// React-query hooks of Settings → OpenTelemetry → Re-map (GET/POST /api/v1/otel/remap). The list
// polls every second while a job runs (the server works through the traces in the background).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RemapJob } from "@/lib/shared/otel-remap";
import { remapJobsResponse, remapStartedResponse } from "@/lib/shared/api/otel";
import { apiFetch } from "./fetcher";
import { settingsKeys } from "./settings";

/** A remap job as GET/POST /api/v1/otel/remap answer it (lib/shared/otel-remap.ts). */
export type RemapJobView = RemapJob;

const remapKey = (project: string) => [...settingsKeys.all(project), "otel-remap"] as const;

export function useRemapJobs(project: string) {
  return useQuery({
    queryKey: remapKey(project),
    queryFn: ({ signal }) => apiFetch("/api/v1/otel/remap", remapJobsResponse, { query: { project }, signal }),
    select: (d) => d.jobs,
    refetchInterval: (query) => (query.state.data?.jobs.some((j) => j.status === "running") ? 1000 : false),
  });
}

/** POST: starts a remap of the traces since a day ("YYYY-MM-DD"), or resumes the unfinished one of that scope. */
export function useStartRemap(project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (since: string | null) =>
      apiFetch("/api/v1/otel/remap", remapStartedResponse, { method: "POST", query: { project }, body: { since } }),
    onSuccess: ({ job }) => {
      // 202 with the job as started: shown at once (a small remap may be done before the next
      // poll), then the polling takes over.
      client.setQueryData<{ jobs: RemapJobView[] }>(remapKey(project), (prev) => ({
        jobs: [job, ...(prev?.jobs ?? []).filter((j) => j.id !== job.id)],
      }));
      // The audit trail has the new entry; the list is refetched with it.
      void client.invalidateQueries({ queryKey: settingsKeys.all(project) });
    },
  });
}
