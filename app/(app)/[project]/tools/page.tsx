import type { Metadata } from "next";
import { Suspense } from "react";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { PageHeader } from "@/components/ui";
import { MetricsFilterBar, WindowCaption } from "@/components/metrics/filters";
import { MetricsScope } from "@/components/metrics/scope";
import { ToolsPanel } from "@/components/metrics/tools/tools-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Tools" };

export default async function ToolsPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await requireProjectPage((await params).project, "dashboards:read");
  return (
    <Suspense>
      <MetricsScope slug={project.slug}>
        <PageHeader title="Tools" description={<WindowCaption prefix="Latency and errors of the tools agents call" />} actions={<MetricsFilterBar />} />
        <ToolsPanel />
      </MetricsScope>
    </Suspense>
  );
}
