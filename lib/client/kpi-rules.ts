"use client";
// KPI threshold rule hooks (issue 15). The rules live under the objectives' query key, so "Evaluate
// now" and every objective write refresh them too, and every rule write refreshes the alerts.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import { objectiveKeys } from "./objectives";
import type { KpiRuleCreate, KpiRulePatch } from "@/lib/shared/kpi-rules";
import { kpiRuleSchema, kpiRulesResponse } from "@/lib/shared/api/kpi-rules";

const listKey = (slug: string) => [...objectiveKeys.all(slug), "kpi-rules"] as const;

/** Each rule's value is "now": refresh every minute, like the evaluator. */
export function useKpiRules(slug: string) {
  return useQuery({
    queryKey: listKey(slug),
    queryFn: ({ signal }) => apiFetch("/api/v1/kpi-rules", kpiRulesResponse, { query: { project: slug }, signal }),
    select: (d) => d.kpiRules,
    refetchInterval: 60_000,
  });
}

function useInvalidate(slug: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: objectiveKeys.all(slug) });
}

export function useCreateKpiRule(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (input: KpiRuleCreate) => apiFetch("/api/v1/kpi-rules", kpiRuleSchema, { query: { project: slug }, body: input }),
    onSuccess: invalidate,
  });
}

export function useUpdateKpiRule(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: KpiRulePatch }) =>
      apiFetch(`/api/v1/kpi-rules/${encodeURIComponent(id)}`, kpiRuleSchema, { query: { project: slug }, method: "PATCH", body: patch }),
    onSuccess: invalidate,
  });
}

export function useApproveKpiRule(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/kpi-rules/${encodeURIComponent(id)}/approve`, kpiRuleSchema, { query: { project: slug }, method: "POST" }),
    onSuccess: invalidate,
  });
}
