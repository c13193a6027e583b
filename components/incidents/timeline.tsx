"use client";
// The incident's timeline, oldest first: opened, notes, status / severity / commander changes,
// runs linked. Notes are plain text: React renders them as text (never HTML, never Markdown).
import Link from "next/link";
import { Time } from "@/components/ui";
import type { IncidentEvent } from "@/lib/shared/incidents";
import { formatCategory } from "@/lib/shared/format";

type Person = { email: string; name: string | null } | null;

const personName = (p: Person) => (p ? (p.name ?? p.email) : "someone (deleted)");
/** Who leads the line: the person, or Keel itself for what it did on its own (an incident opened by a paging alert). */
const actorName = (e: IncidentEvent) => (e.actor === null && e.payload?.by === "keel" ? "Keel" : personName(e.actor));
const personOf = (v: unknown): Person =>
  v && typeof v === "object" && typeof (v as { email?: unknown }).email === "string"
    ? { email: (v as { email: string }).email, name: ((v as { name?: string | null }).name ?? null) as string | null }
    : null;
const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "—");

/** What happened, in words (without the actor, who leads the line). */
export function describeIncidentEvent(e: IncidentEvent): string {
  const p = e.payload ?? {};
  switch (e.kind) {
    case "opened": {
      const failure = typeof p.failureReason === "string" ? ` for ${formatCategory(text(p.failureCategory))} · ${p.failureReason}` : "";
      const fromAlert = typeof p.alertId === "string" ? " from a burn-rate alert" : "";
      return `opened the incident as ${text(p.severity)}${failure}${fromAlert}`;
    }
    case "note":
      return "added a note";
    case "status":
      return `changed status from ${text(p.from)} to ${text(p.to)}`;
    case "severity":
      return `changed severity from ${text(p.from)} to ${text(p.to)}`;
    case "owner": {
      const from = personOf(p.from);
      const to = personOf(p.to);
      if (!to) return `removed the commander (${personName(from)})`;
      return from ? `changed the commander from ${personName(from)} to ${personName(to)}` : `made ${personName(to)} commander`;
    }
    case "title":
      return `renamed the incident from “${text(p.from)}” to “${text(p.to)}”`;
    case "description":
      return "edited the description";
    case "runs_linked": {
      const n = Array.isArray(p.runIds) ? p.runIds.length : 0;
      return `linked ${n} ${n === 1 ? "run" : "runs"}`;
    }
    default:
      return e.kind.replace(/_/g, " ");
  }
}

const DOT: Record<string, string> = {
  opened: "bg-rose-500",
  note: "bg-sky-500",
  status: "bg-emerald-500",
  severity: "bg-amber-500",
  owner: "bg-violet-500",
  runs_linked: "bg-slate-500",
};

export function IncidentTimeline({ slug, events }: { slug: string; events: IncidentEvent[] }) {
  return (
    <ol className="relative space-y-3" aria-label="Timeline">
      {events.map((e) => {
        const runIds = e.kind === "runs_linked" && Array.isArray(e.payload?.runIds) ? (e.payload.runIds as unknown[]).map(String) : [];
        return (
          <li key={e.id} className="flex gap-3 text-sm" data-kind={e.kind}>
            <span className={`mt-1.5 size-2.5 shrink-0 rounded-full ${DOT[e.kind] ?? "bg-slate-300"}`} aria-hidden="true" />
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                <p className="min-w-0 text-slate-700" data-testid="timeline-line">
                  <span className="font-medium text-slate-900">{actorName(e)}</span> {describeIncidentEvent(e)}
                </p>
                <Time value={e.at} className="shrink-0 text-xs text-slate-500 tabular-nums" />
              </div>
              {e.kind === "note" && e.body !== null && (
                <p className="mt-1 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 break-words whitespace-pre-wrap text-slate-800" data-testid="timeline-note">
                  {e.body}
                </p>
              )}
              {runIds.length > 0 && (
                <p className="mt-1 flex flex-wrap gap-x-2 gap-y-0.5 font-mono text-xs">
                  {runIds.map((id) => (
                    <Link key={id} href={`/${slug}/traces/${encodeURIComponent(id)}`} className="text-accent-700 hover:underline">
                      {id}
                    </Link>
                  ))}
                </p>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
