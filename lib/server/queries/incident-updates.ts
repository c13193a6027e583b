import "server-only";
// A stakeholder update rendered from the project's template for an audience (issue 18): the
// placeholders filled from the incident, its impact numbers and its tier's update cadence.
import type { Db } from "../db/handle";
import { markdownToPlainText, renderTemplate, type Audience, type Placeholder } from "@/lib/shared/incident-response";
import { formatCategory, formatCount, formatDateTime, formatRate } from "@/lib/shared/format";
import { getIncidentImpact, type IncidentImpact } from "./incident-impact";
import { getIncidentCore, getSeverityTiers, getUpdateTemplates, type IncidentCore } from "./incident-response";

export interface RenderedUpdate {
  audience: Audience;
  markdown: string;
  text: string;
  nextUpdateAt: string | null;
  impact: IncidentImpact;
}

const utc = (d: Date | string) => `${formatDateTime(d, { timeZone: "UTC" })} UTC`;

export function placeholderValues(
  incident: IncidentCore,
  impact: IncidentImpact,
  tier: { description: string },
  nextUpdateAt: Date | null,
): Record<Placeholder, string> {
  const c = impact.current;
  const p = impact.previous;
  return {
    incident: `#${incident.number} ${incident.title}`,
    title: incident.title,
    severity: incident.severity,
    severityDescription: tier.description,
    status: incident.status,
    commander: incident.owner ? (incident.owner.name ?? incident.owner.email) : "unassigned",
    openedAt: utc(incident.openedAt),
    window: `${utc(impact.window.from)} → ${incident.resolvedAt ? utc(impact.window.to) : "now"}`,
    failure: impact.failure ? `${formatCategory(impact.failure.category)} · ${impact.failure.reason}` : "—",
    affectedRuns: formatCount(c.affectedRuns),
    affectedSessions: formatCount(c.affectedSessions),
    affectedRunsBefore: formatCount(p.affectedRuns),
    runs: formatCount(c.runs),
    runsBefore: formatCount(p.runs),
    successRate: formatRate(c.successRate),
    successRateBefore: formatRate(p.successRate),
    escalationRate: formatRate(c.escalationRate),
    escalationRateBefore: formatRate(p.escalationRate),
    nextUpdateAt: nextUpdateAt ? utc(nextUpdateAt) : "no further updates scheduled",
  };
}

/**
 * The update for `audience` as it would be sent at `now`: the next one is then due `updateEvery`
 * after now (none once resolved or for a tier without a cadence). Null: no such incident.
 */
export async function renderStakeholderUpdate(db: Db, projectId: string, number: number, audience: Audience, now: Date): Promise<RenderedUpdate | null> {
  const incident = await getIncidentCore(db, projectId, number);
  if (!incident) return null;
  const [impact, { tiers }, { templates }] = await Promise.all([
    getIncidentImpact(db, projectId, incident, now),
    getSeverityTiers(db, projectId),
    getUpdateTemplates(db, projectId),
  ]);
  const tier = tiers[incident.severity];
  const next = incident.resolvedAt || tier.updateEveryMinutes === null ? null : new Date(now.getTime() + tier.updateEveryMinutes * 60_000);
  const markdown = renderTemplate(templates[audience], placeholderValues(incident, impact, tier, next));
  return { audience, markdown, text: markdownToPlainText(markdown), nextUpdateAt: next?.toISOString() ?? null, impact };
}
