import type { Metadata } from "next";
import { Suspense } from "react";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { PageHeader } from "@/components/ui";
import { MetricsFilterBar, WindowCaption } from "@/components/metrics/filters";
import { MetricsScope } from "@/components/metrics/scope";
import { OverviewPanel } from "@/components/metrics/overview/overview-panel";
import { FirstRunGuide } from "@/components/projects/first-run-guide";
import { getDatabase } from "@/lib/server/db";
import { projectHasRuns } from "@/lib/server/queries/projects";
import { can } from "@/lib/shared/permissions";
import { getProgramHealth } from "@/lib/server/queries/program-health";
import { ProgramHealthCard } from "@/components/governance/program-health";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ project: string }> }) {
  const { project, role } = await requireProjectPage((await params).project, "dashboards:read");
  // A project that never received a run shows how to send the first one, not empty charts.
  if (!(await projectHasRuns(await getDatabase(), project.id))) {
    return (
      <>
        <PageHeader title="Overview" />
        <FirstRunGuide slug={project.slug} canManageKeys={can(role, "api-keys:manage")} />
      </>
    );
  }
  const health = await getProgramHealth(await getDatabase(), project.id);
  return (
    <Suspense>
      <MetricsScope slug={project.slug}>
        <PageHeader title="Overview" description={<WindowCaption prefix="Compared with the window before" />} actions={<MetricsFilterBar />} />
        <ProgramHealthCard slug={project.slug} {...health} canReadIncidents={can(role, "incidents:read")} />
        <OverviewPanel />
      </MetricsScope>
    </Suspense>
  );
}
