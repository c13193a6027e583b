"use client";
// React-query hooks of Settings → Guardrails (issue 17): the detector settings and the workflow
// budgets. Writes invalidate the project's settings tree (the audit trail moves too); a
// re-evaluation also invalidates the metrics and the runs list, whose breach numbers it changed.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "./fetcher";
import { settingsKeys } from "./settings";
import { budgetsResponse, reevaluateResponse, workflowBudgetSchema } from "@/lib/shared/api/budgets";
import { guardrailSettingsResponse } from "@/lib/shared/api/settings";
import type { BudgetLimits } from "@/lib/shared/budgets";
import type { GuardrailSettingsPatch } from "@/lib/shared/guardrail-settings";

const keys = {
  budgets: (project: string) => [...settingsKeys.all(project), "budgets"] as const,
  guardrails: (project: string) => [...settingsKeys.all(project), "guardrails"] as const,
};
const budgetPath = (workflow: string) => `/api/v1/settings/budgets/${encodeURIComponent(workflow)}`;

function useSettingsWrite<I, O>(project: string, fn: (input: I) => Promise<O>, alsoStale: readonly (readonly unknown[])[] = []) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([settingsKeys.all(project), ...alsoStale].map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });
}

export function useGuardrailSettings(project: string) {
  return useQuery({
    queryKey: keys.guardrails(project),
    queryFn: ({ signal }) => apiFetch("/api/v1/settings/guardrails", guardrailSettingsResponse, { query: { project }, signal }),
  });
}

export function useUpdateGuardrailSettings(project: string) {
  return useSettingsWrite(project, (patch: GuardrailSettingsPatch) =>
    apiFetch("/api/v1/settings/guardrails", guardrailSettingsResponse, { method: "PATCH", query: { project }, body: patch }),
  );
}

export function useBudgets(project: string) {
  return useQuery({
    queryKey: keys.budgets(project),
    queryFn: ({ signal }) => apiFetch("/api/v1/settings/budgets", budgetsResponse, { query: { project }, signal }),
    select: (d) => d.budgets,
  });
}

export function usePutBudget(project: string) {
  return useSettingsWrite(project, ({ workflow, limits }: { workflow: string; limits: BudgetLimits }) =>
    apiFetch(budgetPath(workflow), workflowBudgetSchema, { method: "PUT", query: { project }, body: limits }),
  );
}

export function useDeleteBudget(project: string) {
  // 204: no body.
  return useSettingsWrite(project, (workflow: string) => apiFetch(budgetPath(workflow), z.null(), { method: "DELETE", query: { project } }));
}

export function useReevaluateBudgets(project: string) {
  return useSettingsWrite(
    project,
    (window: { from: string; to: string }) =>
      apiFetch("/api/v1/settings/budgets/reevaluate", reevaluateResponse, { method: "POST", query: { project }, body: window }),
    [["metrics", project], ["runs", project]],
  );
}
