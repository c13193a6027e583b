"use client";
// Governance hooks (issue 18): runbooks, the risk register and the ownership map. Every write
// invalidates its own area and the weekly review (which lists risks).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import { reviewKeys } from "./review";
import {
  deletedResponse,
  ownershipResponse,
  riskSchema,
  risksResponse,
  runbookSchema,
  runbooksResponse,
  runbookVersionsResponse,
} from "@/lib/shared/api/governance";
import type { RunbookCreate, RunbookPatch } from "@/lib/shared/runbooks";
import type { RiskCreate, RiskPatch } from "@/lib/shared/risks";
import type { OwnershipPut } from "@/lib/shared/ownership";

export const governanceKeys = {
  runbooks: (slug: string) => ["runbooks", slug] as const,
  runbook: (slug: string, id: string) => ["runbooks", slug, "one", id] as const,
  versions: (slug: string, id: string) => ["runbooks", slug, "versions", id] as const,
  risks: (slug: string) => ["risks", slug] as const,
  ownership: (slug: string) => ["ownership", slug] as const,
};

/** Every runbook of the project, without bodies (any role). RunbooksFor filters this one list. */
export function useRunbooks(slug: string) {
  return useQuery({
    queryKey: governanceKeys.runbooks(slug),
    queryFn: ({ signal }) => apiFetch("/api/v1/runbooks", runbooksResponse, { query: { project: slug }, signal }),
    select: (d) => d.runbooks,
    staleTime: 30_000,
  });
}

export function useRunbook(slug: string, id: string, enabled = true) {
  return useQuery({
    queryKey: governanceKeys.runbook(slug, id),
    queryFn: ({ signal }) => apiFetch(`/api/v1/runbooks/${encodeURIComponent(id)}`, runbookSchema, { query: { project: slug }, signal }),
    enabled,
  });
}

export function useRunbookVersions(slug: string, id: string, enabled = true) {
  return useQuery({
    queryKey: governanceKeys.versions(slug, id),
    queryFn: ({ signal }) => apiFetch(`/api/v1/runbooks/${encodeURIComponent(id)}/versions`, runbookVersionsResponse, { query: { project: slug }, signal }),
    select: (d) => d.versions,
    enabled,
  });
}

function useInvalidate(slug: string, keys: readonly (readonly string[])[]) {
  const qc = useQueryClient();
  return () => Promise.all([...keys, reviewKeys.all(slug)].map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function useCreateRunbook(slug: string) {
  const invalidate = useInvalidate(slug, [governanceKeys.runbooks(slug)]);
  return useMutation({
    mutationFn: (input: RunbookCreate) => apiFetch("/api/v1/runbooks", runbookSchema, { method: "POST", query: { project: slug }, body: input }),
    onSuccess: invalidate,
  });
}

export function useUpdateRunbook(slug: string, id: string) {
  const invalidate = useInvalidate(slug, [governanceKeys.runbooks(slug)]);
  return useMutation({
    mutationFn: (patch: RunbookPatch) => apiFetch(`/api/v1/runbooks/${encodeURIComponent(id)}`, runbookSchema, { method: "PATCH", query: { project: slug }, body: patch }),
    onSuccess: invalidate,
  });
}

export function useReviewRunbook(slug: string, id: string) {
  const invalidate = useInvalidate(slug, [governanceKeys.runbooks(slug)]);
  return useMutation({
    mutationFn: () => apiFetch(`/api/v1/runbooks/${encodeURIComponent(id)}/review`, runbookSchema, { method: "POST", query: { project: slug } }),
    onSuccess: invalidate,
  });
}

export function useRisks(slug: string) {
  return useQuery({
    queryKey: governanceKeys.risks(slug),
    queryFn: ({ signal }) => apiFetch("/api/v1/risks", risksResponse, { query: { project: slug }, signal }),
    select: (d) => d.risks,
  });
}

export function useSaveRisk(slug: string) {
  const invalidate = useInvalidate(slug, [governanceKeys.risks(slug)]);
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: RiskCreate | RiskPatch }) =>
      id
        ? apiFetch(`/api/v1/risks/${encodeURIComponent(id)}`, riskSchema, { method: "PATCH", query: { project: slug }, body })
        : apiFetch("/api/v1/risks", riskSchema, { method: "POST", query: { project: slug }, body }),
    onSuccess: invalidate,
  });
}

export function useDeleteRisk(slug: string) {
  const invalidate = useInvalidate(slug, [governanceKeys.risks(slug)]);
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/risks/${encodeURIComponent(id)}`, deletedResponse, { method: "DELETE", query: { project: slug } }),
    onSuccess: invalidate,
  });
}

export function useOwnership(slug: string) {
  return useQuery({
    queryKey: governanceKeys.ownership(slug),
    queryFn: ({ signal }) => apiFetch("/api/v1/ownership", ownershipResponse, { query: { project: slug }, signal }),
    select: (d) => d.areas,
    staleTime: 60_000,
  });
}

export function useSaveOwnership(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OwnershipPut) => apiFetch("/api/v1/ownership", ownershipResponse, { method: "PUT", query: { project: slug }, body }),
    onSuccess: (d) => qc.setQueryData(governanceKeys.ownership(slug), d),
  });
}
