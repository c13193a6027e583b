"use client";
// The traces filter bar. Submitting writes the filters into the URL (the URL is the state).
import { useState, type FormEvent } from "react";
import { Button, Input, Select } from "@/components/ui";
import { ENVIRONMENTS, FAILURE_CATEGORIES, OUTCOMES, TOOL_STATUSES } from "@/lib/shared/runs-query";
import type { RunFilterParams } from "@/lib/client/traces";

type Key = keyof RunFilterParams;

const TEXT_FIELDS: { key: Key; label: string; placeholder: string }[] = [
  { key: "workflow", label: "Workflow", placeholder: "any" },
  { key: "release", label: "Release", placeholder: "any" },
  { key: "failureReason", label: "Failure reason", placeholder: "any" },
  { key: "tool", label: "Tool", placeholder: "any" },
  { key: "sessionId", label: "Session", placeholder: "any" },
  { key: "minLatencyMs", label: "Min latency (ms)", placeholder: "0" },
  { key: "minCostUsd", label: "Min cost ($)", placeholder: "0" },
];

const SELECTS: { key: Key; label: string; options: readonly string[] }[] = [
  { key: "outcome", label: "Outcome", options: OUTCOMES },
  { key: "environment", label: "Environment", options: ENVIRONMENTS },
  { key: "failureCategory", label: "Failure category", options: FAILURE_CATEGORIES },
  { key: "toolStatus", label: "Tool status", options: TOOL_STATUSES },
];

export function RunFilters({ value, onChange }: { value: RunFilterParams; onChange: (f: RunFilterParams) => void }) {
  const [draft, setDraft] = useState<RunFilterParams>(value);
  const [seen, setSeen] = useState(value);
  // The URL changed from outside (back button, a link): start editing from it.
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  const set = (k: Key, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const clean: RunFilterParams = {};
    for (const [k, v] of Object.entries(draft)) if (v && v.trim()) clean[k as Key] = v.trim();
    onChange(clean);
  };
  const active = Object.values(value).filter(Boolean).length;
  return (
    <form onSubmit={submit} className="rounded-lg border border-slate-200 bg-white p-3 shadow-xs" aria-label="Run filters">
      <div className="grid grid-cols-2 items-end gap-2 md:grid-cols-4 xl:grid-cols-8">
        <label className="col-span-2 flex flex-col gap-1 text-xs font-medium text-slate-600">
          Search
          <Input
            className="w-full"
            aria-label="Search"
            placeholder="run, trace or session id"
            value={draft.q ?? ""}
            onChange={(e) => set("q", e.target.value)}
          />
        </label>
        {SELECTS.map((s) => (
          <label key={s.key} className="flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-600">
            {s.label}
            <Select className="w-full" aria-label={s.label} value={draft[s.key] ?? ""} onChange={(e) => set(s.key, e.target.value)}>
              <option value="">any</option>
              {s.options.map((o) => (
                <option key={o} value={o}>
                  {o.replace(/_/g, " ")}
                </option>
              ))}
            </Select>
          </label>
        ))}
        {TEXT_FIELDS.map((f) => (
          <label key={f.key} className="flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-600">
            {f.label}
            <Input
              className="w-full"
              aria-label={f.label}
              placeholder={f.placeholder}
              inputMode={f.key.startsWith("min") ? "decimal" : undefined}
              value={draft[f.key] ?? ""}
              onChange={(e) => set(f.key, e.target.value)}
            />
          </label>
        ))}
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          From (UTC)
          <Input className="w-full" aria-label="From (UTC)" type="datetime-local" value={toLocalInput(draft.from)} onChange={(e) => set("from", fromLocalInput(e.target.value))} />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          To (UTC)
          <Input className="w-full" aria-label="To (UTC)" type="datetime-local" value={toLocalInput(draft.to)} onChange={(e) => set("to", fromLocalInput(e.target.value))} />
        </label>
        <div className="col-span-2 flex gap-2">
          <Button type="submit" variant="primary">
            Apply
          </Button>
          {active > 0 && (
            <Button
              onClick={() => {
                setDraft({});
                onChange({});
              }}
            >
              Clear ({active})
            </Button>
          )}
        </div>
      </div>
    </form>
  );
}

/** The URL holds RFC 3339 UTC; the input shows the same UTC wall time. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 16);
}
function fromLocalInput(v: string): string {
  return v ? `${v}:00Z` : "";
}
