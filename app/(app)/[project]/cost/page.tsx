import type { Metadata } from "next";
import { Suspense } from "react";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { PageHeader } from "@/components/ui";
import { MetricsFilterBar, WindowCaption } from "@/components/metrics/filters";
import { MetricsScope } from "@/components/metrics/scope";
import { CostPanel } from "@/components/metrics/cost/cost-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cost" };

export default async function CostPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await requireProjectPage((await params).project, "dashboards:read");
  return (
    <Suspense>
      <MetricsScope slug={project.slug}>
        <PageHeader title="Cost" description={<WindowCaption prefix="What the agents cost, per outcome" />} actions={<MetricsFilterBar />} />
        <CostPanel />
      </MetricsScope>
    </Suspense>
  );
}
