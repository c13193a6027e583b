import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { listUnhandledCriticalViolations } from "@/lib/server/queries/incidents";
import { can } from "@/lib/shared/permissions";
import Link from "next/link";
import { buttonClass, PageHeader } from "@/components/ui";
import { AttentionList } from "@/components/incidents/attention-list";
import { IncidentsList } from "@/components/incidents/incidents-list";
import { OpenIncidentButton } from "@/components/incidents/open-incident";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incidents" };

const WEEK_MS = 7 * 24 * 3600 * 1000;

export default async function IncidentsPage({ params }: { params: Promise<{ project: string }> }) {
  const { project, role } = await requireProjectPage((await params).project, "incidents:read");
  const db = await getDatabase();
  // The runs behind an incident are trace data: a viewer reads incidents, not runs.
  const attention = can(role, "traces:read") ? await listUnhandledCriticalViolations(db, project.id, new Date(Date.now() - WEEK_MS)) : [];
  const canWrite = can(role, "incidents:write");
  return (
    <>
      <PageHeader
        title="Incidents"
        description="Open → mitigated → resolved. The overview's incident rate counts incidents opened in its window."
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href={`/${project.slug}/incidents/settings`} className={buttonClass("ghost", "md")}>
              Severity tiers and templates
            </Link>
            {canWrite && <OpenIncidentButton slug={project.slug} defaultTitle="" label="New incident" />}
          </div>
        }
      />
      <div className="space-y-4">
        <AttentionList slug={project.slug} runs={attention} canWrite={canWrite} />
        <IncidentsList slug={project.slug} />
      </div>
    </>
  );
}
