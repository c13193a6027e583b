import "server-only";
// An incident's postmortem (issue 18): the saved one (draft or published) and the draft Keel
// generates from the timeline and the numbers (docs/incidents.md).
import type { Db } from "../db/handle";
import type { z } from "zod";
import type { postmortemResponse } from "@/lib/shared/api/incident-response";
import { buildPostmortemDraft } from "@/lib/shared/incident-postmortem";
import { contributingFailureReasons, firstAffectedRunAt, getIncidentImpact, incidentFixItems } from "./incident-impact";
import { getIncidentTimeline } from "./incident-response";

export type Postmortem = z.infer<typeof postmortemResponse>;

/** The generated draft, or null when there is no such incident. */
export async function generatePostmortemDraft(db: Db, projectId: string, number: number, now: Date): Promise<string | null> {
  const t = await getIncidentTimeline(db, projectId, number, now);
  if (!t) return null;
  const i = t.incident;
  const impact = await getIncidentImpact(db, projectId, i, now);
  const [reasons, first, fixItems] = await Promise.all([
    contributingFailureReasons(db, projectId, i, impact),
    firstAffectedRunAt(db, projectId, i),
    incidentFixItems(db, projectId, i, now),
  ]);
  return buildPostmortemDraft({
    incident: {
      number: i.number,
      title: i.title,
      severity: i.severity,
      status: i.status,
      openedAt: i.openedAt.toISOString(),
      mitigatedAt: i.mitigatedAt?.toISOString() ?? null,
      resolvedAt: i.resolvedAt?.toISOString() ?? null,
      commander: i.owner,
    },
    impact,
    firstAffectedAt: first?.toISOString() ?? null,
    timeline: t.events,
    reasons,
    fixItems,
  });
}

export async function getPostmortem(db: Db, projectId: string, number: number, now: Date): Promise<Postmortem | null> {
  const generated = await generatePostmortemDraft(db, projectId, number, now);
  if (generated === null) return null;
  const row = await db.prisma.incidentPostmortem.findFirst({
    where: { projectId, incident: { projectId, number } },
    select: {
      body: true,
      status: true,
      updatedAt: true,
      publishedAt: true,
      updatedBy: { select: { email: true, name: true } },
      publishedBy: { select: { email: true, name: true } },
    },
  });
  return {
    number,
    status: row?.status === "published" ? "published" : "draft",
    saved: row !== null,
    body: row?.body ?? generated,
    generated,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy: row?.updatedBy ?? null,
    publishedAt: row?.publishedAt?.toISOString() ?? null,
    publishedBy: row?.publishedBy ?? null,
  };
}
