import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { getIncidentCore } from "@/lib/server/queries/incident-response";
import { can } from "@/lib/shared/permissions";
import { PageHeader, SeverityBadge } from "@/components/ui";
import { PostmortemEditor } from "@/components/incidents/postmortem-editor";

export const dynamic = "force-dynamic";

type Params = Promise<{ project: string; number: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Postmortem #${(await params).number}` };
}

export default async function PostmortemPage({ params }: { params: Params }) {
  const p = await params;
  const { project, role, user } = await requireProjectPage(p.project, "incidents:read");
  if (!/^[1-9][0-9]{0,8}$/.test(p.number)) notFound();
  const db = await getDatabase();
  const incident = await getIncidentCore(db, project.id, Number(p.number));
  if (!incident) notFound();
  // The commander edits the draft, and so may an owner or admin, who publishes it.
  const canPublish = can(role, "incidents:publish");
  const canEdit = can(role, "incidents:write") && (canPublish || incident.owner?.email === user.email);
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            <SeverityBadge severity={incident.severity} /> Postmortem #{incident.number} {incident.title}
          </span>
        }
        description={
          <Link href={`/${project.slug}/incidents/${incident.number}`} className="text-accent-700 hover:underline">
            ← Incident #{incident.number}
          </Link>
        }
      />
      <PostmortemEditor slug={project.slug} number={incident.number} canEdit={canEdit} canPublish={canPublish} />
    </>
  );
}
