"use client";
// The dashboards' filter bar: time range (presets or a custom window in the viewer's zone),
// workflow, environment, release. Everything lives in the URL (see ./scope.tsx).
import { useState, type FormEvent } from "react";
import { Button, Input, Select, cn } from "@/components/ui";
import { RANGES, useReleaseMetrics, useWorkflowMetrics, type RangeId } from "@/lib/client/metrics";
import { ENVIRONMENTS } from "@/lib/shared/metrics";
import { formatWindow } from "@/lib/shared/format";
import { useIsClient, useMetricsScope } from "./scope";

export function MetricsFilterBar() {
  const { slug, state, filters, setState, refresh } = useMetricsScope();
  const [customOpen, setCustomOpen] = useState(false);
  // Options cover the window without the filter itself, so another value can be picked.
  const { workflow: _w, ...noWorkflow } = filters;
  const { release: _r, ...noRelease } = filters;
  const workflows = useWorkflowMetrics(slug, noWorkflow).data?.map((w) => w.workflow) ?? [];
  const releases = useReleaseMetrics(slug, noRelease).data?.map((r) => r.release).reverse() ?? [];
  const withCurrent = (list: string[], current?: string) => (current && !list.includes(current) ? [current, ...list] : list);
  const active = (state.workflow ? 1 : 0) + (state.environment ? 1 : 0) + (state.release ? 1 : 0);

  return (
    <div className="relative flex flex-wrap items-center gap-2" data-testid="metrics-filters">
      <div role="group" aria-label="Time range" className="inline-flex h-8 overflow-hidden rounded-md border border-slate-300 bg-white shadow-xs">
        {[...RANGES.map((r) => ({ id: r.id as RangeId, label: r.label, title: r.long })), { id: "custom" as RangeId, label: "Custom", title: "A window of your choice" }].map(
          (r, i) => {
            const pressed = state.range === r.id;
            return (
              <button
                key={r.id}
                type="button"
                title={r.title}
                aria-pressed={pressed}
                onClick={() => (r.id === "custom" ? setCustomOpen((o) => !o) : (setCustomOpen(false), setState({ range: r.id, from: undefined, to: undefined })))}
                className={cn(
                  "px-2.5 text-xs font-medium whitespace-nowrap transition-colors",
                  i > 0 && "border-l border-slate-200",
                  pressed ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900",
                )}
              >
                {r.label}
              </button>
            );
          },
        )}
      </div>
      <FilterSelect label="Workflow" value={state.workflow} options={withCurrent(workflows, state.workflow)} onChange={(workflow) => setState({ workflow })} width="w-40" />
      <FilterSelect label="Environment" value={state.environment} options={[...ENVIRONMENTS]} onChange={(environment) => setState({ environment })} width="w-40" />
      <FilterSelect label="Release" value={state.release} options={withCurrent(releases, state.release)} onChange={(release) => setState({ release })} width="w-40" />
      {active > 0 && (
        <Button size="sm" variant="ghost" onClick={() => setState({ workflow: undefined, environment: undefined, release: undefined })}>
          Clear
        </Button>
      )}
      <Button size="sm" variant="ghost" onClick={refresh} title="Move the window to now and reload" aria-label="Refresh">
        <svg viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
          <path d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v3h-3" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </Button>
      {customOpen && (
        <CustomRange
          from={filters.from}
          to={filters.to}
          onCancel={() => setCustomOpen(false)}
          onApply={(from, to) => {
            setCustomOpen(false);
            setState({ range: "custom", from, to });
          }}
        />
      )}
    </div>
  );
}

function FilterSelect({ label, value, options, onChange, width }: { label: string; value?: string; options: string[]; onChange: (v: string | undefined) => void; width: string }) {
  return (
    <Select aria-label={label} className={width} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)} title={label}>
      <option value="">All {label.toLowerCase()}s</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </Select>
  );
}

/** datetime-local inputs read and write the viewer's wall time; the URL holds UTC instants. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function CustomRange({ from, to, onApply, onCancel }: { from: string; to: string; onApply: (from: string, to: string) => void; onCancel: () => void }) {
  const [f, setF] = useState(toLocalInput(from));
  const [t, setT] = useState(toLocalInput(to));
  const fromMs = Date.parse(f);
  const toMs = Date.parse(t);
  const invalid = Number.isNaN(fromMs) || Number.isNaN(toMs) ? "Both ends are needed" : toMs <= fromMs ? "The end must be after the start" : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!invalid) onApply(new Date(fromMs).toISOString(), new Date(toMs).toISOString());
  };
  return (
    <form
      onSubmit={submit}
      aria-label="Custom time range"
      className="absolute top-10 left-0 z-40 w-80 rounded-lg border border-slate-200 bg-white p-3 shadow-lg"
    >
      <div className="grid gap-2">
        <label className="grid gap-1 text-xs font-medium text-slate-600">
          From
          <Input type="datetime-local" value={f} onChange={(e) => setF(e.target.value)} />
        </label>
        <label className="grid gap-1 text-xs font-medium text-slate-600">
          To
          <Input type="datetime-local" value={t} onChange={(e) => setT(e.target.value)} />
        </label>
        <p className={cn("text-xs", invalid ? "text-rose-600" : "text-slate-500")}>{invalid ?? "In your time zone. The end is excluded."}</p>
        <div className="flex justify-end gap-2">
          <Button size="sm" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
          <Button size="sm" variant="primary" type="submit" disabled={invalid !== null}>
            Apply
          </Button>
        </div>
      </div>
    </form>
  );
}

/** "Last 7 days · Mar 2, 14:05 – Mar 9, 14:05 (Europe/Paris)": rendered in the browser only. */
export function WindowCaption({ prefix }: { prefix?: string }) {
  const { state, filters, timeZone } = useMetricsScope();
  const isClient = useIsClient();
  const range = RANGES.find((r) => r.id === state.range);
  return (
    <span data-testid="window-caption">
      {prefix && `${prefix} · `}
      {range ? range.long : "Custom range"}
      {isClient && (
        <span className="text-slate-400">
          {" · "}
          {formatWindow(filters.from, filters.to)} ({timeZone})
        </span>
      )}
    </span>
  );
}
