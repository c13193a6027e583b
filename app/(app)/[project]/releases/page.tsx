import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { PageHeader } from "@/components/ui";
import { ReleasesTable } from "@/components/releases/releases-table";
import { GateSettingsPanel } from "@/components/releases/gate-settings-panel";
import { GatesExplainer } from "@/components/releases/gates-explainer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Releases" };

export default async function ReleasesPage({ params }: { params: Promise<{ project: string }> }) {
  await requireProjectPage((await params).project, "releases:read");
  return (
    <>
      <PageHeader
        title="Releases"
        description="Promote only when the gates hold: gold set, critical policy violations, run p95 and the canary vs production."
      />
      <ReleasesTable />
      <div className="mt-4 grid grid-cols-1 gap-4 xl:grid-cols-2">
        <GateSettingsPanel />
        <GatesExplainer />
      </div>
    </>
  );
}
