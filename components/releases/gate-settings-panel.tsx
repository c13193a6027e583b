"use client";
// "Gate thresholds": owners and admins change them here (PATCH /api/v1/settings/gates, audited);
// everyone else reads them. Rates are edited in percent, stored as fractions; the quality drift
// margin (docs/quality.md) in score points (0–1), as quality scores are shown.
import { useEffect, useState, type FormEvent } from "react";
import { Button, Card, Field, Input, Notice, SkeletonRows, errorMessage } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useGateSettings, useUpdateGateSettings } from "@/lib/client/releases";
import type { GateSettings, GateSettingsPatch } from "@/lib/shared/gate-settings";

type Form = Record<keyof GateSettings, string>;

const toPercent = (x: number) => String(Number((x * 100).toFixed(4)));

function toForm(s: GateSettings): Form {
  return {
    goldSetMinPassRate: toPercent(s.goldSetMinPassRate),
    maxCriticalPolicyViolations: String(s.maxCriticalPolicyViolations),
    runP95TargetMs: String(s.runP95TargetMs),
    canaryEscalationMargin: toPercent(s.canaryEscalationMargin),
    canaryConfidence: toPercent(s.canaryConfidence),
    canaryLatencyTolerance: toPercent(s.canaryLatencyTolerance),
    qualityDriftMargin: String(s.qualityDriftMargin),
  };
}

/** Only the changed fields; null when a field does not parse (the form shows which). */
function toPatch(form: Form, saved: GateSettings): { patch: GateSettingsPatch; errors: Partial<Form> } {
  const errors: Partial<Form> = {};
  const patch: GateSettingsPatch = {};
  const num = (k: keyof Form) => {
    const v = form[k].trim() === "" ? NaN : Number(form[k]);
    if (!Number.isFinite(v)) errors[k] = "enter a number";
    return v;
  };
  const gold = num("goldSetMinPassRate") / 100;
  const margin = num("canaryEscalationMargin") / 100;
  const maxV = num("maxCriticalPolicyViolations");
  const p95 = num("runP95TargetMs");
  const confidence = num("canaryConfidence") / 100;
  const tolerance = num("canaryLatencyTolerance") / 100;
  const drift = num("qualityDriftMargin");
  if (!errors.goldSetMinPassRate && (gold < 0 || gold > 1)) errors.goldSetMinPassRate = "between 0 and 100";
  if (!errors.canaryEscalationMargin && (margin < 0 || margin > 1)) errors.canaryEscalationMargin = "between 0 and 100";
  if (!errors.maxCriticalPolicyViolations && (!Number.isInteger(maxV) || maxV < 0)) errors.maxCriticalPolicyViolations = "a whole number, 0 or more";
  if (!errors.runP95TargetMs && (!Number.isInteger(p95) || p95 < 1)) errors.runP95TargetMs = "a whole number of ms, 1 or more";
  if (!errors.canaryConfidence && (confidence < 0.5 || confidence > 0.999)) errors.canaryConfidence = "between 50 and 99.9";
  if (!errors.canaryLatencyTolerance && (tolerance < 0 || tolerance > 10)) errors.canaryLatencyTolerance = "between 0 and 1000";
  if (!errors.qualityDriftMargin && (drift <= 0 || drift >= 1)) errors.qualityDriftMargin = "more than 0 and less than 1";
  if (gold !== saved.goldSetMinPassRate) patch.goldSetMinPassRate = gold;
  if (margin !== saved.canaryEscalationMargin) patch.canaryEscalationMargin = margin;
  if (maxV !== saved.maxCriticalPolicyViolations) patch.maxCriticalPolicyViolations = maxV;
  if (p95 !== saved.runP95TargetMs) patch.runP95TargetMs = p95;
  if (confidence !== saved.canaryConfidence) patch.canaryConfidence = confidence;
  if (tolerance !== saved.canaryLatencyTolerance) patch.canaryLatencyTolerance = tolerance;
  if (drift !== saved.qualityDriftMargin) patch.qualityDriftMargin = drift;
  return { patch, errors };
}

const FIELDS: { key: keyof GateSettings; label: string; unit: string; hint: string }[] = [
  { key: "goldSetMinPassRate", label: "Gold-set pass rate minimum", unit: "%", hint: "latest eval of the release; default 85" },
  { key: "maxCriticalPolicyViolations", label: "Critical policy violations maximum", unit: "runs", hint: "in the window; default 0" },
  { key: "runP95TargetMs", label: "Run p95 target", unit: "ms", hint: "default 30000" },
  { key: "canaryEscalationMargin", label: "Canary escalation margin", unit: "pp", hint: "over production; default 5" },
  { key: "canaryConfidence", label: "Canary confidence", unit: "%", hint: "of the canary analysis' tests; default 95" },
  { key: "canaryLatencyTolerance", label: "Canary latency tolerance", unit: "%", hint: "slower p95 allowed; default 20" },
  { key: "qualityDriftMargin", label: "Quality drift margin", unit: "score", hint: "7-day mean below the 28-day mean; default 0.05" },
];

export function GateSettingsPanel() {
  const { slug, can } = useProject();
  const editable = can("gates:write");
  const settings = useGateSettings(slug);
  const update = useUpdateGateSettings(slug);
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Partial<Form>>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (settings.data) setForm(toForm(settings.data));
  }, [settings.data]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!form || !settings.data) return;
    setSaved(false);
    const { patch, errors: errs } = toPatch(form, settings.data);
    setErrors(errs);
    if (Object.keys(errs).length || Object.keys(patch).length === 0) return;
    await update.mutateAsync(patch).then(
      () => setSaved(true),
      () => undefined,
    );
  }

  return (
    <Card
      title="Gate thresholds"
      description={editable ? "Apply to every release of this project; changes are audited" : "Owners and admins change these"}
    >
      {!form ? (
        <SkeletonRows rows={4} />
      ) : (
        <form onSubmit={onSubmit} className="space-y-3" aria-label="Gate thresholds">
          <div className="grid grid-cols-2 gap-3 lg:grid-cols-3">
            {FIELDS.map((f) => (
              <Field key={f.key} label={`${f.label} (${f.unit})`} hint={f.hint} error={errors[f.key]}>
                {(p) => (
                  <Input
                    {...p}
                    inputMode="decimal"
                    value={form[f.key]}
                    disabled={!editable || update.isPending}
                    onChange={(e) => {
                      setSaved(false);
                      setForm({ ...form, [f.key]: e.target.value });
                    }}
                  />
                )}
              </Field>
            ))}
          </div>
          {update.isError && <Notice tone="bad">{errorMessage(update.error)}</Notice>}
          {saved && !update.isError && <Notice tone="good">Thresholds saved; verdicts updated.</Notice>}
          {editable && (
            <div className="flex justify-end">
              <Button type="submit" variant="primary" loading={update.isPending}>
                Save thresholds
              </Button>
            </div>
          )}
        </form>
      )}
    </Card>
  );
}
