import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { listKnownWorkflows } from "@/lib/server/queries/budgets";
import { PageHeader } from "@/components/ui";
import { GuardrailsSettings } from "@/components/settings/guardrails-settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Guardrail settings" };

// Every member reads the detector settings and budgets (they explain a run's detections and
// breaches); owners and admins change them. The admin-only Settings page shows the same section.
export default async function GuardrailSettingsPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await requireProjectPage((await params).project, "dashboards:read");
  const knownWorkflows = await listKnownWorkflows(await getDatabase(), project.id);
  return (
    <>
      <PageHeader title="Guardrail settings" description="Detector thresholds, side-effecting tools and workflow budgets. Every change is audited." />
      <GuardrailsSettings knownWorkflows={knownWorkflows} heading={false} />
    </>
  );
}
