"use client";
// Create or edit an objective (owners and admins). Target is typed as a percentage; the server
// names the field of any mistake (a tool objective without a tool, a target of 100%…).
import { useState, type FormEvent } from "react";
import { Button, Card, Field, Input, Select, errorMessage } from "@/components/ui";
import { ApiError } from "@/lib/client/fetcher";
import { useCreateObjective, useUpdateObjective } from "@/lib/client/objectives";
import { DEFAULT_PERIOD_DAYS, LATENCY_SLIS, SLIS, SLI_LABELS, type ObjectiveDto, type Sli } from "@/lib/shared/objectives";

export function ObjectiveForm({ slug, objective, onDone }: { slug: string; objective?: ObjectiveDto; onDone: () => void }) {
  const [sli, setSli] = useState<Sli>(objective?.sli ?? "success_rate");
  const [workflow, setWorkflow] = useState(objective?.workflow ?? "");
  const [tool, setTool] = useState(objective?.tool ?? "");
  const [thresholdMs, setThresholdMs] = useState(objective?.thresholdMs?.toString() ?? "");
  const [targetPct, setTargetPct] = useState(objective ? String(Math.round(objective.target * 1_000_000) / 10_000) : "95");
  const [periodDays, setPeriodDays] = useState(String(objective?.periodDays ?? DEFAULT_PERIOD_DAYS));
  const [autoIncident, setAutoIncident] = useState(objective?.autoIncident ?? false);
  const create = useCreateObjective(slug);
  const update = useUpdateObjective(slug);
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const fieldError = (f: string) => (error instanceof ApiError ? error.issues?.find((i) => i.path === f)?.message : undefined);
  const latency = LATENCY_SLIS.includes(sli);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      sli,
      workflow: workflow.trim() || null,
      tool: sli === "tool_latency" ? tool.trim() || null : null,
      thresholdMs: latency && thresholdMs.trim() ? Number(thresholdMs) : null,
      target: Number(targetPct) / 100,
      periodDays: Number(periodDays),
      autoIncident,
    };
    if (objective) await update.mutateAsync({ id: objective.id, patch: body });
    else await create.mutateAsync(body);
    onDone();
  };

  return (
    <Card title={objective ? "Edit objective" : "New objective"} description={objective?.status === "approved" ? "Changing its SLI, scope, target or period sends it back to draft (it needs approving again); the incident switch does not." : "Saved as a draft; an owner or admin approves it."}>
      <form onSubmit={(e) => void submit(e).catch(() => {})} className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Field label="SLI" error={fieldError("sli")}>
          {(p) => (
            <Select {...p} value={sli} onChange={(e) => setSli(e.target.value as Sli)}>
              {SLIS.map((s) => (
                <option key={s} value={s}>
                  {SLI_LABELS[s]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Workflow" hint="Empty: all workflows" error={fieldError("workflow")}>
          {(p) => <Input {...p} value={workflow} onChange={(e) => setWorkflow(e.target.value)} placeholder="refund-request" />}
        </Field>
        {sli === "tool_latency" && (
          <Field label="Tool" error={fieldError("tool")}>
            {(p) => <Input {...p} value={tool} onChange={(e) => setTool(e.target.value)} placeholder="ticketing.create" />}
          </Field>
        )}
        {latency && (
          <Field label="Threshold (ms)" error={fieldError("thresholdMs")}>
            {(p) => <Input {...p} inputMode="numeric" value={thresholdMs} onChange={(e) => setThresholdMs(e.target.value)} placeholder="30000" />}
          </Field>
        )}
        <Field label="Target (%)" hint="Below 100: the error budget is what is left" error={fieldError("target")}>
          {(p) => <Input {...p} inputMode="decimal" value={targetPct} onChange={(e) => setTargetPct(e.target.value)} />}
        </Field>
        <Field label="Period (days)" hint="Rolling, 1 to 90" error={fieldError("periodDays")}>
          {(p) => <Input {...p} inputMode="numeric" value={periodDays} onChange={(e) => setPeriodDays(e.target.value)} />}
        </Field>
        <label className="flex items-start gap-2 text-sm text-slate-800 sm:col-span-3">
          <input type="checkbox" className="mt-0.5 size-4 accent-accent-600" checked={autoIncident} onChange={(e) => setAutoIncident(e.target.checked)} />
          <span>
            <span className="font-medium">Open an incident automatically when it pages</span>
            <span className="block text-xs text-slate-500">Keel opens a SEV1 incident from the alert (once per alert), as “Open incident” does.</span>
          </span>
        </label>
        <div className="flex items-end gap-2 sm:col-span-3">
          <Button type="submit" variant="primary" loading={pending}>
            {objective ? "Save" : "Save draft"}
          </Button>
          <Button onClick={onDone}>Cancel</Button>
          {error && !(error instanceof ApiError && error.issues?.length) && <p className="text-xs text-rose-600">{errorMessage(error)}</p>}
        </div>
      </form>
    </Card>
  );
}
