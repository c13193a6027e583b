"use client";
// React-query hooks of the releases pages: the list, a release's gates, its gold-set history,
// and the gate thresholds (PATCH invalidates every gate verdict of the project).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import { qualityKeys } from "./quality";
import type { z } from "zod";
import type { GateSettingsPatch } from "@/lib/shared/gate-settings";
import { evalsResponse, gateSettingsResponse, releaseGatesResponse, releasesResponse } from "@/lib/shared/api/releases";

/** GET /api/v1/releases/{release}/gates (see lib/server/services/gates.ts). */
export type ReleaseGatesData = z.infer<typeof releaseGatesResponse>;

export const releaseKeys = {
  all: (project: string) => ["releases", project] as const,
  list: (project: string) => ["releases", project, "list"] as const,
  gates: (project: string, release: string) => ["releases", project, "gates", release] as const,
  evals: (project: string, release: string) => ["releases", project, "evals", release] as const,
  settings: (project: string) => ["releases", project, "gate-settings"] as const,
};

const gatesPath = (release: string) => `/api/v1/releases/${encodeURIComponent(release)}/gates`;

export function useReleases(project: string) {
  return useQuery({
    queryKey: releaseKeys.list(project),
    queryFn: ({ signal }) => apiFetch("/api/v1/releases", releasesResponse, { query: { project }, signal }),
  });
}

export function useReleaseGates(project: string, release: string) {
  return useQuery({
    queryKey: releaseKeys.gates(project, release),
    queryFn: ({ signal }) => apiFetch(gatesPath(release), releaseGatesResponse, { query: { project }, signal }),
  });
}

export function useReleaseEvals(project: string, release: string) {
  return useQuery({
    queryKey: releaseKeys.evals(project, release),
    queryFn: ({ signal }) => apiFetch("/api/v1/evals", evalsResponse, { query: { project, release, limit: 20 }, signal }),
  });
}

export function useGateSettings(project: string) {
  return useQuery({
    queryKey: releaseKeys.settings(project),
    queryFn: ({ signal }) => apiFetch("/api/v1/settings/gates", gateSettingsResponse, { query: { project }, signal }),
  });
}

export function useUpdateGateSettings(project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: GateSettingsPatch) =>
      apiFetch("/api/v1/settings/gates", gateSettingsResponse, { method: "PATCH", query: { project }, body: patch }),
    onSuccess: (saved) => {
      client.setQueryData(releaseKeys.settings(project), saved);
      // The quality drift flags read the drift margin (docs/quality.md).
      void client.invalidateQueries({ queryKey: qualityKeys.all(project) });
      return client.invalidateQueries({ queryKey: releaseKeys.all(project) });
    },
  });
}
