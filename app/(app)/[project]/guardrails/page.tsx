import type { Metadata } from "next";
import { Suspense } from "react";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { PageHeader } from "@/components/ui";
import { MetricsFilterBar, WindowCaption } from "@/components/metrics/filters";
import { MetricsScope } from "@/components/metrics/scope";
import { GuardrailsPanel } from "@/components/guardrails/guardrails-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Guardrails" };

export default async function GuardrailsPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await requireProjectPage((await params).project, "dashboards:read");
  return (
    <Suspense>
      <MetricsScope slug={project.slug}>
        <PageHeader
          title="Guardrails"
          description={<WindowCaption prefix="Budget breaches, blocked actions, retry storms, loops and duplicate side effects" />}
          actions={<MetricsFilterBar />}
        />
        <GuardrailsPanel />
      </MetricsScope>
    </Suspense>
  );
}
