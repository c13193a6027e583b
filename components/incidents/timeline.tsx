"use client";
// The incident's timeline, oldest first (GET /api/v1/incidents/{number}/timeline): who did it (a
// person, the alert or gate that opened it, Keel) and what happened, with the release stage changes
// of the incident's window merged in. Notes are plain text (React renders them as text); a sent
// stakeholder update is the Markdown that was sent, rendered inertly (MarkdownView).
import Link from "next/link";
import { MarkdownView } from "@/components/ui/markdown";
import { Time } from "@/components/ui";
import { actorLabel, describeTimelineEvent, type TimelineEvent } from "@/lib/shared/incident-timeline";

const DOT: Record<string, string> = {
  opened: "bg-rose-500",
  note: "bg-sky-500",
  status: "bg-emerald-500",
  severity: "bg-amber-500",
  owner: "bg-violet-500",
  runs_linked: "bg-slate-500",
  update_sent: "bg-indigo-500",
  fix_item_created: "bg-teal-500",
  postmortem_published: "bg-emerald-700",
  release_stage: "bg-orange-400",
};

export function IncidentTimeline({ slug, events }: { slug: string; events: TimelineEvent[] }) {
  return (
    <ol className="relative space-y-3" aria-label="Timeline">
      {events.map((e) => {
        const runIds = e.kind === "runs_linked" && Array.isArray(e.details.runIds) ? (e.details.runIds as unknown[]).map(String) : [];
        return (
          <li key={e.id} className="flex gap-3 text-sm" data-kind={e.kind}>
            <span className={`mt-1.5 size-2.5 shrink-0 rounded-full ${DOT[e.kind] ?? "bg-slate-300"}`} aria-hidden="true" />
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                <p className="min-w-0 break-words text-slate-700" data-testid="timeline-line">
                  <span className="font-medium text-slate-900">{actorLabel(e.actor)}</span> {describeTimelineEvent(e)}
                </p>
                <Time value={e.at} className="shrink-0 text-xs text-slate-500 tabular-nums" />
              </div>
              {e.kind === "note" && e.body !== null && (
                <p className="mt-1 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 break-words whitespace-pre-wrap text-slate-800" data-testid="timeline-note">
                  {e.body}
                </p>
              )}
              {e.kind === "update_sent" && e.body !== null && (
                <div className="mt-1 rounded-md border border-indigo-100 bg-indigo-50/40 px-3 py-1 break-words text-slate-800" data-testid="timeline-update">
                  <MarkdownView source={e.body} />
                </div>
              )}
              {e.kind === "fix_item_created" && typeof e.details.fixItemId === "string" && (
                <p className="mt-1 text-xs">
                  <Link href={`/${slug}/fix-items`} className="text-accent-700 hover:underline">
                    Fix items
                  </Link>
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
