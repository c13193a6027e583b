import type { Metadata } from "next";
import { Suspense } from "react";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { PageHeader } from "@/components/ui";
import { MetricsFilterBar, WindowCaption } from "@/components/metrics/filters";
import { MetricsScope } from "@/components/metrics/scope";
import { FailuresPanel } from "@/components/metrics/failures/failures-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Failures" };

export default async function FailuresPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await requireProjectPage((await params).project, "dashboards:read");
  return (
    <Suspense>
      <MetricsScope slug={project.slug}>
        <PageHeader title="Failures" description={<WindowCaption prefix="Why runs fail" />} actions={<MetricsFilterBar />} />
        <FailuresPanel />
      </MetricsScope>
    </Suspense>
  );
}
