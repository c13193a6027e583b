import type { Metadata } from "next";
import { Suspense } from "react";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { PageHeader } from "@/components/ui";
import { MetricsFilterBar, WindowCaption } from "@/components/metrics/filters";
import { MetricsScope } from "@/components/metrics/scope";
import { OverviewPanel } from "@/components/metrics/overview/overview-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await requireProjectPage((await params).project, "dashboards:read");
  return (
    <Suspense>
      <MetricsScope slug={project.slug}>
        <PageHeader title="Overview" description={<WindowCaption prefix="Compared with the window before" />} actions={<MetricsFilterBar />} />
        <OverviewPanel />
      </MetricsScope>
    </Suspense>
  );
}
