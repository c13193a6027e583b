"use client";
// Add or edit one workflow budget. The workflow field offers the project's known workflows and
// accepts a new name (its runs may arrive later). Duration is typed in seconds, stored in ms. The
// form checks with the API's own schema; the API's field errors show beside their fields too.
import { useState, type FormEvent } from "react";
import { Button, Field, Input, Notice, errorMessage } from "@/components/ui";
import { ApiError } from "@/lib/client/fetcher";
import { usePutBudget } from "@/lib/client/budgets";
import { budgetParamsSchema, budgetPutSchema, type BudgetLimits } from "@/lib/shared/budgets";
import type { WorkflowBudget } from "@/lib/shared/api/budgets";
import { Modal } from "./dialog";

type Key = "workflow" | "maxToolCalls" | "maxDurationS" | "maxTokens" | "maxCostUsd";
type Form = Record<Key, string>;
/** The API's field of each form field (the duration is ms there). */
const API_FIELD: Record<Key, string> = {
  workflow: "workflow",
  maxToolCalls: "maxToolCalls",
  maxDurationS: "maxDurationMs",
  maxTokens: "maxTokens",
  maxCostUsd: "maxCostUsd",
};

const str = (v: number | null) => (v === null ? "" : String(v));
const toForm = (b: WorkflowBudget | null): Form => ({
  workflow: b?.workflow ?? "",
  maxToolCalls: str(b?.maxToolCalls ?? null),
  maxDurationS: b?.maxDurationMs ? String(b.maxDurationMs / 1000) : "",
  maxTokens: str(b?.maxTokens ?? null),
  maxCostUsd: str(b?.maxCostUsd ?? null),
});

type Errors = Partial<Form> & { limits?: string };

function parse(form: Form): { workflow: string; limits: BudgetLimits } | { errors: Errors } {
  const errors: Errors = {};
  const num = (k: Key): number | null => {
    if (form[k].trim() === "") return null;
    const v = Number(form[k]);
    if (!Number.isFinite(v)) errors[k] = "enter a number, or leave it empty for no limit";
    return v;
  };
  const seconds = num("maxDurationS");
  const raw = {
    maxToolCalls: num("maxToolCalls"),
    maxDurationMs: seconds === null ? null : Math.round(seconds * 1000),
    maxTokens: num("maxTokens"),
    maxCostUsd: num("maxCostUsd"),
  };
  const wf = budgetParamsSchema.safeParse({ workflow: form.workflow });
  if (!wf.success) errors.workflow = wf.error.issues[0]?.message;
  const limits = budgetPutSchema.safeParse(raw);
  if (!limits.success)
    for (const i of limits.error.issues) {
      const k = (Object.keys(API_FIELD) as Key[]).find((f) => API_FIELD[f] === i.path[0]);
      if (k) errors[k] ??= seconds !== null && k === "maxDurationS" && seconds > 0 ? "must be at least 0.001 s" : i.message;
      else errors.limits ??= "Set at least one limit.";
    }
  if (Object.keys(errors).length || !wf.success || !limits.success) return { errors };
  return { workflow: wf.data.workflow, limits: limits.data };
}

export function BudgetDialog({
  slug,
  editing,
  knownWorkflows,
  taken,
  onClose,
}: {
  slug: string;
  /** null: a new budget. */
  editing: WorkflowBudget | null;
  knownWorkflows: readonly string[];
  /** Workflows that have a budget already (a new one for them would replace it). */
  taken: ReadonlySet<string>;
  onClose: () => void;
}) {
  const put = usePutBudget(slug);
  const [form, setForm] = useState<Form>(() => toForm(editing));
  const [errors, setErrors] = useState<Errors>({});
  const set = (k: Key, v: string) => setForm((f) => ({ ...f, [k]: v }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parse(form);
    if ("errors" in parsed) return setErrors(parsed.errors);
    if (!editing && taken.has(parsed.workflow)) return setErrors({ workflow: "already has a budget: edit it in the table" });
    setErrors({});
    put.mutate(parsed, { onSuccess: onClose });
  };
  const serverIssue = (k: Key) => (put.error instanceof ApiError ? put.error.issues?.find((i) => i.path === API_FIELD[k])?.message : undefined);
  const error = (k: Key) => errors[k] ?? serverIssue(k);
  const fieldless = put.isError && !(Object.keys(API_FIELD) as Key[]).some((k) => serverIssue(k));
  const listId = "budget-workflows";
  const title = editing ? `Budget of ${editing.workflow}` : "Add budget";

  return (
    <Modal open onClose={onClose} label={title} width="w-[min(30rem,calc(100vw-2rem))]">
      <form onSubmit={submit} className="space-y-3 p-5" aria-label={title}>
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        <Field label="Workflow" hint="a known workflow, or a new name (its runs may arrive later)" error={error("workflow")}>
          {(p) => (
            <>
              <Input {...p} list={listId} value={form.workflow} readOnly={!!editing} autoComplete="off" onChange={(e) => set("workflow", e.target.value)} />
              <datalist id={listId}>
                {knownWorkflows
                  .filter((w) => !taken.has(w))
                  .map((w) => (
                    <option key={w} value={w} />
                  ))}
              </datalist>
            </>
          )}
        </Field>
        <p className="text-xs text-slate-500">A run breaches the budget when it goes over any limit set; leave a limit empty for none.</p>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Max tool calls" error={error("maxToolCalls")}>
            {(p) => <Input {...p} inputMode="numeric" value={form.maxToolCalls} onChange={(e) => set("maxToolCalls", e.target.value)} />}
          </Field>
          <Field label="Max duration (s)" error={error("maxDurationS")}>
            {(p) => <Input {...p} inputMode="decimal" value={form.maxDurationS} onChange={(e) => set("maxDurationS", e.target.value)} />}
          </Field>
          <Field label="Max tokens" hint="input + output" error={error("maxTokens")}>
            {(p) => <Input {...p} inputMode="numeric" value={form.maxTokens} onChange={(e) => set("maxTokens", e.target.value)} />}
          </Field>
          <Field label="Max cost ($)" hint="per run" error={error("maxCostUsd")}>
            {(p) => <Input {...p} inputMode="decimal" value={form.maxCostUsd} onChange={(e) => set("maxCostUsd", e.target.value)} />}
          </Field>
        </div>
        {errors.limits && <Notice tone="bad">{errors.limits}</Notice>}
        {fieldless && <Notice tone="bad">{errorMessage(put.error)}</Notice>}
        <p className="text-xs text-slate-500">Applies to runs stored from now on; re-evaluate stored runs to apply it to them.</p>
        <div className="flex justify-end gap-2 pt-1">
          <Button type="button" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={put.isPending}>
            Save budget
          </Button>
        </div>
      </form>
    </Modal>
  );
}
