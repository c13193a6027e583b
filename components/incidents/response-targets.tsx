"use client";
// Whether the incident meets its tier's response targets (docs/incidents.md): acknowledged within
// N minutes, a stakeholder update at least every M minutes while unresolved.
import { Badge, Time, type BadgeTone } from "@/components/ui";
import type { z } from "zod";
import type { responseTargetsSchema } from "@/lib/shared/api/incident-response";

type Targets = z.infer<typeof responseTargetsSchema>;

const STATE: Record<string, [BadgeTone, string]> = {
  met: ["good", "Met"],
  missed: ["bad", "Missed"],
  pending: ["warn", "Pending"],
  none: ["muted", "No cadence"],
};

const minutesLabel = (m: number) => (m % 1440 === 0 ? `${m / 1440} d` : m % 60 === 0 ? `${m / 60} h` : `${m} min`);

export function ResponseTargets({ targets }: { targets: Targets }) {
  const a = targets.acknowledge;
  const u = targets.updates;
  const late = u.sent.filter((s) => s.late).length;
  return (
    <dl className="grid grid-cols-[auto_1fr] items-baseline gap-x-3 gap-y-1.5 text-sm" aria-label="Response targets">
      <dt className="text-slate-500">Acknowledge</dt>
      <dd className="flex flex-wrap items-center gap-x-2" data-testid="target-ack">
        <Badge tone={STATE[a.state]![0]}>{STATE[a.state]![1]}</Badge>
        <span className="text-slate-600">
          within {minutesLabel(a.withinMinutes)}
          {a.acknowledgedAt ? (
            <>
              {" "}
              · at <Time value={a.acknowledgedAt} />
            </>
          ) : (
            <>
              {" "}
              · due <Time value={a.dueAt} />
            </>
          )}
        </span>
      </dd>
      <dt className="text-slate-500">Updates</dt>
      <dd className="flex flex-wrap items-center gap-x-2" data-testid="target-updates">
        <Badge tone={STATE[u.state]![0]}>{u.overdue ? "Overdue" : STATE[u.state]![1]}</Badge>
        <span className="text-slate-600">
          {u.everyMinutes === null ? "none expected" : `every ${minutesLabel(u.everyMinutes)}`} · {u.sent.length} sent
          {late > 0 && <span className="text-rose-700"> · {late} late</span>}
          {u.nextDueAt && (
            <>
              {" "}
              · next due <Time value={u.nextDueAt} />
            </>
          )}
        </span>
      </dd>
    </dl>
  );
}
