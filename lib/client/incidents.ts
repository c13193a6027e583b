"use client";
// Incident hooks: list, one, open, change, link runs, notes, the commander picker and the run
// picker of "Link runs". Writes invalidate the incident queries.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import type { CreateIncidentInput, IncidentDetail, IncidentStatus, UpdateIncidentInput } from "@/lib/shared/incidents";
import { commandersResponse, incidentDetailSchema, incidentsResponse } from "@/lib/shared/api/incidents";
import { runsPageSchema } from "@/lib/shared/api/runs";

export const incidentKeys = {
  all: (slug: string) => ["incidents", slug] as const,
  list: (slug: string, status?: IncidentStatus) => ["incidents", slug, "list", status ?? "all"] as const,
  one: (slug: string, number: number) => ["incidents", slug, "one", number] as const,
  commanders: (slug: string) => ["incidents", slug, "commanders"] as const,
};

export function useIncidents(slug: string, status?: IncidentStatus) {
  return useQuery({
    queryKey: incidentKeys.list(slug, status),
    queryFn: ({ signal }) =>
      apiFetch("/api/v1/incidents", incidentsResponse, { query: { project: slug, status }, signal }),
  });
}

export function useIncident(slug: string, number: number, initialData?: IncidentDetail) {
  return useQuery({
    queryKey: incidentKeys.one(slug, number),
    queryFn: ({ signal }) => apiFetch(`/api/v1/incidents/${number}`, incidentDetailSchema, { query: { project: slug }, signal }),
    initialData,
  });
}

export function useCreateIncident(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateIncidentInput) =>
      apiFetch("/api/v1/incidents", incidentDetailSchema, { query: { project: slug }, body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: incidentKeys.all(slug) }),
  });
}

export function useUpdateIncident(slug: string, number: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateIncidentInput) =>
      apiFetch(`/api/v1/incidents/${number}`, incidentDetailSchema, { query: { project: slug }, method: "PATCH", body: input }),
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
      apiFetch(`/api/v1/incidents/${number}/runs`, incidentDetailSchema, { query: { project: slug }, body: { runIds } }),
    onSuccess: (data) => {
      qc.setQueryData(incidentKeys.one(slug, number), data);
      return qc.invalidateQueries({ queryKey: incidentKeys.all(slug) });
    },
  });
}

export function useAddNote(slug: string, number: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      apiFetch(`/api/v1/incidents/${number}/notes`, incidentDetailSchema, { query: { project: slug }, body: { body } }),
    onSuccess: (data) => {
      qc.setQueryData(incidentKeys.one(slug, number), data);
      return qc.invalidateQueries({ queryKey: incidentKeys.all(slug) });
    },
  });
}

/** The members a commander is picked from (only fetched for people who may write incidents). */
export function useCommanders(slug: string, enabled = true) {
  return useQuery({
    queryKey: incidentKeys.commanders(slug),
    queryFn: ({ signal }) =>
      apiFetch("/api/v1/incidents/commanders", commandersResponse, { query: { project: slug }, signal }),
    select: (d) => d.members,
    enabled,
    staleTime: 60_000,
  });
}

/** The filters of the "Link runs" picker (a subset of GET /api/v1/runs). */
export interface RunCandidateFilters {
  q?: string;
  workflow?: string;
  outcome?: "success" | "failure" | "escalated";
  failureReason?: string;
}

/** The newest runs matching the picker's filters (first page, with the exact total). */
export function useRunCandidates(slug: string, filters: RunCandidateFilters, enabled: boolean, limit = 50) {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ""));
  return useQuery({
    queryKey: ["runs", slug, "incident-picker", query, limit] as const,
    queryFn: ({ signal }) => apiFetch("/api/v1/runs", runsPageSchema, { query: { project: slug, ...query, limit }, signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}
