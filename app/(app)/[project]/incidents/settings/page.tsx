import type { Metadata } from "next";
import Link from "next/link";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { can } from "@/lib/shared/permissions";
import { PageHeader } from "@/components/ui";
import { ResponseSettings } from "@/components/incidents/response-settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Severity tiers and update templates" };

export default async function IncidentSettingsPage({ params }: { params: Promise<{ project: string }> }) {
  const { project, role } = await requireProjectPage((await params).project, "incidents:read");
  return (
    <>
      <PageHeader
        title="Severity tiers and update templates"
        description={
          <Link href={`/${project.slug}/incidents`} className="text-accent-700 hover:underline">
            ← Incidents
          </Link>
        }
      />
      <ResponseSettings slug={project.slug} canEdit={can(role, "incident-settings:write")} />
    </>
  );
}
