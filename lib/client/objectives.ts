"use client";
// Objective and alert hooks (CONTRACT §8). Every write invalidates objectives and alerts (an edit
// can send an objective back to draft and resolve its alert at the next evaluation).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import { incidentKeys } from "./incidents";
import type { ObjectiveCreate, ObjectivePatch } from "@/lib/shared/objectives";
import {
  alertIncidentResponse,
  alertSchema,
  alertsResponse,
  evaluationResponse,
  objectiveSchema,
  objectiveSeriesSchema,
  objectivesStatusResponse,
} from "@/lib/shared/api/objectives";

export const objectiveKeys = {
  all: (slug: string) => ["objectives", slug] as const,
  list: (slug: string, approvedOnly: boolean) => ["objectives", slug, "list", approvedOnly] as const,
  series: (slug: string, id: string) => ["objectives", slug, "series", id] as const,
  alerts: (slug: string, objectiveId?: string) => ["objectives", slug, "alerts", objectiveId ?? ""] as const,
};

/** Status is "now": refresh every minute, like the evaluator. */
const LIVE = { refetchInterval: 60_000 } as const;

export function useObjectivesWithStatus(slug: string, approvedOnly = false) {
  return useQuery({
    queryKey: objectiveKeys.list(slug, approvedOnly),
    queryFn: ({ signal }) =>
      apiFetch("/api/v1/objectives/status", objectivesStatusResponse, { query: { project: slug, status: approvedOnly ? "approved" : undefined }, signal }),
    select: (d) => d.objectives,
    ...LIVE,
  });
}

export function useObjectiveSeries(slug: string, id: string) {
  return useQuery({
    queryKey: objectiveKeys.series(slug, id),
    queryFn: ({ signal }) => apiFetch(`/api/v1/objectives/${encodeURIComponent(id)}/series`, objectiveSeriesSchema, { query: { project: slug }, signal }),
    ...LIVE,
  });
}

export function useAlerts(slug: string, objectiveId?: string) {
  return useQuery({
    queryKey: objectiveKeys.alerts(slug, objectiveId),
    queryFn: ({ signal }) => apiFetch("/api/v1/alerts", alertsResponse, { query: { project: slug, objective: objectiveId }, signal }),
    select: (d) => d.alerts,
    // Every 5 s while a notification is still on its way (the worker sends within seconds), else LIVE.
    refetchInterval: (q) => (q.state.data?.alerts.some((a) => a.deliveries.some((d) => d.status === "pending")) ? 5_000 : LIVE.refetchInterval),
  });
}

function useInvalidate(slug: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: objectiveKeys.all(slug) });
}

export function useCreateObjective(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: ObjectiveCreate) => apiFetch("/api/v1/objectives", objectiveSchema, { query: { project: slug }, body: input }),
    onSuccess: invalidate,
  });
}

export function useUpdateObjective(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ObjectivePatch }) =>
      apiFetch(`/api/v1/objectives/${encodeURIComponent(id)}`, objectiveSchema, { query: { project: slug }, method: "PATCH", body: patch }),
    onSuccess: invalidate,
  });
}

export function useApproveObjective(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/objectives/${encodeURIComponent(id)}/approve`, objectiveSchema, { query: { project: slug }, method: "POST" }),
    onSuccess: invalidate,
  });
}

/** One evaluation now (owners and admins): what the server's loop does every minute. */
export function useEvaluateNow(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: () => apiFetch("/api/v1/objectives/evaluate", evaluationResponse, { query: { project: slug }, method: "POST" }),
    onSuccess: invalidate,
  });
}

export function useAlertAction(slug: string) {
  const invalidate = useInvalidate(slug);
  const qc = useQueryClient();
  const acknowledge = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/alerts/${encodeURIComponent(id)}/acknowledge`, alertSchema, { query: { project: slug }, method: "POST" }),
    onSuccess: invalidate,
  });
  const silence = useMutation({
    mutationFn: ({ id, minutes }: { id: string; minutes: number }) =>
      apiFetch(`/api/v1/alerts/${encodeURIComponent(id)}/silence`, alertSchema, { query: { project: slug }, body: { minutes } }),
    onSuccess: invalidate,
  });
  const openIncident = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/alerts/${encodeURIComponent(id)}/incident`, alertIncidentResponse, { query: { project: slug }, method: "POST" }),
    onSuccess: () => Promise.all([invalidate(), qc.invalidateQueries({ queryKey: incidentKeys.all(slug) })]),
  });
  return { acknowledge, silence, openIncident };
}
