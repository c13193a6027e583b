"use client";
// The traces filter bar. Submitting writes the filters into the URL (the URL is the state). Under
// it, every active filter is a chip with a remove button, so a filter that arrived by a link (the
// runs behind a dashboard number: critical, retried, not-ok calls) is visible and removable.
import { useState, type FormEvent } from "react";
import { Button, Input, Select, cn } from "@/components/ui";
import { ENVIRONMENTS, FAILURE_CATEGORIES, OUTCOMES, TOOL_STATUSES } from "@/lib/shared/runs-query";
import { formatDateTime, formatDurationMs, formatUsd } from "@/lib/shared/format";
import type { RunFilterKey, RunFilterParams } from "@/lib/client/traces";

type Option = { value: string; label: string };
const plain = (values: readonly string[]): Option[] => values.map((v) => ({ value: v, label: v.replace(/_/g, " ") }));

const SELECTS: { key: RunFilterKey; label: string; options: Option[]; wide?: boolean }[] = [
  { key: "outcome", label: "Outcome", options: plain(OUTCOMES) },
  { key: "environment", label: "Environment", options: plain(ENVIRONMENTS) },
  { key: "failureCategory", label: "Failure category", options: plain(FAILURE_CATEGORIES) },
  {
    key: "critical",
    label: "Critical",
    options: [
      { value: "true", label: "critical failures" },
      { value: "false", label: "non-critical failures" },
    ],
  },
  {
    key: "toolStatus",
    label: "Tool status",
    wide: true,
    options: [...plain(TOOL_STATUSES), { value: "not_ok", label: "not ok (error, timeout, blocked)" }],
  },
  {
    key: "retried",
    label: "Retries",
    options: [
      { value: "true", label: "a call was retried" },
      { value: "false", label: "no retried call" },
    ],
  },
  {
    key: "scored",
    label: "Quality score",
    options: [
      { value: "true", label: "scored runs" },
      { value: "false", label: "runs without a score" },
    ],
  },
  {
    key: "budgetBreached",
    label: "Budget",
    options: [
      { value: "true", label: "budget breached" },
      { value: "false", label: "within budget" },
    ],
  },
];

const TEXT_FIELDS: { key: RunFilterKey; label: string; placeholder: string }[] = [
  { key: "tool", label: "Tool", placeholder: "any" },
  { key: "workflow", label: "Workflow", placeholder: "any" },
  { key: "release", label: "Release", placeholder: "any" },
  { key: "failureReason", label: "Failure reason", placeholder: "any" },
  { key: "sessionId", label: "Session", placeholder: "any" },
  { key: "minLatencyMs", label: "Min duration (ms)", placeholder: "0" },
  { key: "minCostUsd", label: "Min cost ($)", placeholder: "0" },
];

/** The bar's order: what the run was, then its calls (tool, then their status), then the rest. */
const FIELD_ORDER: RunFilterKey[] = [
  "outcome",
  "environment",
  "failureCategory",
  "critical",
  "tool",
  "toolStatus",
  "retried",
  "budgetBreached",
  "workflow",
  "release",
  "failureReason",
  "sessionId",
  "minLatencyMs",
  "minCostUsd",
  "scored",
];

const CHIP_LABEL: Record<RunFilterKey, string> = {
  q: "search",
  outcome: "outcome",
  workflow: "workflow",
  environment: "environment",
  release: "release",
  failureCategory: "category",
  failureReason: "reason",
  tool: "tool",
  toolStatus: "tool status",
  errorType: "error type",
  critical: "critical",
  retried: "retries",
  detection: "detection",
  duplicateSideEffect: "duplicate side effect",
  detectionTool: "detection of",
  budgetBreached: "budget",
  minLatencyMs: "duration ≥",
  minCostUsd: "cost ≥",
  scored: "quality score",
  sessionId: "session",
  from: "from",
  to: "to",
};

/** A chip's value as a person reads it: the select's option label, a dated instant, a unit. */
function chipValue(key: RunFilterKey, value: string): string {
  const select = SELECTS.find((s) => s.key === key);
  const option = select?.options.find((o) => o.value === value);
  if (option) return option.label;
  if (key === "from" || key === "to") return `${formatDateTime(value, { timeZone: "UTC" })} UTC`;
  const n = Number(value);
  if (key === "minLatencyMs" && value !== "" && Number.isFinite(n)) return formatDurationMs(n);
  if (key === "minCostUsd" && value !== "" && Number.isFinite(n)) return formatUsd(n);
  return value;
}

export function RunFilters({ value, onChange }: { value: RunFilterParams; onChange: (f: RunFilterParams) => void }) {
  const [draft, setDraft] = useState<RunFilterParams>(value);
  const [seen, setSeen] = useState(value);
  // The URL changed from outside (back button, a link, a removed chip): start editing from it.
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  const set = (k: RunFilterKey, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const clean: RunFilterParams = {};
    for (const [k, v] of Object.entries(draft)) if (v && v.trim()) clean[k as RunFilterKey] = v.trim();
    onChange(clean);
  };
  const active = (Object.entries(value) as [RunFilterKey, string][]).filter(([, v]) => Boolean(v));
  const remove = (key: RunFilterKey) => {
    const next = { ...value };
    delete next[key];
    onChange(next);
  };
  const label = "flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-600";
  return (
    <form onSubmit={submit} className="rounded-lg border border-slate-200 bg-white p-3 shadow-xs" aria-label="Run filters">
      <div className="grid grid-cols-2 items-end gap-2 sm:grid-cols-[repeat(auto-fill,minmax(10rem,1fr))]">
        <label className={cn(label, "col-span-2")}>
          Search
          <Input className="w-full" aria-label="Search" placeholder="run, trace or session id" value={draft.q ?? ""} onChange={(e) => set("q", e.target.value)} />
        </label>
        {FIELD_ORDER.map((key) => {
          const s = SELECTS.find((x) => x.key === key);
          if (s)
            return (
              <label key={key} className={cn(label, s.wide && "col-span-2")}>
                {s.label}
                <Select className="w-full" aria-label={s.label} value={draft[key] ?? ""} onChange={(e) => set(key, e.target.value)}>
                  <option value="">any</option>
                  {s.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </Select>
              </label>
            );
          const f = TEXT_FIELDS.find((x) => x.key === key)!;
          return (
            <label key={key} className={label}>
              {f.label}
              <Input
                className="w-full"
                aria-label={f.label}
                placeholder={f.placeholder}
                inputMode={key.startsWith("min") ? "decimal" : undefined}
                value={draft[key] ?? ""}
                onChange={(e) => set(key, e.target.value)}
              />
            </label>
          );
        })}
        {/* Two columns each: a date-time input needs ~13rem to show its whole value. */}
        <label className={cn(label, "col-span-2")}>
          From (UTC)
          <Input className="w-full min-w-[13rem]" aria-label="From (UTC)" type="datetime-local" value={toLocalInput(draft.from)} onChange={(e) => set("from", fromLocalInput(e.target.value))} />
        </label>
        <label className={cn(label, "col-span-2")}>
          To (UTC)
          <Input className="w-full min-w-[13rem]" aria-label="To (UTC)" type="datetime-local" value={toLocalInput(draft.to)} onChange={(e) => set("to", fromLocalInput(e.target.value))} />
        </label>
        <div className="col-span-2 flex gap-2">
          <Button type="submit" variant="primary">
            Apply
          </Button>
          {active.length > 0 && (
            <Button
              onClick={() => {
                setDraft({});
                onChange({});
              }}
            >
              Clear ({active.length})
            </Button>
          )}
        </div>
      </div>
      {active.length > 0 && (
        <ul aria-label="Active filters" className="mt-3 flex flex-wrap gap-1.5 border-t border-slate-100 pt-3">
          {active.map(([key, v]) => (
            <li
              key={key}
              data-filter={key}
              className="inline-flex max-w-full min-w-0 items-center gap-1 rounded-full bg-accent-50 py-0.5 pr-0.5 pl-2.5 text-xs text-accent-800 ring-1 ring-accent-200 ring-inset"
            >
              <span className="text-accent-600">{CHIP_LABEL[key]}:</span>
              <span className="truncate font-medium">{chipValue(key, v)}</span>
              <button
                type="button"
                onClick={() => remove(key)}
                aria-label={`Remove filter ${CHIP_LABEL[key]}`}
                className="grid size-5 shrink-0 place-items-center rounded-full text-accent-600 hover:bg-accent-100 hover:text-accent-900"
              >
                <svg viewBox="0 0 12 12" className="size-2.5" aria-hidden="true">
                  <path d="m3 3 6 6M9 3 3 9" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
                </svg>
              </button>
            </li>
          ))}
        </ul>
      )}
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
