"use client";
// Fix item hooks. Every write invalidates the fix items and the weekly review (which shows them).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import type { FailureCategory, FixItemCreate, FixItemPatch, FixStatus } from "@/lib/shared/fix-items";
import { assigneesResponse, fixItemSchema, fixItemsResponse, fixItemWithHistorySchema } from "@/lib/shared/api/fix-items";
import { reviewKeys } from "./review";

export interface FixItemFilter {
  owner?: string;
  status?: FixStatus;
  category?: FailureCategory;
  overdue?: boolean;
}

export const fixItemKeys = {
  all: (slug: string) => ["fix-items", slug] as const,
  list: (slug: string, f: FixItemFilter) => ["fix-items", slug, "list", f] as const,
  one: (slug: string, id: string) => ["fix-items", slug, "one", id] as const,
  assignees: (slug: string) => ["fix-items", slug, "assignees"] as const,
};

/** The members a fix item can be given to (owners and admins only; disabled for others). */
export function useAssignees(slug: string, enabled = true) {
  return useQuery({
    queryKey: fixItemKeys.assignees(slug),
    queryFn: ({ signal }) => apiFetch("/api/v1/fix-items/assignees", assigneesResponse, { query: { project: slug }, signal }),
    select: (d) => d.members,
    enabled,
    staleTime: 60_000,
  });
}

export function useFixItems(slug: string, filter: FixItemFilter, enabled = true) {
  return useQuery({
    enabled,
    queryKey: fixItemKeys.list(slug, filter),
    queryFn: ({ signal }) =>
      apiFetch("/api/v1/fix-items", fixItemsResponse, {
        query: { project: slug, owner: filter.owner, status: filter.status, category: filter.category, overdue: filter.overdue },
        signal,
      }),
  });
}

export function useFixItem(slug: string, id: string | null) {
  return useQuery({
    queryKey: fixItemKeys.one(slug, id ?? ""),
    queryFn: ({ signal }) => apiFetch(`/api/v1/fix-items/${encodeURIComponent(id!)}`, fixItemWithHistorySchema, { query: { project: slug }, signal }),
    enabled: id !== null,
  });
}

function useInvalidate(slug: string) {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: fixItemKeys.all(slug) }), qc.invalidateQueries({ queryKey: reviewKeys.all(slug) })]);
}

export function useCreateFixItem(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: FixItemCreate) => apiFetch("/api/v1/fix-items", fixItemSchema, { query: { project: slug }, body: input }),
    onSuccess: invalidate,
  });
}

export function useUpdateFixItem(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: FixItemPatch }) =>
      apiFetch(`/api/v1/fix-items/${encodeURIComponent(id)}`, fixItemSchema, { query: { project: slug }, method: "PATCH", body: patch }),
    onSuccess: invalidate,
  });
}
