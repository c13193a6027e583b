// An incident's timeline in words (the page, the postmortem draft and the Markdown export say the
// same): who did it (a person, or the alert / gate / objective that opened the incident, or Keel)
// and what happened, by kind (docs/incidents.md lists the kinds and their details).
import type { z } from "zod";
import type { timelineActorSchema, timelineEventSchema } from "./api/incident-response";
import { formatCategory } from "./format";

export type TimelineActor = z.infer<typeof timelineActorSchema>;
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

type Person = { email: string; name?: string | null } | null;
const personName = (p: Person) => (p ? (p.name ?? p.email) : "someone (deleted)");
const personOf = (v: unknown): Person =>
  v && typeof v === "object" && typeof (v as { email?: unknown }).email === "string"
    ? { email: (v as { email: string }).email, name: ((v as { name?: string | null }).name ?? null) as string | null }
    : null;
const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "—");

/** Who leads the line. */
export function actorLabel(a: TimelineActor): string {
  switch (a.type) {
    case "person":
      return a.email ? (a.name ?? a.email) : "someone (deleted)";
    case "alert":
      return a.name ?? "An alert";
    case "gate":
      return a.name ?? "A release gate";
    case "objective":
      return a.name ?? "An objective";
    default:
      return a.name ?? "Keel";
  }
}

/** What happened, in words (without the actor, who leads the line). */
export function describeTimelineEvent(e: Pick<TimelineEvent, "kind" | "details">): string {
  const p = e.details;
  switch (e.kind) {
    case "opened": {
      const failure = typeof p.failureReason === "string" ? ` for ${formatCategory(text(p.failureCategory))} · ${p.failureReason}` : "";
      const from = p.alertKind === "burn_rate" ? " from a burn-rate alert" : p.alertKind === "kpi" ? " from a KPI alert" : "";
      return `opened the incident as ${text(p.severity)}${failure}${from}`;
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
      const n = Array.isArray(p.runIds) ? p.runIds.length : typeof p.count === "number" ? p.count : 0;
      return `linked ${n} ${n === 1 ? "run" : "runs"}`;
    }
    case "update_sent":
      return `sent a stakeholder update to ${text(p.audience)}`;
    case "fix_item_created":
      return `created a fix item for ${formatCategory(text(p.category))} · ${text(p.reason)} (owner ${text(p.owner)}, due ${text(p.dueDate)})`;
    case "postmortem_published":
      return "published the postmortem";
    case "release_stage":
      return `moved release ${text(p.release)} to ${text(p.stage)}${typeof p.trafficPercent === "number" ? ` (${p.trafficPercent}% traffic)` : ""}`;
    default:
      return e.kind.replace(/_/g, " ");
  }
}
