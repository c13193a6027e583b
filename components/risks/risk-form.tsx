"use client";
// Create or edit a risk: every field of the register, and its links (objectives, fix items, runbooks).
import { useState } from "react";
import { Button, Field, Input, Select, errorMessage } from "@/components/ui";
import { RISK_CATEGORIES, RISK_CATEGORY_LABELS, RISK_STATUSES, RISK_STATUS_LABELS, type Risk, type RiskCategory, type RiskCreate, type RiskStatus } from "@/lib/shared/risks";

export interface Member {
  email: string;
  name: string | null;
}
export interface LinkOption {
  id: string;
  label: string;
}

export function RiskForm({
  members,
  risk,
  options,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  members: Member[];
  risk: Risk | null;
  options: { objective: LinkOption[]; fix_item: LinkOption[]; runbook: LinkOption[] };
  pending: boolean;
  error: unknown;
  onSubmit: (body: RiskCreate) => void;
  onCancel: () => void;
}) {
  const linked = (kind: "objective" | "fix_item" | "runbook") => (risk?.links ?? []).filter((l) => l.kind === kind).map((l) => l.id);
  const [v, setV] = useState({
    title: risk?.title ?? "",
    category: (risk?.category ?? "quality_drift") as RiskCategory,
    likelihood: String(risk?.likelihood ?? 3),
    impact: String(risk?.impact ?? 3),
    owner: risk?.owner ?? members[0]?.email ?? "",
    mitigation: risk?.mitigation ?? "",
    status: (risk?.status ?? "open") as RiskStatus,
    reviewDate: risk?.reviewDate ?? "",
    objectiveIds: linked("objective"),
    fixItemIds: linked("fix_item"),
    runbookIds: linked("runbook"),
  });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((o) => ({ ...o, [k]: e.target.value }));
  const setMany = (k: "objectiveIds" | "fixItemIds" | "runbookIds") => (e: { target: HTMLSelectElement }) =>
    setV((o) => ({ ...o, [k]: [...e.target.selectedOptions].map((x) => x.value) }));
  const levels = [1, 2, 3, 4, 5];
  const multi = (label: string, k: "objectiveIds" | "fixItemIds" | "runbookIds", opts: LinkOption[]) =>
    opts.length > 0 && (
      <Field label={label}>
        {(p) => (
          <select {...p} multiple value={v[k]} onChange={setMany(k)} className="block h-20 w-full rounded-md border border-slate-300 px-2 py-1 text-xs">
            {opts.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ ...v, likelihood: Number(v.likelihood), impact: Number(v.impact) });
      }}
    >
      <Field label="Title">{(p) => <Input {...p} value={v.title} onChange={set("title")} required maxLength={200} />}</Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Category">
          {(p) => (
            <Select {...p} value={v.category} onChange={set("category")}>
              {RISK_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {RISK_CATEGORY_LABELS[c]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Status">
          {(p) => (
            <Select {...p} value={v.status} onChange={set("status")}>
              {RISK_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {RISK_STATUS_LABELS[s]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Likelihood (1–5)">
          {(p) => (
            <Select {...p} value={v.likelihood} onChange={set("likelihood")}>
              {levels.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Impact (1–5)">
          {(p) => (
            <Select {...p} value={v.impact} onChange={set("impact")}>
              {levels.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Owner">
          {(p) => (
            <Select {...p} value={v.owner} onChange={set("owner")}>
              {members.map((m) => (
                <option key={m.email} value={m.email}>
                  {m.name ?? m.email}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Review date">{(p) => <Input {...p} type="date" value={v.reviewDate} onChange={set("reviewDate")} required />}</Field>
      </div>
      <Field label="Mitigation">
        {(p) => <textarea {...p} value={v.mitigation} onChange={set("mitigation")} rows={3} className="block w-full rounded-md border border-slate-300 px-2.5 py-2 text-sm" />}
      </Field>
      <div className="grid gap-3 sm:grid-cols-3">
        {multi("Objectives", "objectiveIds", options.objective)}
        {multi("Fix items", "fixItemIds", options.fix_item)}
        {multi("Runbooks", "runbookIds", options.runbook)}
      </div>
      {error ? (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {errorMessage(error)}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" loading={pending}>
          {risk ? "Save risk" : "Create risk"}
        </Button>
      </div>
    </form>
  );
}
