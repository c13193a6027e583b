import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { getIncident, withoutRunData } from "@/lib/server/queries/incidents";
import { can } from "@/lib/shared/permissions";
import { PageHeader, SeverityBadge } from "@/components/ui";
import { EscBack } from "@/components/traces/esc-back";
import { IncidentDetailPanel } from "@/components/incidents/incident-detail";

export const dynamic = "force-dynamic";

type Params = Promise<{ project: string; number: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Incident #${(await params).number}` };
}

export default async function IncidentPage({ params }: { params: Params }) {
  const p = await params;
  const { project, role } = await requireProjectPage(p.project, "incidents:read");
  if (!/^[1-9][0-9]{0,8}$/.test(p.number)) notFound();
  const db = await getDatabase();
  const found = await getIncident(db, project.id, Number(p.number));
  if (!found) notFound();
  // A viewer reads the incident, not the runs behind it.
  const incident = can(role, "traces:read") ? found : withoutRunData(found);
  return (
    <>
      <EscBack fallback={`/${project.slug}/incidents`} />
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            <SeverityBadge severity={incident.severity} /> #{incident.number} {incident.title}
          </span>
        }
        description={
          <Link href={`/${project.slug}/incidents`} className="text-accent-700 hover:underline">
            ← Incidents
          </Link>
        }
      />
      <IncidentDetailPanel slug={project.slug} initial={incident} canWrite={can(role, "incidents:write")} />
    </>
  );
}
