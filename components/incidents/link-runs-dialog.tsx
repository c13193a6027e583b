"use client";
// "Link runs": search the project's runs (GET /api/v1/runs: id/trace/session, workflow, outcome,
// failure reason; the incident's failure prefilled), tick the ones that belong to the incident,
// link them. Pasting ids stays as a secondary way for ids copied from elsewhere.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button, EmptyState, ErrorState, Input, Notice, OutcomeBadge, Select, SkeletonRows, Time } from "@/components/ui";
import { useLinkRuns, useRunCandidates, type RunCandidateFilters } from "@/lib/client/incidents";
import type { IncidentDetail } from "@/lib/shared/incidents";
import { formatCount } from "@/lib/shared/format";

const OUTCOME_OPTIONS = [
  ["", "Any outcome"],
  ["failure", "Failure"],
  ["escalated", "Escalated"],
  ["success", "Success"],
] as const;

function initialFilters(inc: IncidentDetail): RunCandidateFilters {
  return inc.failureReason ? { outcome: "failure", failureReason: inc.failureReason } : {};
}

export function LinkRunsButton({ slug, incident }: { slug: string; incident: IncidentDetail }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="primary" onClick={() => setOpen(true)}>
        Link runs…
      </Button>
      <LinkRunsDialog slug={slug} incident={incident} open={open} onClose={() => setOpen(false)} />
    </>
  );
}

function LinkRunsDialog({ slug, incident, open, onClose }: { slug: string; incident: IncidentDetail; open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-label="Link runs"
      onClose={onClose}
      className="m-auto w-[min(60rem,calc(100vw-1rem))] max-w-none rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/30"
    >
      {open && <PickerBody slug={slug} incident={incident} onDone={onClose} />}
    </dialog>
  );
}

function PickerBody({ slug, incident, onDone }: { slug: string; incident: IncidentDetail; onDone: () => void }) {
  const [draft, setDraft] = useState<RunCandidateFilters>(() => initialFilters(incident));
  const [filters, setFilters] = useState<RunCandidateFilters>(() => initialFilters(incident));
  const [picked, setPicked] = useState<string[]>([]);
  const [paste, setPaste] = useState<string | null>(null);
  const runs = useRunCandidates(slug, filters, true);
  const link = useLinkRuns(slug, incident.number);
  const linked = new Set(incident.runs.map((r) => r.id));

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ ...draft });
  };
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const pastedIds = paste?.split(/[\s,]+/).filter(Boolean) ?? [];
  const ids = paste !== null ? pastedIds : picked;
  const submit = () => {
    if (ids.length) link.mutate(ids, { onSuccess: onDone });
  };
  const rows = runs.data?.runs ?? [];

  return (
    <div className="flex max-h-[85vh] flex-col">
      <header className="border-b border-slate-100 px-5 py-3">
        <h2 className="text-base font-semibold text-slate-900">Link runs to #{incident.number}</h2>
        <p className="text-xs text-slate-500">Search the project&apos;s runs, tick the ones that belong to this incident.</p>
      </header>
      {paste === null ? (
        <>
          <form onSubmit={apply} className="grid grid-cols-1 gap-2 border-b border-slate-100 px-5 py-3 sm:grid-cols-[1.4fr_1fr_0.8fr_1.4fr_auto] sm:items-end">
            <label className="space-y-1 text-xs font-medium text-slate-600">
              Run, trace or session id
              <Input value={draft.q ?? ""} onChange={(e) => setDraft({ ...draft, q: e.target.value })} placeholder="exact id" />
            </label>
            <label className="space-y-1 text-xs font-medium text-slate-600">
              Workflow
              <Input value={draft.workflow ?? ""} onChange={(e) => setDraft({ ...draft, workflow: e.target.value })} placeholder="any" />
            </label>
            <label className="space-y-1 text-xs font-medium text-slate-600">
              Outcome
              <Select
                className="w-full"
                value={draft.outcome ?? ""}
                onChange={(e) => setDraft({ ...draft, outcome: (e.target.value || undefined) as RunCandidateFilters["outcome"] })}
              >
                {OUTCOME_OPTIONS.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </Select>
            </label>
            <label className="space-y-1 text-xs font-medium text-slate-600">
              Failure reason
              <Input value={draft.failureReason ?? ""} onChange={(e) => setDraft({ ...draft, failureReason: e.target.value })} placeholder="any" />
            </label>
            <Button type="submit">Search</Button>
          </form>
          <div className="min-h-40 flex-1 overflow-auto">
            {runs.isPending ? (
              <SkeletonRows rows={6} />
            ) : runs.isError ? (
              <ErrorState compact title="Could not search runs" error={runs.error} onRetry={() => runs.refetch()} />
            ) : rows.length === 0 ? (
              <EmptyState compact title="No runs match" description="Loosen the filters: an id must match exactly." />
            ) : (
              <ul aria-label="Matching runs" className="divide-y divide-slate-100">
                {rows.map((r) => {
                  const already = linked.has(r.id);
                  return (
                    <li key={r.id}>
                      <label className={`flex cursor-pointer items-center gap-3 px-5 py-2 text-sm hover:bg-slate-50 ${already ? "opacity-60" : ""}`}>
                        <input
                          type="checkbox"
                          className="size-4 shrink-0 accent-accent-600"
                          checked={already || picked.includes(r.id)}
                          disabled={already}
                          onChange={() => toggle(r.id)}
                          aria-label={`Run ${r.id}`}
                        />
                        <span className="w-40 shrink-0 truncate font-mono text-xs text-slate-800" title={r.id}>
                          {r.id}
                        </span>
                        <span className="hidden w-32 shrink-0 truncate text-slate-600 sm:inline">{r.workflow}</span>
                        <OutcomeBadge outcome={r.outcome} />
                        <span className="min-w-0 flex-1 truncate text-slate-600" title={r.failure?.reason}>
                          {already ? "already linked" : (r.failure?.reason ?? r.escalation?.reason ?? "")}
                        </span>
                        <Time value={r.startedAt} precision="seconds" className="hidden shrink-0 text-xs text-slate-500 tabular-nums md:inline" />
                      </label>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
          {runs.data && (
            <p className="border-t border-slate-100 px-5 py-1.5 text-xs text-slate-500">
              {rows.length < runs.data.total
                ? `Newest ${formatCount(rows.length)} of ${formatCount(runs.data.total)} matching runs: narrow the search to see others.`
                : `${formatCount(runs.data.total)} matching ${runs.data.total === 1 ? "run" : "runs"}`}
            </p>
          )}
        </>
      ) : (
        <label className="block space-y-1 px-5 py-3 text-xs font-medium text-slate-600">
          Run ids, comma or space separated
          <textarea
            className="block h-32 w-full rounded-md border border-slate-300 px-2.5 py-2 font-mono text-sm text-slate-900 focus:border-accent-500 focus:ring-2 focus:ring-accent-500/20 focus:outline-none"
            value={paste}
            onChange={(e) => setPaste(e.target.value)}
            placeholder="run-123, run-456"
          />
        </label>
      )}
      {link.isError && (
        <Notice tone="bad" className="mx-5 mb-2">
          {link.error.message}
        </Notice>
      )}
      <footer className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 px-5 py-3">
        <button type="button" className="text-xs text-accent-700 hover:underline" onClick={() => setPaste(paste === null ? "" : null)}>
          {paste === null ? "Paste run ids instead" : "Pick runs from a search instead"}
        </button>
        <div className="flex items-center gap-2">
          <span className="text-xs text-slate-500" aria-live="polite">
            {ids.length} selected
          </span>
          <Button onClick={onDone}>Cancel</Button>
          <Button variant="primary" disabled={ids.length === 0} loading={link.isPending} onClick={submit}>
            {ids.length === 0 ? "Link runs" : ids.length === 1 ? "Link 1 run" : `Link ${ids.length} runs`}
          </Button>
        </div>
      </footer>
    </div>
  );
}
