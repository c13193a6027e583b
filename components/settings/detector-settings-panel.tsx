"use client";
// Settings → Guardrails → Detectors (issue 17): the thresholds of the retry-storm, loop and
// failure-streak detectors and the project's side-effecting tools (PATCH /api/v1/settings/guardrails,
// audited). A change applies to runs stored after it (docs/guardrails.md). Read-only for roles
// that may not change it: the values are shown in disabled controls with a hint saying why.
import { useEffect, useState, type FormEvent } from "react";
import { Button, Card, ErrorState, Field, Input, Notice, SkeletonRows, Time, errorMessage } from "@/components/ui";
import { ApiError } from "@/lib/client/fetcher";
import { useGuardrailSettings, useUpdateGuardrailSettings } from "@/lib/client/budgets";
import { guardrailSettingsPatchSchema, type GuardrailSettings, type GuardrailSettingsPatch } from "@/lib/shared/guardrail-settings";

type Key = "repeatedCallThreshold" | "cycleRoundsThreshold" | "failureStreakThreshold" | "sideEffectTools";
type Form = Record<Key, string>;

const THRESHOLDS: { key: Exclude<Key, "sideEffectTools">; label: string; hint: string }[] = [
  { key: "repeatedCallThreshold", label: "Repeated call", hint: "same tool, same input, this many times; default 3" },
  { key: "cycleRoundsThreshold", label: "Cycle rounds", hint: "A→B→A→B rounds back to back; default 2" },
  { key: "failureStreakThreshold", label: "Failure streak", hint: "failing calls of one tool in a row; default 3" },
];

const toForm = (s: GuardrailSettings): Form => ({
  repeatedCallThreshold: String(s.repeatedCallThreshold),
  cycleRoundsThreshold: String(s.cycleRoundsThreshold),
  failureStreakThreshold: String(s.failureStreakThreshold),
  sideEffectTools: s.sideEffectTools.join(", "),
});

const toolsOf = (text: string) =>
  text
    .split(/[,\n]/)
    .map((t) => t.trim())
    .filter(Boolean);

/** The changed fields only, checked with the API's own schema; or the errors by field. */
function toPatch(form: Form, saved: GuardrailSettings): { patch: GuardrailSettingsPatch | null; errors: Partial<Form> } {
  const raw: Record<string, unknown> = {};
  for (const { key } of THRESHOLDS) {
    const v = form[key].trim() === "" ? Number.NaN : Number(form[key]);
    if (v !== saved[key]) raw[key] = v;
  }
  const tools = toolsOf(form.sideEffectTools);
  if (JSON.stringify(tools) !== JSON.stringify(saved.sideEffectTools)) raw.sideEffectTools = tools;
  if (Object.keys(raw).length === 0) return { patch: null, errors: {} };
  const parsed = guardrailSettingsPatchSchema.safeParse(raw);
  if (parsed.success) return { patch: parsed.data, errors: {} };
  const errors: Partial<Form> = {};
  for (const i of parsed.error.issues) {
    const k = i.path[0] as Key | undefined;
    if (k) errors[k] ??= Number.isNaN(raw[k]) ? "enter a whole number" : i.message;
  }
  return { patch: null, errors };
}

export function DetectorSettingsPanel({ slug, canEdit, readOnlyHint }: { slug: string; canEdit: boolean; readOnlyHint: string }) {
  const settings = useGuardrailSettings(slug);
  const update = useUpdateGuardrailSettings(slug);
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Partial<Form>>({});
  const [saved, setSaved] = useState<"saved" | "unchanged" | null>(null);

  useEffect(() => {
    if (settings.data) setForm(toForm(settings.data));
  }, [settings.data]);

  const set = (k: Key, v: string) => {
    setSaved(null);
    setForm((f) => (f ? { ...f, [k]: v } : f));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form || !settings.data) return;
    const { patch, errors } = toPatch(form, settings.data);
    setErrors(errors);
    if (Object.keys(errors).length) return;
    if (!patch) return setSaved("unchanged");
    update.mutate(patch, { onSuccess: () => setSaved("saved") });
  };
  const serverIssue = (k: Key) => (update.error instanceof ApiError ? update.error.issues?.find((i) => i.path === k || i.path.startsWith(`${k}.`))?.message : undefined);
  const fieldError = (k: Key) => errors[k] ?? serverIssue(k);
  const anyFieldError = THRESHOLDS.some(({ key }) => serverIssue(key)) || !!serverIssue("sideEffectTools");

  return (
    <Card
      id="detectors"
      data-testid="detector-settings"
      title="Detectors"
      description="Retry storms, loops and failure streaks found in each run's tool calls at ingest"
      footer={
        settings.data?.updatedAt ? (
          <>
            Last changed <Time value={settings.data.updatedAt} /> · applies to runs stored after it
          </>
        ) : (
          "Defaults · a change applies to runs stored after it"
        )
      }
    >
      {settings.isPending || (!form && !settings.isError) ? (
        <SkeletonRows rows={3} />
      ) : settings.isError ? (
        <ErrorState compact title="Could not load the detector settings" error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <form onSubmit={submit} className="space-y-3" aria-label="Detector settings">
          <fieldset disabled={!canEdit} className="space-y-3">
            <div className="grid gap-3 sm:grid-cols-3">
              {THRESHOLDS.map(({ key, label, hint }) => (
                <Field key={key} label={label} hint={hint} error={fieldError(key)}>
                  {(p) => <Input {...p} inputMode="numeric" value={form![key]} onChange={(e) => set(key, e.target.value)} />}
                </Field>
              ))}
            </div>
            <Field
              label="Side-effecting tools"
              hint="comma-separated, e.g. payments.refund, ticketing.create: a repeat without an idempotency key is flagged"
              error={fieldError("sideEffectTools")}
            >
              {(p) => <Input {...p} value={form!.sideEffectTools} placeholder="none" onChange={(e) => set("sideEffectTools", e.target.value)} />}
            </Field>
          </fieldset>
          {update.isError && !anyFieldError && <Notice tone="bad">{errorMessage(update.error)}</Notice>}
          {saved === "saved" && !update.isError && <Notice tone="good">Detector settings saved.</Notice>}
          {saved === "unchanged" && <Notice tone="info">Nothing changed.</Notice>}
          <div className="flex items-center justify-end gap-3">
            {!canEdit && <p className="text-xs text-slate-500">{readOnlyHint}</p>}
            <Button type="submit" variant="primary" loading={update.isPending} disabled={!canEdit}>
              Save detectors
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
