"use client";
// Create or edit a KPI threshold rule (owners and admins), with the objective form's primitives.
// The threshold is typed in the metric's unit (dollars, incidents per 1,000 sessions, violations);
// the server names the field of any mistake (a negative threshold, a window out of range…).
import { useState, type FormEvent } from "react";
import { Button, Card, Field, Input, Select, errorMessage } from "@/components/ui";
import { ApiError } from "@/lib/client/fetcher";
import { useCreateKpiRule, useUpdateKpiRule } from "@/lib/client/kpi-rules";
import {
  DEFAULT_WINDOW_MINUTES,
  KPI_RULE_LEVELS,
  KPI_RULE_METRIC_KPI,
  KPI_RULE_METRICS,
  MAX_WINDOW_MINUTES,
  MIN_WINDOW_MINUTES,
  type KpiRuleDto,
  type KpiRuleLevel,
  type KpiRuleMetric,
} from "@/lib/shared/kpi-rules";

const THRESHOLD_LABELS: Record<KpiRuleMetric, string> = {
  incident_rate_per_1k_sessions: "Threshold (incidents per 1,000 sessions)",
  cost_per_success_usd: "Threshold (USD per success)",
  critical_policy_violations: "Threshold (violations)",
};

export function KpiRuleForm({ slug, rule, onDone }: { slug: string; rule?: KpiRuleDto; onDone: () => void }) {
  const [name, setName] = useState(rule?.name ?? "");
  const [metric, setMetric] = useState<KpiRuleMetric>(rule?.metric ?? "cost_per_success_usd");
  const [workflow, setWorkflow] = useState(rule?.workflow ?? "");
  const [threshold, setThreshold] = useState(rule ? String(rule.threshold) : "");
  const [windowMinutes, setWindowMinutes] = useState(String(rule?.windowMinutes ?? DEFAULT_WINDOW_MINUTES));
  const [level, setLevel] = useState<KpiRuleLevel>(rule?.level ?? "ticket");
  const create = useCreateKpiRule(slug);
  const update = useUpdateKpiRule(slug);
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const fieldError = (f: string) => (error instanceof ApiError ? error.issues?.find((i) => i.path === f)?.message : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name: name.trim() || null,
      metric,
      workflow: workflow.trim() || null,
      // Empty: the server's default for critical violations (0: any violation), else it names the field.
      ...(threshold.trim() ? { threshold: Number(threshold) } : {}),
      windowMinutes: Number(windowMinutes),
      level,
    };
    if (rule) await update.mutateAsync({ id: rule.id, patch: body });
    else await create.mutateAsync(body);
    onDone();
  };

  return (
    <Card
      title={rule ? "Edit KPI rule" : "New KPI rule"}
      description={
        rule?.status === "approved"
          ? "Changing the metric, threshold, window or workflow of an approved rule sends it back to draft."
          : "Alerts when the KPI over the window is greater than the threshold. Saved as a draft; an owner or admin approves it."
      }
    >
      <form onSubmit={(e) => void submit(e).catch(() => {})} className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Field label="Metric" error={fieldError("metric")}>
          {(p) => (
            <Select {...p} value={metric} onChange={(e) => setMetric(e.target.value as KpiRuleMetric)}>
              {KPI_RULE_METRICS.map((m) => (
                <option key={m} value={m}>
                  {KPI_RULE_METRIC_KPI[m].label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={THRESHOLD_LABELS[metric]} hint="Fires when the value is greater than this" error={fieldError("threshold")}>
          {(p) => (
            <Input
              {...p}
              inputMode="decimal"
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
              placeholder={metric === "critical_policy_violations" ? "0" : metric === "cost_per_success_usd" ? "0.50" : "2"}
            />
          )}
        </Field>
        <Field label="Window (minutes)" hint={`${MIN_WINDOW_MINUTES} to ${MAX_WINDOW_MINUTES.toLocaleString("en-US")} (a week)`} error={fieldError("windowMinutes")}>
          {(p) => <Input {...p} inputMode="numeric" value={windowMinutes} onChange={(e) => setWindowMinutes(e.target.value)} />}
        </Field>
        <Field label="Workflow" hint="Empty: all workflows" error={fieldError("workflow")}>
          {(p) => <Input {...p} value={workflow} onChange={(e) => setWorkflow(e.target.value)} placeholder="refund-request" />}
        </Field>
        <Field label="Level" error={fieldError("level")}>
          {(p) => (
            <Select {...p} value={level} onChange={(e) => setLevel(e.target.value as KpiRuleLevel)}>
              {KPI_RULE_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l === "page" ? "Page" : "Ticket"}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Name" hint="Optional: else the condition" error={fieldError("name")}>
          {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} placeholder="Refunds too expensive" />}
        </Field>
        <div className="flex items-end gap-2 sm:col-span-3">
          <Button type="submit" variant="primary" loading={pending}>
            {rule ? "Save" : "Save draft"}
          </Button>
          <Button onClick={onDone}>Cancel</Button>
          {error && !(error instanceof ApiError && error.issues?.length) && <p className="text-xs text-rose-600">{errorMessage(error)}</p>}
        </div>
      </form>
    </Card>
  );
}
