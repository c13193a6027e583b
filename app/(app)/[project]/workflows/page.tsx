import type { Metadata } from "next";
import { Suspense } from "react";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { PageHeader } from "@/components/ui";
import { MetricsFilterBar, WindowCaption } from "@/components/metrics/filters";
import { MetricsScope } from "@/components/metrics/scope";
import { QualityPanel } from "@/components/metrics/quality/quality-panel";
import { WorkflowsPanel } from "@/components/metrics/workflows/workflows-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await requireProjectPage((await params).project, "dashboards:read");
  return (
    <Suspense>
      <MetricsScope slug={project.slug}>
        <PageHeader title="Workflows" description={<WindowCaption prefix="Success, escalation and failure by workflow" />} actions={<MetricsFilterBar />} />
        <WorkflowsPanel />
        <div className="mt-4">
          <QualityPanel />
        </div>
      </MetricsScope>
    </Suspense>
  );
}
