// The postmortem draft Keel generates (issue 18, docs/incidents.md): Markdown from the incident,
// its numbers and its timeline, for the commander to edit. Dates in UTC (it is shared outside Keel).
import type { z } from "zod";
import type { incidentImpactSchema } from "./api/incident-response";
import type { FixItemDto } from "./fix-items";
import { actorLabel, describeTimelineEvent, type TimelineEvent } from "./incident-timeline";
import { formatCategory, formatCount, formatDateTime, formatDurationMs, formatRate } from "./format";

type Impact = z.infer<typeof incidentImpactSchema>;

export interface PostmortemFacts {
  incident: {
    number: number;
    title: string;
    severity: string;
    status: string;
    openedAt: string;
    mitigatedAt: string | null;
    resolvedAt: string | null;
    commander: { email: string; name: string | null } | null;
  };
  impact: Impact;
  firstAffectedAt: string | null;
  timeline: TimelineEvent[];
  reasons: Array<{ category: string; reason: string; count: number }>;
  fixItems: FixItemDto[];
}

const utc = (v: string | null) => (v ? `${formatDateTime(v, { timeZone: "UTC" })} UTC` : "—");
const span = (from: string | null, to: string | null) => (from && to ? formatDurationMs(Math.max(0, Date.parse(to) - Date.parse(from))) : "—");
/** Markdown-inert text inside a list line: no line breaks, no leading markup. */
const inline = (s: string) => s.replace(/\s+/g, " ").trim();

export function buildPostmortemDraft(f: PostmortemFacts): string {
  const i = f.incident;
  const c = f.impact.current;
  const p = f.impact.previous;
  const commander = i.commander ? (i.commander.name ?? i.commander.email) : "unassigned";
  const lines = [
    `# Postmortem: #${i.number} ${inline(i.title)}`,
    "",
    `**Severity:** ${i.severity} · **Status:** ${i.status} · **Commander:** ${commander}`,
    "",
    "## Summary",
    "",
    "_What happened, in two or three sentences, for someone who was not there._",
    "",
    "## Impact",
    "",
    `- Window: ${utc(f.impact.window.from)} → ${utc(f.impact.window.to)} (${span(f.impact.window.from, f.impact.window.to)})`,
    `- Scope: ${f.impact.workflows.length ? f.impact.workflows.map((w) => `\`${w}\``).join(", ") : "all workflows"}${f.impact.failure ? `; failure ${formatCategory(f.impact.failure.category)} · ${inline(f.impact.failure.reason)}` : ""}`,
    `- Affected runs: ${formatCount(c.affectedRuns)} in ${formatCount(c.affectedSessions)} sessions (week before: ${formatCount(p.affectedRuns)} in ${formatCount(p.affectedSessions)})`,
    `- Runs in scope: ${formatCount(c.runs)} (week before: ${formatCount(p.runs)})`,
    `- Success rate: ${formatRate(c.successRate)} (week before: ${formatRate(p.successRate)})`,
    `- Escalation rate: ${formatRate(c.escalationRate)} (week before: ${formatRate(p.escalationRate)})`,
    "",
    "## Timings",
    "",
    `- First affected run: ${utc(f.firstAffectedAt)}`,
    `- Opened: ${utc(i.openedAt)}`,
    `- Time to detect (first affected run → opened): ${span(f.firstAffectedAt, i.openedAt)}`,
    `- Time to mitigate (opened → mitigated): ${span(i.openedAt, i.mitigatedAt)}`,
    `- Time to resolve (opened → resolved): ${span(i.openedAt, i.resolvedAt)}`,
    "",
    "## Timeline (UTC)",
    "",
    ...f.timeline.map((e) => `- ${utc(e.at)} — ${inline(actorLabel(e.actor))} ${inline(describeTimelineEvent(e))}${e.kind === "note" && e.body ? `: “${inline(e.body)}”` : ""}`),
    "",
    "## Contributing failure reasons",
    "",
    ...(f.reasons.length ? f.reasons.map((r) => `- ${formatCategory(r.category)} · ${inline(r.reason)} — ${formatCount(r.count)} runs`) : ["- none recorded"]),
    "",
    "## Action items",
    "",
    ...(f.fixItems.length
      ? f.fixItems.map((x) => `- [${x.status === "fixed" ? "x" : " "}] ${formatCategory(x.category)} · ${inline(x.reason)} — owner ${x.owner}, due ${x.dueDate} (${x.status.replace("_", " ")})`)
      : ["- none yet: create fix items from the incident page"]),
    "",
    "## What went well, what did not",
    "",
    "_Detection, response, communication._",
    "",
  ];
  return lines.join("\n");
}
