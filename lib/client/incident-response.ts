"use client";
// Incident response hooks (issue 18): an incident's timeline with its targets, stakeholder-update
// previews and sends, fix items from an incident, the postmortem, and the tiers and templates
// settings. Keys start with the incident keys, so every incident write refreshes them too.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import { incidentKeys } from "./incidents";
import {
  incidentTimelineResponse,
  postmortemResponse,
  severityTiersResponse,
  stakeholderUpdateSchema,
  updatePreviewResponse,
  updateTemplatesResponse,
} from "@/lib/shared/api/incident-response";
import { fixItemSchema } from "@/lib/shared/api/fix-items";
import type { Audience, SendUpdateInput, SeverityTiers, UpdateTemplates } from "@/lib/shared/incident-response";
import type { FixItemCreate } from "@/lib/shared/fix-items";

const keys = {
  timeline: (slug: string, n: number) => [...incidentKeys.one(slug, n), "timeline"] as const,
  preview: (slug: string, n: number, audience: Audience) => [...incidentKeys.one(slug, n), "preview", audience] as const,
  postmortem: (slug: string, n: number) => [...incidentKeys.one(slug, n), "postmortem"] as const,
  tiers: (slug: string) => ["incident-settings", slug, "tiers"] as const,
  templates: (slug: string) => ["incident-settings", slug, "templates"] as const,
};

export function useIncidentTimeline(slug: string, number: number) {
  return useQuery({
    queryKey: keys.timeline(slug, number),
    queryFn: ({ signal }) => apiFetch(`/api/v1/incidents/${number}/timeline`, incidentTimelineResponse, { query: { project: slug }, signal }),
  });
}

export function useUpdatePreview(slug: string, number: number, audience: Audience, enabled: boolean) {
  return useQuery({
    queryKey: keys.preview(slug, number, audience),
    queryFn: ({ signal }) => apiFetch(`/api/v1/incidents/${number}/updates/preview`, updatePreviewResponse, { query: { project: slug, audience }, signal }),
    enabled,
  });
}

/** Invalidates everything under the incident (its detail, timeline, preview, postmortem) and the lists. */
function useIncidentMutation<I, O>(slug: string, fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: incidentKeys.all(slug) }) });
}

export function useSendUpdate(slug: string, number: number) {
  return useIncidentMutation(slug, (input: SendUpdateInput) =>
    apiFetch(`/api/v1/incidents/${number}/updates`, stakeholderUpdateSchema, { query: { project: slug }, body: input }),
  );
}

export function useCreateIncidentFixItem(slug: string, number: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: FixItemCreate) => apiFetch(`/api/v1/incidents/${number}/fix-items`, fixItemSchema, { query: { project: slug }, body: input }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: incidentKeys.all(slug) }), qc.invalidateQueries({ queryKey: ["fix-items"] })]),
  });
}

export function usePostmortem(slug: string, number: number) {
  return useQuery({
    queryKey: keys.postmortem(slug, number),
    queryFn: ({ signal }) => apiFetch(`/api/v1/incidents/${number}/postmortem`, postmortemResponse, { query: { project: slug }, signal }),
  });
}

export function useSavePostmortem(slug: string, number: number) {
  return useIncidentMutation(slug, (body: string) =>
    apiFetch(`/api/v1/incidents/${number}/postmortem`, postmortemResponse, { query: { project: slug }, method: "PUT", body: { body } }),
  );
}

export function usePublishPostmortem(slug: string, number: number) {
  return useIncidentMutation(slug, () =>
    apiFetch(`/api/v1/incidents/${number}/postmortem/publish`, postmortemResponse, { query: { project: slug }, method: "POST" }),
  );
}

export function useSeverityTiers(slug: string) {
  return useQuery({
    queryKey: keys.tiers(slug),
    queryFn: ({ signal }) => apiFetch("/api/v1/settings/severities", severityTiersResponse, { query: { project: slug }, signal }),
  });
}

export function useSaveSeverityTiers(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tiers: SeverityTiers) => apiFetch("/api/v1/settings/severities", severityTiersResponse, { query: { project: slug }, method: "PUT", body: { tiers } }),
    onSuccess: (data) => qc.setQueryData(keys.tiers(slug), data),
  });
}

export function useUpdateTemplates(slug: string) {
  return useQuery({
    queryKey: keys.templates(slug),
    queryFn: ({ signal }) => apiFetch("/api/v1/settings/update-templates", updateTemplatesResponse, { query: { project: slug }, signal }),
  });
}

export function useSaveUpdateTemplates(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (templates: UpdateTemplates) =>
      apiFetch("/api/v1/settings/update-templates", updateTemplatesResponse, { query: { project: slug }, method: "PUT", body: { templates } }),
    onSuccess: (data) => qc.setQueryData(keys.templates(slug), data),
  });
}
