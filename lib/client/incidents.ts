"use client";
// Incident hooks: list, one, open, change, link runs. Writes invalidate the incident queries.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import type {
  CreateIncidentInput,
  IncidentDetail,
  IncidentStatus,
  IncidentView,
  UpdateIncidentInput,
} from "@/lib/shared/incidents";

export const incidentKeys = {
  all: (slug: string) => ["incidents", slug] as const,
  list: (slug: string, status?: IncidentStatus) => ["incidents", slug, "list", status ?? "all"] as const,
  one: (slug: string, number: number) => ["incidents", slug, "one", number] as const,
};

export function useIncidents(slug: string, status?: IncidentStatus) {
  return useQuery({
    queryKey: incidentKeys.list(slug, status),
    queryFn: ({ signal }) =>
      apiFetch<{ incidents: IncidentView[] }>("/api/v1/incidents", { query: { project: slug, status }, signal }),
  });
}

export function useIncident(slug: string, number: number, initialData?: IncidentDetail) {
  return useQuery({
    queryKey: incidentKeys.one(slug, number),
    queryFn: ({ signal }) => apiFetch<IncidentDetail>(`/api/v1/incidents/${number}`, { query: { project: slug }, signal }),
    initialData,
  });
}

export function useCreateIncident(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateIncidentInput) =>
      apiFetch<IncidentDetail>("/api/v1/incidents", { query: { project: slug }, body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: incidentKeys.all(slug) }),
  });
}

export function useUpdateIncident(slug: string, number: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateIncidentInput) =>
      apiFetch<IncidentDetail>(`/api/v1/incidents/${number}`, { query: { project: slug }, method: "PATCH", body: input }),
    onSuccess: (data) => {
      qc.setQueryData(incidentKeys.one(slug, number), data);
      return qc.invalidateQueries({ queryKey: incidentKeys.all(slug) });
    },
  });
}

export function useLinkRuns(slug: string, number: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (runIds: string[]) =>
      apiFetch<IncidentDetail>(`/api/v1/incidents/${number}/runs`, { query: { project: slug }, body: { runIds } }),
    onSuccess: (data) => {
      qc.setQueryData(incidentKeys.one(slug, number), data);
      return qc.invalidateQueries({ queryKey: incidentKeys.all(slug) });
    },
  });
}
